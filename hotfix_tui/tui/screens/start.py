"""Start: choose a session to resume or a checklist to start one with."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.footer import KeyFooter


@dataclass(frozen=True)
class StartChoice:
    """`resume` a session by name, or `start` the new session with a checklist."""

    action: str
    target: str
    description: str


class StartScreen(Screen[StartChoice]):
    CSS_PATH = "start.tcss"

    def __init__(self, new_session: str, choices: list[StartChoice]) -> None:
        super().__init__()
        self.new_session = new_session
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="start"):
            yield Static(Content.from_markup(
                "[b]hotfix[/] - pick a session to resume, or a checklist to start [b]$name[/] "
                "with", name=shown(self.new_session)), id="start-title")
            yield OptionList(
                *(Option(plain(c.description), id=str(i)) for i, c in enumerate(self.choices)),
                id="choices",
            )
        yield KeyFooter()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[int(event.option.id or 0)])
