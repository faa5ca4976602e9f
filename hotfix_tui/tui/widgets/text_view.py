"""A long text, read-only, wrapped to the width and painted a screen at a time: opening
it costs a pass over its lines, wrapping only those longer than the width (a TextArea or
a Markdown widget lays out the whole text first: over a second for a large PR body)."""

from __future__ import annotations

from bisect import bisect_right

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


def wrapped(line: str, width: int) -> list[str]:
    """`line` in rows of at most `width` cells, broken after a space where there is one."""
    rows: list[str] = []
    while cell_len(line) > width:
        head = chop_cells(line, width)[0]
        cut = head.rfind(" ") + 1
        if cut <= 0:
            cut = len(head)
        rows.append(line[:cut])
        line = line[cut:]
    rows.append(line)
    return rows


class TextView(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    TextView {
        height: 1fr;
        overflow-x: hidden;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines = text.splitlines() or [""]
        self._widths = [cell_len(line) for line in self.lines]
        # At the width last laid out for: the first screen row of each line, and the rows
        # of the lines that need more than one.
        self._starts: list[int] = [0]
        self._rows: dict[int, list[str]] = {}
        self._laid_out_for = 0

    def _lay_out(self, width: int) -> None:
        if width == self._laid_out_for or width <= 0:
            return
        self._laid_out_for = width
        starts, rows, row = [], {}, 0
        for index, cells in enumerate(self._widths):
            starts.append(row)
            if cells > width:
                rows[index] = wrapped(self.lines[index], width)
                row += len(rows[index])
            else:
                row += 1
        self._starts, self._rows = starts, rows
        self.virtual_size = Size(width, row)

    def on_resize(self) -> None:
        self._lay_out(self.scrollable_content_region.width)

    def on_mount(self) -> None:
        self._lay_out(self.scrollable_content_region.width)

    def render_line(self, y: int) -> Strip:
        width = self._laid_out_for
        row = self.scroll_offset.y + y
        index = bisect_right(self._starts, row) - 1
        if width <= 0 or index < 0 or row >= self.virtual_size.height:
            return Strip.blank(self.size.width, self.rich_style)
        parts = self._rows.get(index)
        text = parts[row - self._starts[index]] if parts else self.lines[index]
        return Strip([Segment(text, self.rich_style)]).extend_cell_length(width,
                                                                          self.rich_style)
