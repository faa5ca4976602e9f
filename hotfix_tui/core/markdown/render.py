"""Session -> PR body markdown. Pure functions: no I/O, no clock.

Contract: an untouched session renders its template byte for byte; a value can change only
the lines of its own item, and never adds a heading, checkbox, rule or comment (values are
escaped where markdown would read them as structure).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import NamedTuple, TypeAlias

from hotfix_tui.core.markdown.evidence import evidence_lines
from hotfix_tui.core.model.checklist import (
    CHECKBOX_MARK,
    Checklist,
    Item,
    Section,
    TextBlock,
    Value,
)
from hotfix_tui.core.model.events import Event, iso_time
from hotfix_tui.core.model.evidence import evidence
from hotfix_tui.core.model.record import (
    describe,
    item_approval,
    timeline,
)
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.terminal import shown

LINE_BREAK = re.compile(r"\r\n|\r|\n")
# What opens HTML (a tag, a closing tag, a comment) or splits a table row, anywhere in a
# line: left to `escape_html_and_tables`, which defuses it wherever it is.
HTML_OR_PIPE = r"<[A-Za-z/!?]|\|"
# Markdown that is structure only at the start of a line (after any indentation); and a
# backslash there, escaped too so that the body reader can tell `\#` typed from `#` typed
# (unless HTML or a pipe follows the backslashes: `escape_html_and_tables` escapes them);
# after a number, `12.` and `12\\.` alike get one more.
BLOCK_START = re.compile(
    r"^(?P<indent>[ \t]*)(?P<mark>#|>|[-*+_=](?=[ \t]|[-*+_=]*[ \t]*$)|\d+\\*[.)]|`{3}|~{3}|\[|"
    rf"<(?![A-Za-z/!?])|\\(?!\\*(?:{HTML_OR_PIPE})))"
)

# HTML openers and pipes in user text, each with the whole run of backslashes before it
# (a match starts only where a run starts: one pass over a line of backslashes).
INLINE_MARKUP = re.compile(rf"(?<!\\)(\\*)({HTML_OR_PIPE})")

ValueOf = Callable[[Item], Value]


class Mark(NamedTuple):
    """What a box's line says besides its tick: marked N/A (the reason), or who approved."""

    na: str | None = None
    approved: str | None = None  # `Dana, 2026-11-23 14:02 +00:00`
    evidence: Event | None = None  # the passing run the tick carries, shown under the box


MarkOf = Callable[[Item], "Mark | None"]
# A run of body lines and the item it renders (None: the template's own text).
Part: TypeAlias = tuple[Item | None, list[str]]


# A list item's marker, with content after it: it stays a list item, its content is made
# plain in turn (matched at a position, one marker after another).
LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?=\S)")


def _list_markers(text: str) -> int:
    """Where the content after a line's list markers starts (`- - x`: at `x`)."""
    at = 0
    while marker := LIST_MARKER.match(text, at):
        at = marker.end()
    return at


def escape_line(text: str) -> str:
    """Make one line of user text read as plain text at the start of a markdown line.

    Lists stay lists (commit subjects, steps), but what follows a list marker is escaped
    too, so `- [ ] x` cannot become a checkbox nor `- - -` a rule. At most one backslash
    is added, which lets the body reader undo it exactly (`unescape_line`)."""
    at = _list_markers(text)
    return text[:at] + _escape_start(text[at:])


def _escape_start(text: str) -> str:
    match = BLOCK_START.match(text)
    if not match:
        return text
    indent, mark = match.group("indent"), match.group("mark")
    rest = text[match.end():]
    if mark[0].isdigit():
        return f"{indent}{mark[:-1]}\\{mark[-1]}{rest}"
    return f"{indent}\\{mark}{rest}"


# `12\\.` (and `12\\\\.`, from `12\\.` typed): the backslash escape_line put after the number.
ESCAPED_NUMBER = re.compile(r"[ \t]*\d+(\\)\\*[.)]")


def unescape_line(text: str) -> str:
    """The line `escape_line` made `text` from: the one backslash it may have added (after
    any indentation, or in `12\\.`) is taken out when that re-escapes to `text`."""
    at = _list_markers(text)
    rest = text[at:]
    indent = len(rest) - len(rest.lstrip(" \t"))
    number = ESCAPED_NUMBER.match(rest)
    for added in (indent, number.start(1) if number else None):
        if added is not None and rest[added:added + 1] == "\\":
            plain = rest[:added] + rest[added + 1:]
            if _escape_start(plain) == rest:
                return text[:at] + plain
    return text


