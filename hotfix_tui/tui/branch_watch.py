"""Saving follows the branch the app opened on: a session file belongs to a branch, and
writing it while another one is checked out would put it on that branch (and then block
the checkout back)."""

from __future__ import annotations

from collections.abc import Callable

from hotfix_tui.tui.autosave import Autosave
from hotfix_tui.tui.notices import Notices

# Long enough to stay up while the user is on the other branch; replaced on return.
AWAY_NOTICE = 3600


class BranchWatch:
    def __init__(self, read_branch: Callable[[], str | None], autosave: Autosave,
                 notices: Notices) -> None:
        self._read_branch = read_branch
        self._autosave = autosave
        self._notices = notices
        self.opened_on = read_branch()
        # The branch checked out instead, while it is; None while on the session's own.
        self.away: str | None = None

    @property
    def is_away(self) -> bool:
        return self.away is not None

    def check(self) -> None:
        """Pause saving when the checkout left the session's branch; resume on return."""
        if self.opened_on is None:  # opened on a detached HEAD with --session: no branch
            return
        now = self._read_branch() or "a detached HEAD"
        if now == self.opened_on:
            if self.away is not None:
                self.away = None
                self._autosave.resume()
                self._notices.show("branch", f"Back on {self.opened_on}: saving again.",
                                   title="Branch", timeout=5)
        elif now != self.away:
            self.away = now
            self._autosave.stop()
            self._notices.show("branch", self.away_message(), title="Branch changed",
                               severity="warning", timeout=AWAY_NOTICE)

    def away_message(self) -> str:
        return (f"The checkout is now on {self.away}, but this session belongs to "
                f"{self.opened_on}. Saving is paused and your changes are kept: "
                f"git checkout {self.opened_on} to go on.")
