"""The app's part that reads git off the UI thread: the pre-fill of a new session and
`ctrl+g` refresh (applied to the newest session, so what was typed meanwhile stays), the
stale ticks, and who changes are recorded as (git's user.name, read once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.tui.editing import EditingApp

if TYPE_CHECKING:
    from hotfix_tui.core.git.snapshot import RepoSnapshot


class GitReadingApp(EditingApp):
    # Who this app records changes as, once read (by the first read of git).
    me: str | None = None

    def know_who_i_am(self, me: str) -> None:
        self.me = me

    def action_refresh(self) -> None:
        self.read_git(refresh=True)

    @work(thread=True, exclusive=True, group="git", exit_on_error=False)
    def read_git(self, refresh: bool, announce: bool = True) -> None:
        """Read git in a thread: the screen stays responsive while GitPython works. The
        first read also learns who changes are recorded as (git's user.name loads
        GitPython): here, not on the UI thread by the first key press."""
        session = self.session
        if session is None:
            return
        me = self.workspace.author  # never fails: falls back to the login name
        if self.me is None:
            self.call_from_thread(self.know_who_i_am, me)
        try:
            snapshot = self.workspace.snapshot(session) if refresh else None
            stale = {item.id for item in self.workspace.stale_items(session)}
        except HotfixError as exc:
            self.call_from_thread(self.notify, str(exc), title="Git", severity="error")
            return
        self.call_from_thread(self._git_read, snapshot, stale, refresh, announce)

    def _git_read(self, snapshot: RepoSnapshot | None, stale: set[str], refresh: bool,
                  announce: bool) -> None:
        if self.session is None:
            return
        if refresh:
            # Applied to the newest session: what was typed meanwhile stays.
            result = self.workspace.prefill_with(self.session, snapshot)
            if result.session != self.session:
                self._record(result.session)
                if self.main_screen is not None:
                    self.main_screen.show_values(self.session)
            labels = [self.session.checklist.item(i).label for i in result.updated]
            kept = [self.session.checklist.item(i).label for i in result.kept]
            message = f"Filled in: {', '.join(labels)}" if labels else "Nothing new from git."
            if kept:
                message += f"\nKept what you typed in: {', '.join(kept)}"
            if result.held:
                message += "\n" + result.held_note()
            if announce or result.held:
                self.notify(message, title="Refreshed from git")
        if self.main_screen is not None:
            self.main_screen.show_stale(stale)
