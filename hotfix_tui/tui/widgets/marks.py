"""Boxes whose mark says what they hold without colour: ticked `X`, open ` `, not
applicable `-`, stale `!` (ticked before the newest commit); a chosen option `*`. A plain
capture of the screen, a dim screen or a colour-blind eye tells them apart."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widgets import Checkbox, RadioButton
from textual.widgets._toggle_button import ToggleButton

TICKED, OPEN, NOT_APPLICABLE, STALE, CHOSEN = "X", " ", "-", "!", "*"

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
        # Without the label's trailing pad: a label that just fits is not cut for it.
        return super().render().rstrip()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.render().wrap(width)))


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
