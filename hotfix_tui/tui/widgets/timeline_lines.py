"""The timeline's two wrapped texts: the phases on the process's flow, and who did what
when. Both wrap to the width they are given, so nothing is cut at 80 columns."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

from hotfix_tui.core.timeline import EventLine, Step
from hotfix_tui.tui.text import plain

# A phase's mark on the flow, readable without colour: done, here, after.
MARKS = {"settled": "✓", "current": "▶", "ahead": "·"}
STYLES = {"settled": "$text-success", "current": "bold $text-warning", "ahead": "dim"}
# The width of the "who" column, at most (longer names wrap with their line).
WHO_WIDTH = 14


class WrappedLines(Widget):
    """Lines laid out for the width the widget has: `lines(width)` says them, the height
    follows, and `text` is what a capture wide enough reads."""

    DEFAULT_CSS = "WrappedLines { height: auto; }"

    def lines(self, width: int) -> list[Content]:
        raise NotImplementedError

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render(self) -> Content:
        return Content("\n").join(self.lines(self.content_size.width))

    @property
    def text(self) -> str:
        return "\n".join(line.plain for line in self.lines(10_000))


class PhaseFlow(WrappedLines):
    """The phases in the process's order, `✓ Qualification → ▶ Development → · ...`,
    wrapped between phases (never inside one) to the width it has."""

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

    @property
    def text(self) -> str:
        """The flow on one line, as a plain capture reads it."""
        return " ".join(line.plain for line in self.lines(10_000))


class EventLines(WrappedLines):
    """Who did what when, a line per event under its day; what does not fit wraps under
    the event's text, past its time and who."""

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
