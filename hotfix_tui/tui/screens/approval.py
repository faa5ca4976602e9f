"""Who gave an approval: the person at the keyboard unless they say otherwise (at 3 a.m.
approvals come by phone). Dismissed with the name, or None."""

from __future__ import annotations

from hotfix_tui.core.model.events import MAX_NAME, is_name
from hotfix_tui.tui.commands import APPROVAL_COMMANDS, bindings
from hotfix_tui.tui.screens.one_line import OneLineQuestion


class ApprovalScreen(OneLineQuestion):
    BINDINGS = bindings(APPROVAL_COMMANDS)
    TITLE_TEXT = "Approval"
    KIND = "approval"
    PLACEHOLDER = "who approved"
    HINT = "Enter records it · Esc cancels"
    MAX_LENGTH = MAX_NAME
    ANSWER_ID = "approved-by"

    def __init__(self, what: str, default_name: str) -> None:
        super().__init__(f"{what}: approved by", default_name)

    def problem(self, answer: str) -> str | None:
        return None if is_name(answer) else "Give who approved: a name of printable text."
