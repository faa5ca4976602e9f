"""Who gave an approval: the person at the keyboard unless they say otherwise (at 3 a.m.
approvals come by phone). Dismissed with the name, or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from hotfix_tui.core.model.events import MAX_NAME, is_name
from hotfix_tui.tui.commands import APPROVAL_COMMANDS, bindings
from hotfix_tui.tui.text import plain


class ApprovalScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    ApprovalScreen {
        align: center middle;
        #approval-dialog {
            width: 64;
            max-width: 90%;
            height: auto;
            border: round $success;
            border-title-color: $success;
            background: $surface;
            padding: 0 1;
        }
        #approval-question { margin: 0 0 1 0; }
        #approval-hint { color: $text-muted; }
        #approval-error { color: $error; height: auto; }
    }
    """
    BINDINGS = bindings(APPROVAL_COMMANDS)

    def __init__(self, what: str, default_name: str) -> None:
        super().__init__()
        self.what = what
        self.default_name = default_name

    def compose(self) -> ComposeResult:
        with Vertical(id="approval-dialog") as dialog:
            dialog.border_title = "Approval"
            yield Label(plain(f"{self.what}: approved by"), id="approval-question")
            yield Input(self.default_name, placeholder="who approved",
                        max_length=MAX_NAME, id="approved-by")
            yield Static("", id="approval-error")
            yield Static("Enter records it · Esc cancels", id="approval-hint")

    @on(Input.Submitted, "#approved-by")
    def _submitted(self, event: Input.Submitted) -> None:
        name = " ".join(event.value.split())
        if not is_name(name):
            self.query_one("#approval-error", Static).update(
                "Give who approved: a name of printable text.")
            return
        self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)