def escape_inline(text: str) -> str:
    """User text placed after a label on one line: line breaks become spaces, control and
    bidi characters are written as escapes (`shown`), and HTML and pipes are defused
    (`escape_html_and_tables`)."""
    return escape_html_and_tables(shown(LINE_BREAK.sub(" ", text)))


def value_lines(text: str) -> list[str]:
    """Multi-line user text as body lines, each escaped on its own."""
    return [body_line(line) for line in LINE_BREAK.split(text)]


def body_line(line: str) -> str:
    """One line of user text as a line of the body (or a list entry's text): structure at
    its start, HTML and pipes anywhere escaped; the body reader undoes both. Control and
    bidi characters are written as escapes (`\\x1b`): gh gives them back changed (`^[`),
    which would read as an edit on the website, and the website would show them reordered."""
    return escape_html_and_tables(escape_line(shown(line)))


def escape_html_and_tables(text: str) -> str:
    """Defuse each HTML opener (`<details>`, `</b>`, `<!--`) and each `|`, so a value can
    neither open a block that hides the rest of the body nor become a table, and reads on
    GitHub as typed: k backslashes before one become 2k+1 (k shown, one escaping it),
    which `unescape_html_and_tables` undoes exactly."""
    return INLINE_MARKUP.sub(lambda m: "\\" * (2 * len(m.group(1)) + 1) + m.group(2), text)


