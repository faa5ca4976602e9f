"""A long text, read-only, wrapped to the width and painted a screen at a time: opening
it costs a pass over the lengths of its lines, however long it is (a TextArea or a
Markdown widget lays out the whole text first: over a second for a large PR body)."""

from __future__ import annotations

from bisect import bisect_right
from math import ceil

from rich.cells import cell_len
from rich.segment import Segment
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


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
        # The first screen row of each line, at the width last laid out for.
        self._starts: list[int] = [0]
        self._laid_out_for = 0

    def _lay_out(self, width: int) -> None:
        if width == self._laid_out_for or width <= 0:
            return
        self._laid_out_for = width
        starts, row = [], 0
        for cells in self._widths:
            starts.append(row)
            row += max(1, ceil(cells / width))
        self._starts = starts
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
        part = row - self._starts[index]
        strip = Strip([Segment(self.lines[index], self.rich_style)])
        return strip.crop(part * width, (part + 1) * width).extend_cell_length(
            width, self.rich_style)
