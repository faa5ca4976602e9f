"""Text from files and users made safe for a terminal: nothing it holds can move the
cursor, clear the screen, set the title or the clipboard, or reorder what is shown.

Everything a teammate can commit (names, notes, values, checklist labels) reaches the
terminal through `shown`, the CLI's output streams and the app's text alike.
"""

from __future__ import annotations

import re

# C0 controls but tab and line breaks, DEL, C1 controls (0x9b is a one-byte CSI to some
# terminals), the bidi embeddings, overrides, isolates and marks (they reorder the text
# around them), line and paragraph separators, and lone surrogates (no encoding holds them).
_CONTROLS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
             "\u2028\u2029\u2066-\u2069\ud800-\udfff")
_UNSAFE = re.compile(f"[\n\r{_CONTROLS}]")
# Where several lines are expected: a line feed stays, and a carriage return before one.
_UNSAFE_IN_LINES = re.compile(f"\r(?!\n)|[{_CONTROLS}]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str, lines: bool = False) -> str:
    """`text` with every character a terminal would act on shown escaped (`\\x1b`,
    `\\u202e`). With `lines`, line breaks stay (a CR only before its LF)."""
    return (_UNSAFE_IN_LINES if lines else _UNSAFE).sub(_escaped, text)


def json_safe(text: str) -> str:
    """JSON text with the same characters written as JSON escapes (`\\u001b`): still valid
    JSON meaning the same, and safe to print. `json.dumps` leaves DEL, C1 and bidi raw."""
    return _UNSAFE_IN_LINES.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def is_plain(text: str, lines: bool = False) -> bool:
    """Whether `shown` leaves `text` as it is: no control, bidi or undecodable character
    (with `lines`, line breaks are allowed)."""
    return (_UNSAFE_IN_LINES if lines else _UNSAFE).search(text) is None


def removed(text: str) -> str:
    """`text` without those characters, where showing them escaped would change its width
    (a line already laid out on screen: they take no cell there)."""
    return _UNSAFE.sub("", text)
