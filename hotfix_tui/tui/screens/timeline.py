"""The timeline: the process's phases in order with where the incident stands, the
incident clock, and who did what when. Everything comes from core/timeline.py; every text
from the record is plain (tui/text.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from hotfix_tui.core.model.session import Session
from hotfix_tui.core.timeline import Step, Timeline, incident_timeline
from hotfix_tui.tui.commands import TIMELINE_COMMANDS, bindings
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.footer import KeyFooter
from hotfix_tui.tui.widgets.timeline_lines import EventLines, PhaseFlow


class TimelineScreen(Screen[None]):
    CSS_PATH = "timeline.tcss"
    BINDINGS = bindings(TIMELINE_COMMANDS)

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.timeline = incident_timeline(session)

    def compose(self) -> ComposeResult:
        found = self.timeline
        yield Static(plain(f"{found.session} - held by {found.holder} - started "
                           f"{found.started}", lines=False), id="timeline-title")
        yield PhaseFlow(found.steps, id="flow")
        yield Static(self._standing(found), id="standing")
        yield Static(self._clock(found), id="clock")
        with VerticalScroll(id="events") as events:
            events.border_title = "Who did what (UTC)"
            yield EventLines(found.events, id="event-lines")
        yield KeyFooter()

    def on_mount(self) -> None:
        events = self.query_one("#events", VerticalScroll)
        events.focus()
        # The latest events in sight, once the lines are laid out.
        self.call_after_refresh(events.scroll_end, animate=False)

    @staticmethod
    def _standing(found: Timeline) -> Content:
        step = found.current
        if step is None:
            return plain("Every phase done, every approval in.").stylize("$text-success")
        return plain(f"Now: {step.title} - {_progress(step)}", lines=False)

    @staticmethod
    def _clock(found: Timeline) -> Content:
        times = [f"{line.label} {line.when}" + (f" (+{line.after_start})"
                                                 if line.after_start else "")
                 for line in found.clock]
        return plain("Clock: " + " · ".join(times) if times else "No incident clock.",
                     lines=False)

    def action_back(self) -> None:
        self.dismiss(None)


def _progress(step: Step) -> str:
    part = step.progress
    said = [f"{part.done}/{part.total} done"]
    if part.required_left:
        said.append(f"{part.required_left} required left")
    if part.missing:
        said.append(f"approval missing: {', '.join(part.missing)}")
    return ", ".join(said)
