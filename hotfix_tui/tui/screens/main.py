"""The checklist screen: a sidebar of sections, the current section, overall progress."""

from __future__ import annotations

from pathlib import PurePath

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, OptionList, ProgressBar, Static
from textual.widgets._toast import ToastRack

from hotfix_tui.core.left import Left, group_of, open_boxes
from hotfix_tui.core.model.checklist import Section, Value
from hotfix_tui.core.model.evidence import check_status
from hotfix_tui.core.model.record import holder
from hotfix_tui.core.model.session import Session, changed_sections
from hotfix_tui.tui.commands import MAIN_COMMANDS, bindings, wide_only
from hotfix_tui.tui.messages import (
    ChecklistShown,
    MarkedGroupNotApplicable,
    MarkedNotApplicable,
    Reconfirmed,
    RunCheckAsked,
    SectionShown,
)
from hotfix_tui.tui.screens.reason import ReasonScreen
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.check_panel import CheckPanel, LiveTail
from hotfix_tui.tui.widgets.footer import KeyFooter
from hotfix_tui.tui.widgets.item_field import ItemField
from hotfix_tui.tui.widgets.phase_approvals import PhaseApprovals, approval_id
from hotfix_tui.tui.widgets.section_view import SectionView, view_id
from hotfix_tui.tui.widgets.sidebar import Sidebar

# Beside this file. As the app's default screen, its stylesheets are read with the app's
# (app.py): Textual reads a screen's own CSS_PATH only when it is pushed.
STYLESHEETS: list[str | PurePath] = ["main.tcss", "../widgets/check_panel.tcss"]
STALE_TIP = "Ticked before the newest commit: check it again"


