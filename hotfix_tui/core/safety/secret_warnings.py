"""Text that looks like a secret, met while recording: warned of once per place and kind
(the session file is meant to be committed), and refused where it would leave the clone
(commit, export, a PR push) unless the user says otherwise."""

from __future__ import annotations

from collections.abc import Callable

from hotfix_tui.core.errors import SecretError
from hotfix_tui.core.model.session import Session


class SecretWarnings:
    def __init__(self, warn: Callable[[str], None]) -> None:
        # How the door shows a warning: the CLI prints it, the app shows a notice.
        self._warn = warn
        self._warned: set[tuple[str, str]] = set()

    def of_item(self, session: Session, item_id: str, what: str) -> None:
        """Warn when an item's value or N/A reason (`what`) looks like a secret."""
        from hotfix_tui.core.safety.secrets import in_session  # loaded when text is written

        state = session.states.get(item_id)
        one = session._replace(states={item_id: state} if state else {}, events=())
        for finding in in_session(one, log=False):
            self.once(finding.kind, f"{what} for {item_id}")

    def of_text(self, text: str, where: str) -> None:
        from hotfix_tui.core.safety.secrets import findings

        for finding in findings(text):
            self.once(finding.kind, where)

    def once(self, kind: str, where: str) -> None:
        if (where, kind) not in self._warned:
            self._warned.add((where, kind))
            self._warn(f"{where} looks like {kind}; it is saved in the session, which is meant "
                       "to be committed (commit and export refuse it without --allow-secret)")

    @staticmethod
    def refuse(session: Session, doing: str, log: bool = True) -> None:
        """Refuse (SecretError) to go on `doing` ("committing") while the session holds text
        that looks like a secret; the message names where and what kind, never the text."""
        from hotfix_tui.core.safety.secrets import in_session

        found = in_session(session, log)
        if found:
            more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
            raise SecretError(f"not {doing}: {found[0].where} looks like it holds "
                              f"{found[0].kind}{more}; remove it, or use --allow-secret")
