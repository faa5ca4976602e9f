"""Review: the PR body as it will be exported, what is still missing, and export."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Markdown, OptionList, Static
from textual.widgets.option_list import Option

from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.tui.commands import REVIEW_COMMANDS, bindings
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.footer import KeyFooter


class ReviewScreen(Screen[str | None]):
    """Dismissed with the id of an unmet item to jump to, or None."""

    CSS_PATH = "review.tcss"
    BINDINGS = bindings(REVIEW_COMMANDS)
    # In a narrow terminal the missing items go under the preview rather than beside it.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        unmet = self.session.unmet_required()
        with Horizontal(id="review-body"):
            with VerticalScroll(id="preview") as preview:
                preview.border_title = "PR body preview"
                # Markdown, never Textual markup; what would act on the terminal shown escaped.
                yield Markdown(shown(pr_body(self.session), lines=True), id="body")
            with Vertical(id="review-side"):
                if unmet:
                    yield Static(f"[b]{len(unmet)} required item(s) missing[/] - Enter jumps there",
                                 id="unmet-title")
                    yield OptionList(
                        *(Option(plain(f"{item.label} ({self._section_title(item.section_id)})"),
                                 id=item.id) for item in unmet),
                        id="unmet",
                    )
                else:
                    yield Static("[$success]All required items are done.[/]", id="unmet-title")
                orphans = self.session.orphans()
                if orphans:
                    yield Static(self._orphans_text(orphans), id="orphans")
                yield Static("Export with ctrl+e.", id="export-result")
        yield KeyFooter()

    def _orphans_text(self, orphans: dict[str, str]) -> Content:
        lines = [Content.from_markup("[b]$count orphaned value(s)[/] - kept in the session file:",
                                     count=str(len(orphans)))]
        for item_id, reason in orphans.items():
            value = self.session.states[item_id].value
            text = ", ".join(value) if isinstance(value, tuple) else str(value)
            lines.append(plain(f"  {item_id}: {text[:60]} ", lines=False)
                         + plain(f"({reason})", lines=False).stylize("dim"))
        return Content("\n").join(lines)

    def _section_title(self, section_id: str) -> str:
        return self.session.checklist.section(section_id).title

    def on_mount(self) -> None:
        unmet = self.query("#unmet")
        (unmet.first() if unmet else self.query_one("#preview")).focus()

    def show_export(self, path: str, notes: str) -> None:
        self.query_one("#export-result", Static).update(Content.from_markup(
            "Wrote [b]$path[/]\n$notes\nOpen the PR with:\n"
            "[$text-accent]gh pr create --body-file $path[/]", path=shown(path), notes=shown(notes)))

    @on(OptionList.OptionSelected, "#unmet")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_back(self) -> None:
        self.dismiss(None)