def unescape_html_and_tables(text: str) -> str:
    return INLINE_MARKUP.sub(lambda m: "\\" * (len(m.group(1)) // 2) + m.group(2), text)


def render_item(item: Item, value: Value) -> list[str]:
    if value == item.default:
        # Untouched: the template's own lines, byte for byte.
        return _item_lines(item, item.default, verbatim=True)
    return _item_lines(item, value, verbatim=False)


def _item_lines(item: Item, value: Value, verbatim: bool) -> list[str]:
    blanks = [""] * item.blank_lines
    if item.kind == "check":
        line = item.line if verbatim else CHECKBOX_MARK.sub(
            "[x]" if value is True else "[ ]", item.line, count=1)
        return [line, *blanks]
    if item.kind == "choice" and item.option_lines:
        lines = []
        for option, line in zip(item.options, item.option_lines, strict=True):
            lines.append(line if verbatim else CHECKBOX_MARK.sub(
                "[x]" if option == value else "[ ]", line, count=1))
        return [*lines, *blanks]
    if item.kind in ("text", "choice"):
        shown = escape_inline(value) if isinstance(value, str) and value else item.placeholder
        return [_fill(item.line, shown), *blanks]
    label = [item.line] if item.line else []
    if item.kind == "list":
        entries = value if isinstance(value, tuple) else ()
        if verbatim or not entries:
            return [*label, item.empty_entry, *blanks]
        return [*label, *(f"- {_escape_entry(entry)}" for entry in entries), *blanks]
    text = value if isinstance(value, str) else ""
    return [*label, *(value_lines(text) if text else []), *blanks]


def _fill(line: str, shown: str) -> str:
    # A line from a template with mixed line endings may end in its own "\r": it stays last.
    if line.endswith("\r"):
        return line[:-1] + shown + "\r"
    return line + shown


def _escape_entry(entry: str) -> str:
    return body_line(LINE_BREAK.sub(" ", entry))


def render_body(checklist: Checklist, value_of: ValueOf, mark_of: MarkOf | None = None,
                extra: list[str] | None = None) -> str:
    """The PR body for a checklist with the values `value_of` gives for each item, the
    boxes `mark_of` marks annotated, and `extra` lines after it all."""
    lines = [line for _, run in marked_parts(checklist, value_of, mark_of) for line in run]
    return join_body(checklist, [*lines, *(extra or [])])


def join_body(checklist: Checklist, lines: list[str]) -> str:
    """Body lines as the body's text, with the checklist's line ending and final newline."""
    body = checklist.newline.join(lines)
    return body + checklist.newline if checklist.final_newline else body


def marked_parts(checklist: Checklist, value_of: ValueOf, mark_of: MarkOf | None) -> list[Part]:
    """`body_parts` with the boxes `mark_of` marks annotated: the runs `render_body` joins."""
    return [(owner, _marked(owner, run, mark_of)) for owner, run in body_parts(checklist, value_of)]


def _marked(item: Item | None, run: list[str], mark_of: MarkOf | None) -> list[str]:
    mark = mark_of(item) if item is not None and item.kind == "check" and mark_of else None
    if mark is None or not run:
        return run
    below = evidence_lines(run[0], mark.evidence) if mark.evidence is not None else []
    return [mark_line(run[0], mark), *below, *run[1:]]


def mark_line(line: str, mark: Mark) -> str:
    """A box's line with its mark: N/A ticks the box and strikes its words through,
    `- [x] ~~**Label**: description~~ N/A: reason`; an approval gets who and when after
    it. The mark is user text on the line: it can never start a line of its own."""
    end = "\r" if line.endswith("\r") else ""  # a mixed-endings template's own "\r" stays last
    line = line.removesuffix(end)
    if mark.na is not None:
        box = CHECKBOX_MARK.search(line)
        if box is not None:
            words = line[box.end():].strip()
            struck = f" ~~{words}~~" if words else ""
            return f"{line[:box.start()]}[x]{struck} N/A: {escape_inline(mark.na)}{end}"
    if mark.approved is not None:
        return f"{line} (approved by {escape_inline(mark.approved)}){end}"
    return line + end


def body_parts(checklist: Checklist, value_of: ValueOf) -> list[Part]:
    """The body as runs of lines in order, each with the item it renders; reading a body
    back lines it up against these."""
    parts: list[Part] = [(None, checklist.preamble.split("\n"))] if checklist.preamble else []
    for section in checklist.sections:
        if section.in_body:
            _section_parts(section, value_of, parts)
    return parts


def _section_parts(section: Section, value_of: ValueOf, parts: list[Part]) -> None:
    # An empty heading is no line at all: template text before its first heading.
    if section.heading:
        if any(run for _, run in parts):
            # `gap` blank lines at least before a heading; blank lines already there count.
            parts.append((None, [""] * max(0, section.gap - _count_trailing_blanks(parts))))
        parts.append((None, section.heading.split("\n")))
    for block in section.blocks:
        if isinstance(block, TextBlock):
            parts.append((None, block.text.split("\n")))
        else:
            parts.append((block, render_item(block, value_of(block))))
    for subsection in section.subsections:
        _section_parts(subsection, value_of, parts)


def _count_trailing_blanks(parts: list[Part]) -> int:
    count = 0
    for _, run in reversed(parts):
        for line in reversed(run):
            if line != "":
                return count
            count += 1
    return count


def pr_body(session: Session, timeline: bool = False) -> str:
    """The PR body; with `timeline`, the session's log follows it, folded away in a
    `<details>` block (off by default: the body is then the template's own structure)."""
    extra = ["", *timeline_lines(session)] if timeline else None
    return render_body(session.checklist, session.value, partial(item_mark, session), extra)


def pr_body_parts(session: Session) -> list[Part]:
    """The PR body (without the timeline) as runs of lines, each with its item."""
    return marked_parts(session.checklist, session.value, partial(item_mark, session))


def item_mark(session: Session, item: Item) -> Mark | None:
    reason = session.na_reason(item.id)
    if reason is not None and session.value(item) is True:
        return Mark(na=reason)
    approval = item_approval(session, item)
    run = evidence(session, item) if item.has_check else None
    if approval is None and run is None:
        return None
    return Mark(approved=approval.describe() if approval else None, evidence=run)


def timeline_lines(session: Session) -> list[str]:
    """The log as a folded markdown list. Names and notes are user text: kept to their
    line, and `<` written as an entity so nothing can close the block early."""
    entries = [f"- {iso_time(event.at)} {_log_text(event.by)}: "
               f"{_log_text(describe(event, session))}" for event in timeline(session)]
    return ["<details>", "<summary>Timeline</summary>", "", *entries, "", "</details>"]


def _log_text(text: str) -> str:
    return LINE_BREAK.sub(" ", text.replace("&", "&amp;").replace("<", "&lt;"))


