"""One checklist section: its items, with subsections as headed groups."""

from __future__ import annotations

import re

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from hotfix_tui.core.model.checklist import Item, Section, TextBlock
from hotfix_tui.core.model.evidence import check_status
from hotfix_tui.core.model.record import item_approval
from hotfix_tui.core.model.session import Session, clock_value
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.check_panel import CheckPanel
from hotfix_tui.tui.widgets.item_field import ItemField
from hotfix_tui.tui.widgets.phase_approvals import PhaseApprovals, hosted_phases

COMMENT = re.compile(r"^\s*<!--\s*(.*?)\s*-->\s*$", re.DOTALL)
BOLD_LABEL = re.compile(r"^\s*\*\*(.+?)\*\*\s*$")


def view_id(section_id: str) -> str:
    return f"section-{section_id}"


def _hint(block: TextBlock) -> Widget | None:
    """Template text worth showing on screen: comments as hints, bold labels as captions."""
    text = block.text.strip()
    if match := COMMENT.match(text):
        return Static(plain(match.group(1)), classes="section-hint")
    if match := BOLD_LABEL.match(text):
        return Static(plain(match.group(1).rstrip(":")), classes="caption")
    return None


class SectionView(VerticalScroll):
    """Built when its section is first shown, then kept."""

    def __init__(self, section: Section, session: Session) -> None:
        super().__init__(id=view_id(section.id), classes="section-view")
        self.section = section
        self.session = session

    def compose(self) -> ComposeResult:
        yield Static(plain(self.section.title), classes="section-title")
        if self.section.help:
            yield Static(plain(self.section.help), classes="section-help")
        yield from self._blocks(self.section)
        for sub in self.section.subsections:
            with Vertical(classes="group") as group:
                group.border_title = plain(sub.title, lines=False)
                yield from self._blocks(sub)
        for phase in hosted_phases(self.session.checklist, self.section):
            yield PhaseApprovals(phase, self.session)

    def on_mount(self) -> None:
        self.show_session(self.session)

    def show_session(self, session: Session) -> None:
        """What the record adds to the fields: N/A reasons, who approved, computed times,
        and the phase approvals. Values typed here are left to their editors."""
        self.session = session
        for field in self.query(ItemField):
            item = field.item
            if item.kind == "check":
                approval = item_approval(session, item)
                field.show_record(session.na_reason(item.id),
                                  approval.describe() if approval is not None else None)
                if item.has_check:
                    for panel in field.query(CheckPanel):
                        panel.show_status(check_status(session, item))
            elif item.clock is not None:
                field.show_computed(clock_value(session, item))
        for approvals in self.query(PhaseApprovals):
            approvals.show(session)

    def _blocks(self, section: Section) -> ComposeResult:
        for block in section.blocks:
            if isinstance(block, Item):
                yield ItemField(block, self.session.entered(block))
            elif (hint := _hint(block)) is not None:
                yield hint

    def field(self, item_id: str) -> ItemField | None:
        for field in self.query(ItemField):
            if field.item.id == item_id:
                return field
        return None

    def focus_item(self, item_id: str | None = None) -> None:
        """Focus an item's editor (the first item's when `item_id` is None)."""
        field = self.field(item_id) if item_id else None
        if field is None:
            fields = self.query(ItemField)
            field = fields.first() if fields else None
        if field is None:
            self.focus()
            return
        field.editor.focus()
        field.scroll_visible(animate=False)
