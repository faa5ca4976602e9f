"""Text from files and people, as Textual gets it: plain text (never markup, so `[/x]`
cannot crash a widget nor `[@click=...]` become an action), with whatever a terminal would
act on shown escaped (core/safety/terminal.py).

`plain` is for anything a widget shows; `palette_text` for the command palette, which reads
its commands as markup; `TerminalSafeFilter` is the app's last line of defence: what an
editor holds as typed (a value with an escape sequence in it) is painted without it.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.content import Content
from textual.filter import LineFilter
from textual.markup import escape

from hotfix_tui.core.safety.terminal import is_plain, removed, shown


def plain(text: str, lines: bool = True) -> Content:
    """Text shown as it is, never read as markup; control and bidi characters escaped
    (with `lines` false, line breaks too)."""
    return Content(shown(text, lines=lines))


def palette_text(text: str) -> str:
    """Text for Textual's command palette, which reads a command's title and help as
    markup: escaped so it shows as it is."""
    return escape(shown(text))


class TerminalSafeFilter(LineFilter):
    """Takes out of every painted line the characters a terminal would act on (escape
    sequences, bidi overrides). They take no cell, so nothing moves on screen."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(control or is_plain(text) for text, _, control in segments):
            return segments
        safe = []
        for segment in segments:
            if not segment.control:
                segment = segment._replace(text=removed(segment.text))
            if segment.control or segment.text:
                safe.append(segment)
        return safe
