"""Boxes whose mark says what they hold without colour: ticked `X`, open ` `, not
applicable `-`, stale `!` (ticked before the newest commit); a chosen option `*`. A plain
capture of the screen, a dim screen or a colour-blind eye tells them apart."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox, RadioButton
from textual.widgets._toggle_button import ToggleButton

TICKED, OPEN, NOT_APPLICABLE, STALE, CHOSEN = "X", " ", "-", "!", "*"
# Where a wrapped label's further lines start: under its first character, past the box.
INDENT = 4

# What the help screen says of each mark, in the order it lists them.
MARKS = (
    (f"[{TICKED}]", "ticked (done)"),
    (f"[{OPEN}]", "not ticked yet"),
    (f"[{NOT_APPLICABLE}]", "not applicable, with the reason beside it (counts as done)"),
    (f"[{STALE}]", "stale: ticked before the newest code commit, check it again (r re-confirms)"),
    (f"({CHOSEN})", "the option chosen"),
    ("*", "after a label: required"),
)


class Wrapping(ToggleButton):
    """A toggle whose label wraps to the width it has, never cut (Textual's toggles keep
    to one line)."""

    def render(self) -> Content:
        return Content("\n").join(self._lines(self.content_size.width))

    def _lines(self, width: int) -> list[Content]:
        """The button and label in `width` cells, the label's further lines indented under
        its first (without the trailing pad: a label that just fits is not cut for it)."""
        content = super().render().rstrip()
        if width <= INDENT or content.cell_length <= width:
            return [content]
        first = content.wrap(width)[0]
        start = len(first.plain)
        start += len(content.plain[start:]) - len(content.plain[start:].lstrip())
        rest = content[start:]
        return [first, *(Content(" " * INDENT) + line for line in rest.wrap(width - INDENT))]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))


class MarkedBox(Checkbox, Wrapping):
    """A checkbox whose mark also tells N/A and stale apart from a tick."""

    def __init__(self, label: Content, value: bool, *, id: str | None = None) -> None:
        super().__init__(label, value, id=id)
        self.na = False
        self.stale = False

    def show_marks(self, na: bool | None = None, stale: bool | None = None) -> None:
        self.na = self.na if na is None else na
        self.stale = self.stale if stale is None else stale
        self.refresh()

    @property
    def mark(self) -> str:
        if not self.value:
            return OPEN
        if self.na:
            return NOT_APPLICABLE
        return STALE if self.stale else TICKED

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = self.mark
        return super()._button


class MarkedOption(RadioButton, Wrapping):
    """A choice's option: marked only when chosen."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = CHOSEN if self.value else OPEN
        return super()._button
