"""Asking once before a check's command first runs in this clone: the exact command
text, shown as it is; dismissed with True (approve and run) or False."""

from __future__ import annotations

from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from hotfix_tui.tui.commands import TRUST_COMMANDS, bindings
from hotfix_tui.tui.text import plain


class AskedCommand(NamedTuple):
    label: str  # the box's label
    command: str
    changed: bool  # an earlier command of the box was approved, not this one


class TrustScreen(ModalScreen[bool]):
    CSS_PATH = "trust.tcss"
    BINDINGS = bindings(TRUST_COMMANDS)

    def __init__(self, asked: list[AskedCommand]) -> None:
        super().__init__()
        self.asked = asked

    def compose(self) -> ComposeResult:
        with Vertical(id="trust-dialog") as dialog:
            dialog.border_title = "Run a command from the repo?"
            yield Static("These commands come from the repo's checklist and .hotfix/config.toml, "
                         "which anyone who can push may change. Read them: once approved, "
                         "each runs here until its text changes.", id="trust-intro")
            with VerticalScroll(id="trust-commands", can_focus=False):
                for asked in self.asked:
                    why = " (changed since you approved it)" if asked.changed else ""
                    yield Static(plain(f"{asked.label}{why}:"), classes="trust-label")
                    yield Static(plain(asked.command), classes="trust-command")
            yield Static("Tab to Approve and run, then Enter. Esc cancels.", id="trust-hint")
            with Horizontal(id="trust-buttons"):
                yield Button("Approve and run", variant="warning", id="trust-approve")
                yield Button("Cancel", id="trust-cancel")

    def on_mount(self) -> None:
        self.query_one("#trust-cancel", Button).focus()

    @on(Button.Pressed, "#trust-approve")
    def _approved(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#trust-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
