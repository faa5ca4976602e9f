"""Why a checkbox does not apply: dismissed with the reason (one is required), or None."""

from __future__ import annotations

from hotfix_tui.core.model.events import MAX_REASON
from hotfix_tui.tui.commands import REASON_COMMANDS, bindings
from hotfix_tui.tui.screens.one_line import OneLineQuestion


class ReasonScreen(OneLineQuestion):
    BINDINGS = bindings(REASON_COMMANDS)
    TITLE_TEXT = "Not applicable"
    KIND = "reason"
    PLACEHOLDER = "a short reason, shown in the PR body"
    HINT = "Enter marks it N/A · Esc cancels"
    MAX_LENGTH = MAX_REASON
    ANSWER_ID = "reason"

    def __init__(self, label: str, reason: str = "", count: int = 1) -> None:
        # More than one: the open boxes of a group, marked with the one reason.
        super().__init__(f"Why do the {count} open boxes of “{label}” not apply?" if count > 1
                         else f"Why does “{label}” not apply?", reason)

    def problem(self, answer: str) -> str | None:
        return None if answer else "A reason is required."
