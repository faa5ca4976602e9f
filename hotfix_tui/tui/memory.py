"""What the app remembers locally of a session (the section last shown, the last handoff
told of), kept through the core in a git-ignored file; losing it only costs a starting
position or a notice told twice."""

from __future__ import annotations

from contextlib import suppress

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.workspace import Workspace


class Memory:
    def __init__(self, workspace: Workspace, session_name: str, resumed: bool) -> None:
        self.workspace = workspace
        self.session_name = session_name
        self.state = workspace.load_ui_state(session_name) if resumed else {}

    def get(self, key: str) -> str | None:
        return self.state.get(key)

    def remember(self, key: str, value: str) -> None:
        self.state[key] = value
        with suppress(HotfixError):
            self.workspace.save_ui_state(self.session_name, self.state)
