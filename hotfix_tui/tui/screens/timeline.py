"""The timeline: the process's phases in order with where the incident stands, the
incident clock, and who did what when. Everything comes from core/timeline.py; every text
from the record is plain (tui/text.py)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from hotfix_tui.core.model.session import Session
from hotfix_tui.core.timeline import EventLine, Step, Timeline, incident_timeline
from hotfix_tui.tui.commands import TIMELINE_COMMANDS, bindings
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.footer import KeyFooter

# A phase's mark on the flow, readable without colour: done, here, after.
MARKS = {"settled": "✓", "current": "▶", "ahead": "·"}
STYLES = {"settled": "$text-success", "current": "bold $text-warning", "ahead": "dim"}
# The width of the "who" column, at most (longer names wrap with their line).
WHO_WIDTH = 14


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


class PhaseFlow(Widget):
    """The phases in the process's order, `✓ Qualification → ▶ Development → · ...`,
    wrapped between phases (never inside one) to the width it has."""

    DEFAULT_CSS = "PhaseFlow { height: auto; }"

    def __init__(self, steps: tuple[Step, ...], id: str | None = None) -> None:
        super().__init__(id=id)
        self.steps = steps

    def lines(self, width: int) -> list[Content]:
        parts = [plain(f"{MARKS[step.state]} {step.title}", lines=False)
                 .stylize(STYLES[step.state]) for step in self.steps]
        lines: list[Content] = []
        line = Content()
        for index, part in enumerate(parts):
            arrow = Content(" →") if index < len(parts) - 1 else Content()
            if line.cell_length and line.cell_length + 1 + part.cell_length + 2 > width:
                lines.append(line)
                line = Content()
            line = (line + Content(" ") if line.cell_length else line) + part + arrow
        return [*lines, line]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))

    @property
    def text(self) -> str:
        """The flow on one line, as a plain capture reads it."""
        return " ".join(line.plain for line in self.lines(10_000))


class EventLines(Widget):
    """Who did what when, a line per event under its day; what does not fit wraps under
    the event's text, past its time and who."""

    DEFAULT_CSS = "EventLines { height: auto; }"

    def __init__(self, events: tuple[EventLine, ...], id: str | None = None) -> None:
        super().__init__(id=id)
        self.events = events
        self.who_width = min(WHO_WIDTH, max((len(event.by) for event in events), default=0))

    def lines(self, width: int) -> list[Content]:
        lines: list[Content] = []
        day = None
        indent = Content(" " * (7 + self.who_width + 2))
        for event in self.events:
            if event.day != day:
                lines.append(plain(event.day, lines=False).stylize("bold"))
                day = event.day
            head = (plain(f"{event.time}  ", lines=False).stylize("$text-muted")
                    + plain(f"{event.by:{self.who_width}}  ", lines=False)
                    .stylize("$text-accent"))
            rest = max(10, width - head.cell_length)
            wrapped = plain(event.text, lines=False).wrap(rest) or [Content()]
            lines.append(head + wrapped[0])
            lines += [indent + line for line in wrapped[1:]]
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))

    @property
    def text(self) -> str:
        """Every event on its line, as a wide capture reads it."""
        return "\n".join(line.plain for line in self.lines(10_000))


def _progress(step: Step) -> str:
    part = step.progress
    said = [f"{part.done}/{part.total} done"]
    if part.required_left:
        said.append(f"{part.required_left} required left")
    if part.missing:
        said.append(f"approval missing: {', '.join(part.missing)}")
    return ", ".join(said)
