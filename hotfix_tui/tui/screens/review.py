"""Review: what is left (required items, stale ticks, missing approvals, optional boxes),
each a jump away, the PR body as it will be exported, and export.

It opens at the speed of a section switch: the list holds at most LISTED entries of each
kind, the body is a text view that paints only the lines in sight (a Markdown widget laid
out the whole body on every open: seconds)."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from hotfix_tui.core.left import KINDS, Left, LeftKind, what_is_left
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.checklist import Item
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.tui.commands import REVIEW_COMMANDS, bindings
from hotfix_tui.tui.messages import Reconfirmed
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.footer import KeyFooter
from hotfix_tui.tui.widgets.marks import OPEN, STALE
from hotfix_tui.tui.widgets.text_view import TextView

HEADINGS: dict[LeftKind, str] = {
    "required": "Required, not done",
    "stale": "Ticked before the newest commit: check again",
    "approval": "Approvals still missing",
    "optional": "Optional, still open",
}
# Entries listed of each kind: a checklist of thousands of items lists the first ones (the
# heading counts them all), and the list still opens at once.
LISTED = 100
MARK: dict[LeftKind, str] = {"required": f"[{OPEN}]", "stale": f"[{STALE}]",
                             "approval": f"[{OPEN}]", "optional": f"[{OPEN}]"}


class ReviewScreen(Screen[Left | None]):
    """Dismissed with the entry to jump to, or None."""

    CSS_PATH = "review.tcss"
    BINDINGS = bindings(REVIEW_COMMANDS)
    # Side by side only where both have room; else what is left on top.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    def __init__(self, session: Session, stale: Sequence[Item] = ()) -> None:
        super().__init__()
        self.session = session
        self.left = what_is_left(session, stale)
        self.reconfirmed: set[int] = set()  # entries re-confirmed here, off the list

    def compose(self) -> ComposeResult:
        with Vertical(id="review-body"):
            with Vertical(id="review-side"):
                yield Static(self._summary(), id="left-title")
                if self.left:
                    yield OptionList(*self._options(), id="left")
                orphans = self.session.orphans()
                if orphans:
                    yield Static(self._orphans_text(orphans), id="orphans")
                yield Static("Export with ctrl+e.", id="export-result")
            preview = TextView(shown(pr_body(self.session), lines=True), id="preview")
            preview.border_title = "PR body preview"
            yield preview
        yield KeyFooter()

    def _summary(self) -> Content:
        left = [entry for index, entry in enumerate(self.left) if index not in self.reconfirmed]
        counts = {kind: sum(entry.kind == kind for entry in left) for kind in KINDS}
        blocking = counts["required"] + counts["stale"] + counts["approval"]
        if not left:
            return Content.from_markup("[$success]Nothing left: every item and approval is done.[/]")
        head = ("[b]$blocking blocking the merge[/]" if blocking
                else "[$success]All required items and approvals are done.[/]")
        return Content.from_markup(head + " · $optional optional · Enter jumps there",
                                   blocking=str(blocking), optional=str(counts["optional"]))

    def _options(self) -> list[Option]:
        found: list[Option] = []
        for kind in KINDS:
            entries = [(index, entry) for index, entry in enumerate(self.left)
                       if entry.kind == kind]
            if not entries:
                continue
            found.append(Option(Content.from_markup("[b]$title ($count)[/]", title=HEADINGS[kind],
                                                    count=str(len(entries))),
                                disabled=True))
            for index, entry in entries[:LISTED]:
                where = self.session.checklist.section(entry.section_id).title
                found.append(Option(Content.assemble(
                    f"{MARK[kind]} ", plain(entry.label, lines=False),
                    (f" · {shown(where, lines=False)}", "dim")), id=str(index)))
            if len(entries) > LISTED:
                found.append(Option(Content(f"    … and {len(entries) - LISTED} more"),
                                    disabled=True))
        return found

    def _orphans_text(self, orphans: dict[str, str]) -> Content:
        lines = [Content.from_markup("[b]$count orphaned value(s)[/] - kept in the session file:",
                                     count=str(len(orphans)))]
        for item_id, reason in orphans.items():
            value = self.session.states[item_id].value
            text = ", ".join(value) if isinstance(value, tuple) else str(value)
            lines.append(plain(f"  {item_id}: {text[:60]} ", lines=False)
                         + plain(f"({reason})", lines=False).stylize("dim"))
        return Content("\n").join(lines)

    def on_mount(self) -> None:
        found = self.query("#left")
        if found:
            left = found.first(OptionList)
            left.focus()
            left.highlighted = 1  # the first entry, under its heading
        else:
            self.query_one("#preview").focus()

    def show_export(self, path: str, notes: str) -> None:
        self.query_one("#export-result", Static).update(Content.from_markup(
            "Wrote [b]$path[/]\n$notes\nOpen the PR with:\n"
            "[$text-accent]gh pr create --body-file $path[/]", path=shown(path), notes=shown(notes)))

    def _highlighted(self) -> Left | None:
        found = self.query("#left")
        option = found.first(OptionList).highlighted_option if found else None
        return self.left[int(option.id)] if option is not None and option.id else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reconfirm":
            entry = self._highlighted()
            return True if entry is not None and entry.kind == "stale" else None
        return True

    def action_reconfirm(self) -> None:
        """The highlighted stale tick, checked again: ticked anew, off the list. A box
        whose check runs is re-confirmed by running it, on its screen."""
        entry = self._highlighted()
        if entry is None or entry.kind != "stale":
            self.notify("Highlight a stale tick ([!]) to re-confirm it.", severity="warning")
            return
        if self.session.checklist.item(entry.id).has_check:
            self.notify("Its check vouches for it: Enter goes there, r runs it.", timeout=5)
            return
        self.post_message(Reconfirmed(entry.id))
        index = self.left.index(entry)
        self.reconfirmed.add(index)
        self.query_one("#left", OptionList).remove_option(str(index))
        self.query_one("#left-title", Static).update(self._summary())

    @on(OptionList.OptionSelected, "#left")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.left[int(event.option.id)])

    def action_back(self) -> None:
        self.dismiss(None)
