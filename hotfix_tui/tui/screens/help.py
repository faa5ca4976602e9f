"""Help: every key of the screen it was opened from (read from that screen's active
bindings, so it is never out of date), what the marks mean, and the focused item's id."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from hotfix_tui.tui.commands import HELP_COMMANDS, bindings
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.footer import KeyFooter
from hotfix_tui.tui.widgets.marks import MARKS


class HelpScreen(Screen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = bindings(HELP_COMMANDS)

    def __init__(self, keys: dict[str, ActiveBinding], focused_item: str | None = None) -> None:
        super().__init__()
        self.keys = keys
        self.focused_item = focused_item

    @classmethod
    def of(cls, screen: Screen[object]) -> HelpScreen:
        """Help for `screen` as it is now: its keys, the item in focus on the checklist."""
        from hotfix_tui.tui.screens.main import MainScreen

        field = screen.focused_field() if isinstance(screen, MainScreen) else None
        return cls(screen.active_bindings, field.item.id if field is not None else None)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as help_view:
            help_view.border_title = "Help"
            yield Static("Keys here", classes="help-heading")
            for keys, description, enabled in self.rows():
                with Horizontal(classes="key-row" if enabled else "key-row -disabled"):
                    yield Static(keys, classes="keys", markup=False)
                    yield Static(plain(description, lines=False), classes="what")
            yield Static("Marks", classes="help-heading")
            for mark, meaning in MARKS:
                with Horizontal(classes="key-row"):
                    yield Static(mark, classes="keys", markup=False)
                    yield Static(meaning, classes="what", markup=False)
            yield Static("Focused item", classes="help-heading")
            yield Static(self._item_text(), id="focused-item")
        yield KeyFooter()

    def rows(self) -> list[tuple[str, str, bool]]:
        """The keys, those of one action together: the screen's and the app's first, then
        the focused widget's (moving, scrolling)."""
        by_action: dict[tuple[object, str], tuple[list[str], str, bool]] = {}
        for active in self.keys.values():
            binding = active.binding
            if binding.action in ("app.help", "help"):
                continue
            description = active.tooltip or binding.tooltip or binding.description
            if not description:
                continue
            row = by_action.setdefault((active.node, binding.action),
                                       ([], description, active.enabled))
            shown = self.app.get_key_display(binding)
            if shown not in row[0]:
                row[0].append(shown)
        own = (self.app, *self.app.screen_stack)
        ordered = sorted(by_action.items(), key=lambda entry: entry[0][0] not in own)
        found = [(" ".join(keys), description, enabled)
                 for _, (keys, description, enabled) in ordered]
        found.append(("? F1", "this help (Esc closes it)", True))
        return found

    def _item_text(self) -> Content:
        if self.focused_item is None:
            return Content("No item has focus.")
        return Content.assemble(plain(self.focused_item, lines=False),
                                ("  (c copies it, for the CLI: hotfix set ID ...)", "dim"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.focused_item is not None if action == "copy_id" else True

    def action_copy_id(self) -> None:
        if self.focused_item is None:
            self.notify("No item has focus.", severity="warning")
            return
        self.app.copy_to_clipboard(self.focused_item)
        self.notify(f"Copied the item id {self.focused_item}.", markup=False, timeout=3)

    def action_close(self) -> None:
        self.dismiss(None)