class MainScreen(Screen[None]):
    CSS_PATH = STYLESHEETS
    BINDINGS = bindings(MAIN_COMMANDS)
    # In a narrow terminal (a split pane) the section gets the whole width: the sidebar
    # goes, sections are still a PgUp/PgDn or the palette away.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]

    def __init__(self, session: Session, start_section: str) -> None:
        super().__init__()
        self.session = session
        self.sections = [s.id for s in session.checklist.sections]
        self.current = start_section if start_section in self.sections else self.sections[0]
        self.stale: set[str] = set()
        # Each section's done/total, recounted only where something changed.
        self.counts = {s.id: session.progress(s) for s in session.checklist.sections}
        # The check under way (item, output, start), shown in views built meanwhile too.
        self.running: tuple[str, LiveTail, float] | None = None

    def compose(self) -> ComposeResult:
        # As the default screen it gets its size only after the first layout: sized now,
        # the section is laid out once at its real width (and its scrollbar drawn so).
        width = self.app.size.width
        fitting = max((b for b in self.HORIZONTAL_BREAKPOINTS if width >= b[0]), default=None)
        for _, name in self.HORIZONTAL_BREAKPOINTS:
            self.set_class(fitting is not None and name == fitting[1], name)
        with Horizontal():
            yield Sidebar(self.session, self.counts)
            with Vertical(id="main"):
                with Horizontal(id="status-line"):
                    yield Static(id="title", markup=False)
                    yield Static(id="pr", markup=False)  # the session's PR, once it has one
                    yield Static(id="holder", markup=False)  # shown when the sidebar is not
                    yield ProgressBar(show_eta=False, id="progress")
                # The first section is built with the screen, so its first field has focus
                # before the first key press can arrive.
                with ContentSwitcher(id="sections", initial=view_id(self.current)):
                    yield SectionView(self.section(self.current), self.session)
        yield KeyFooter(wide_only(MAIN_COMMANDS))

    def on_mount(self) -> None:
        self.show_progress(self.session)
        self.show_holder(holder(self.session), someone_else=False)  # told once we know who
        self.query_one(f"#{view_id(self.current)}", SectionView).focus_item()
        self.query_one(Sidebar).select_section(self.current)
        # Behind the focus change (which goes through the app's queue): keys typed at
        # start-up then land in the first field.
        self.app.post_message(ChecklistShown())

    def on_screen_suspend(self) -> None:
        # A dialog over this screen shows the notices itself (placed its own way): the
        # ones left here, seen around the dialog, would show each notice twice.
        self.query_children(ToastRack).set(display=False)

    def on_screen_resume(self) -> None:
        self.query_children(ToastRack).set(display=True)

    def section(self, section_id: str) -> Section:
        return self.session.checklist.section(section_id)

    async def show_section(self, section_id: str, focus_item: str | None = None) -> None:
        """Switch to a section (building its view the first time) and focus an item in it:
        `focus_item`, or the first one. Awaiting the build holds back keys typed meanwhile,
        so they land in the new section's field rather than the old one."""
        self.current = section_id
        switcher = self.query_one("#sections", ContentSwitcher)
        found = switcher.query(f"#{view_id(section_id)}")
        if found:
            view = found.first(SectionView)
        else:
            view = SectionView(self.section(section_id), self.session)
            await switcher.mount(view)
            self._mark_stale(view)
            if self.running is not None:
                self.show_check_running(*self.running)
        switcher.current = view.id
        view.focus_item(focus_item)
        self.query_one(Sidebar).select_section(section_id)
        self.post_message(SectionShown(section_id))

    async def show_left(self, entry: Left) -> None:
        """Show where something left is asked: an item, or a phase's approval box."""
        if entry.is_approval:
            await self.show_approval(entry.section_id, entry.id, entry.role)
        else:
            await self.show_section(entry.section_id, focus_item=entry.id)

    async def show_approval(self, section_id: str, phase_id: str, role: str) -> None:
        """Show the section asking a phase's approvals, the role's box focused."""
        await self.show_section(section_id)
        phase = next(p for p in self.session.checklist.phases if p.id == phase_id)
        found = self.query(f"#{approval_id(phase, role)}")
        if found:
            found.first().focus()
            found.first().scroll_visible(animate=False)

    def show_approvals_again(self, phase_id: str, role: str) -> None:
        """An approval not given after all (its dialog cancelled): its box as recorded."""
        for approvals in self.query(PhaseApprovals):
            if approvals.phase.id == phase_id:
                approvals.show_again(role)

    def show_progress(self, session: Session) -> None:
        """New values: update the counts everywhere (views keep their own editors' text)."""
        sections = changed_sections(self.session, session)
        self.session = session
        for section_id in sections:
            self.counts[section_id] = session.progress(self.section(section_id))
        done = sum(count.done for count in self.counts.values())
        total = sum(count.total for count in self.counts.values())
        self.query_one("#title", Static).update(f"{session.name} · {done}/{total} done")
        self.query_one("#progress", ProgressBar).update(total=total, progress=done)
        self.query_one(Sidebar).show_progress(session, self.counts, sections)
        for view in self.query(SectionView):
            view.show_session(session)

    def show_values(self, session: Session) -> None:
        """Values changed outside this screen (refresh, another editor): show them."""
        self.show_progress(session)
        for view in self.query(SectionView):
            for item in view.section.items():
                field = view.field(item.id)
                if field is not None:
                    field.show_value(session.entered(item))

    async def show_item_value(self, item_id: str, value: Value) -> None:
        """Show an item's section with the item focused, holding `value` (an undo)."""
        item = self.session.checklist.item(item_id)
        if item.section_id != self.current:
            await self.show_section(item.section_id, focus_item=item_id)
        for view in self.query(SectionView):
            field = view.field(item_id)
            if field is not None:
                field.set_value(value)
        self.show_progress(self.session)

    def pending_edits(self, arrived: dict[str, int]) -> list[tuple[str, Value, int]]:
        """Changes the editors made that have not reached the app (`arrived` counts, per
        item, the changes that did): keys handled, their message still on its way."""
        found = []
        for field in self.query(ItemField):
            value = field.unreported(arrived.get(field.item.id, 0))
            if value is not None:
                found.append((field.item.id, value, field.reported))
        return found

    def show_stale(self, stale: set[str]) -> None:
        """Mark ticks made before the newest commit: they need checking again."""
        self.stale = stale
        for view in self.query(SectionView):
            self._mark_stale(view)

    def checked_again(self, item_id: str) -> None:
        """A stale tick changed by hand has been looked at since the newest commit."""
        if item_id in self.stale:
            self.show_stale(self.stale - {item_id})

    def _mark_stale(self, view: SectionView) -> None:
        for field in view.query(ItemField):
            field.show_stale(field.item.id in self.stale, STALE_TIP)

    def show_pr(self, status: str | None) -> None:
        """The session's pull request and when the two were last in step (None: none)."""
        line = self.query_one("#pr", Static)
        line.update(plain(status or "", lines=False))
        line.set_class(status is not None, "-known")

    def _check_panels(self, item_id: str) -> list[CheckPanel]:
        return [panel for panel in self.query(CheckPanel) if panel.item.id == item_id]

    def show_check_queued(self, item_id: str) -> None:
        for panel in self._check_panels(item_id):
            panel.queued()

    def show_check_running(self, item_id: str, tail: LiveTail, started: float) -> None:
        self.running = (item_id, tail, started)
        for panel in self._check_panels(item_id):
            panel.start(tail, started)

    def show_check_ended(self, item_id: str, session: Session) -> None:
        """A run ended (or never started): its box shows the value the run left, its
        panel the outcome, other fields what the run filled in (Test Evidence: After)."""
        if self.running is not None and self.running[0] == item_id:
            self.running = None
        item = session.checklist.item(item_id)
        for view in self.query(SectionView):
            field = view.field(item_id)
            if field is not None:
                field.set_value(session.entered(item))
        for panel in self._check_panels(item_id):
            panel.stop()
            panel.show_status(check_status(session, item))
        self.show_values(session)
        self.checked_again(item_id)

    def show_holder(self, holder: str, someone_else: bool) -> None:
        """Who holds the session, under the sections (beside the title in a narrow pane);
        marked when it is not you."""
        sidebar = self.query_one(Sidebar)
        sidebar.border_subtitle = plain(f"held by {holder}", lines=False)
        sidebar.set_class(someone_else, "-held-elsewhere")
        line = self.query_one("#holder", Static)
        line.update(plain(f"held by {holder}", lines=False))
        line.tooltip = plain(f"held by {holder}", lines=False)  # a narrow pane cuts it
        line.set_class(someone_else, "-held-elsewhere")

    def focused_field(self) -> ItemField | None:
        """The item whose editor has focus."""
        widget = self.focused
        while widget is not None and not isinstance(widget, ItemField):
            widget = widget.parent if isinstance(widget.parent, Widget) else None
        return widget

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        field = self.focused_field()
        if action == "mark_na":
            return True if field is not None and field.item.kind == "check" else None
        if action == "run_check":  # hidden but on the boxes that run a check
            return field is not None and field.item.has_check
        if action == "reconfirm":
            return True if field is not None and field.item.id in self.stale else None
        return True

    def action_run_check(self) -> None:
        """Run the focused box's check; on the box whose check runs, cancel it."""
        field = self.focused_field()
        if field is None or not field.item.has_check:
            self.notify("Focus a box that runs a check (Automated Tests, say).",
                        severity="warning")
            return
        field.post_message(RunCheckAsked(field.item.id))

    def action_copy_item_id(self) -> None:
        """The focused item's id, for the CLI (`hotfix set ID ...`)."""
        field = self.focused_field()
        if field is None:
            self.notify("Focus an item to copy its id.", severity="warning")
            return
        self.app.copy_to_clipboard(field.item.id)
        self.notify(f"Copied the item id {field.item.id}.", markup=False, timeout=3)

    def action_reconfirm(self) -> None:
        """The focused stale tick, checked again now: ticked anew, no longer stale."""
        field = self.focused_field()
        if field is None or field.item.id not in self.stale:
            self.notify("Focus a stale tick (marked !) to re-confirm it.", severity="warning")
            return
        self.post_message(Reconfirmed(field.item.id))

    def action_mark_group_na(self) -> None:
        """Mark every open box of the focused item's group (else of the section) N/A,
        with one reason asked once."""
        field = self.focused_field()
        self._mark_all_na(group_of(self.session.checklist, field.item) if field is not None
                          else self.section(self.current))

    def action_mark_section_na(self) -> None:
        self._mark_all_na(self.section(self.current))

    def _mark_all_na(self, group: Section) -> None:
        boxes = open_boxes(self.session, group)
        if not boxes:
            self.notify(f"No open boxes in {group.title}.", markup=False, timeout=4)
            return
        view = self.query_one(f"#{view_id(self.current)}", SectionView)

        def marked(reason: str | None) -> None:
            if not reason:
                return
            for item in boxes:
                box = view.field(item.id)
                if box is not None:
                    box.set_value(True)
            self.post_message(MarkedGroupNotApplicable(tuple(i.id for i in boxes), reason))

        self.app.push_screen(ReasonScreen(group.title, count=len(boxes)), marked)

    def action_mark_na(self) -> None:
        """Ask why the focused box does not apply; the answer marks it N/A (and ticks it)."""
        field = self.focused_field()
        if field is None or field.item.kind != "check":
            self.notify("Focus a checkbox to mark it not applicable.", severity="warning")
            return
        item = field.item

        def marked(reason: str | None) -> None:
            if reason:
                field.set_value(True)
                field.post_message(MarkedNotApplicable(item.id, reason))

        reason = self.session.na_reason(item.id) or ""
        self.app.push_screen(ReasonScreen(item.label, reason), marked)

    async def step(self, offset: int) -> None:
        index = self.sections.index(self.current) + offset
        if 0 <= index < len(self.sections):
            await self.show_section(self.sections[index])

    async def action_next_section(self) -> None:
        await self.step(1)

    async def action_previous_section(self) -> None:
        await self.step(-1)

    @on(OptionList.OptionSelected, "#sidebar")
    async def _sidebar_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and event.option.id != self.current:
            await self.show_section(event.option.id)

