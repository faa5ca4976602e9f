"""A small prompt for why a checkbox does not apply: dismissed with the reason, or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from hotfix_tui.core.model.events import MAX_REASON
from hotfix_tui.tui.commands import REASON_COMMANDS, bindings
from hotfix_tui.tui.text import plain


class ReasonScreen(ModalScreen[str | None]):
    """Asks for the reason a box is not applicable; a reason is required."""

    DEFAULT_CSS = """
    ReasonScreen {
        align: center middle;
        #reason-dialog {
            width: 64;
            max-width: 90%;
            height: auto;
            border: round $warning;
            border-title-color: $warning;
            background: $surface;
            padding: 0 1;
        }
        #reason-label { margin: 0 0 1 0; }
        #reason-hint { color: $text-muted; }
        #reason-error { color: $error; height: auto; }
    }
    """
    BINDINGS = bindings(REASON_COMMANDS)

    def __init__(self, label: str, reason: str = "", count: int = 1) -> None:
        super().__init__()
        self.label = label
        self.reason = reason
        # More than one: the open boxes of a group, marked with the one reason.
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-dialog") as dialog:
            dialog.border_title = "Not applicable"
            question = (f"Why do the {self.count} open boxes of “{self.label}” not apply?"
                        if self.count > 1 else f"Why does “{self.label}” not apply?")
            yield Label(plain(question), id="reason-label")
            yield Input(self.reason, placeholder="a short reason, shown in the PR body",
                        max_length=MAX_REASON, id="reason")
            yield Static("", id="reason-error")
            yield Static("Enter marks it N/A · Esc cancels", id="reason-hint")

    @on(Input.Submitted, "#reason")
    def _submitted(self, event: Input.Submitted) -> None:
        reason = " ".join(event.value.split())
        if not reason:
            self.query_one("#reason-error", Static).update("A reason is required.")
            return
        self.dismiss(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
