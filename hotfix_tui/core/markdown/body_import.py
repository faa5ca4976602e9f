"""A filled PR body -> the values of its checklist's items (`hotfix import-body`).

The body is lined up (align.py) against the checklist's untouched rendering, comparing
each item's own line by what a value leaves alone: a box without its tick, a label without
what follows it. The value is then read where the renderer put it: the tick, the rest of
the label's line, the lines up to the next part of the template that was found. Escapes
the renderer added are taken out again. The evidence shown under a ticked box is skipped
whole: values come from a body, runs and commands never do.

Pure: checklist and text in, values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hotfix_tui.core.definition.template_import import split_newline
from hotfix_tui.core.markdown.align import matching_lines
from hotfix_tui.core.markdown.evidence import evidence_end
from hotfix_tui.core.markdown.render import (
    body_parts,
    unescape_html_and_tables,
    unescape_line,
)
from hotfix_tui.core.model.checklist import CHECKBOX_MARK, Checklist, Item, Value

BOX_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[[ xX]\]")
TICKED = ("[x]", "[X]")
ENTRY = re.compile(r"^[ \t]*[-*+](?:[ \t]+(?P<entry>.*))?$")
# What the renderer adds to a box's line (render.mark_line): the N/A form, who approved.
NOT_APPLICABLE = re.compile(r"^(?P<box>.*?\[[xX]\])(?: ~~(?P<words>.*)~~)? N/A: (?P<reason>.*)$")
APPROVED_BY = re.compile(r" \(approved by [^()]*\)$")


@dataclass(frozen=True)
class BodyReading:
    # Every item found in the body, with the value the body gives it.
    values: dict[str, Value]
    # One line per item that could not be read: not found, or a value that does not fit.
    problems: tuple[str, ...]
    # Body lines (1-based number, text) that are neither template text nor in any item.
    stray: tuple[tuple[int, str], ...]
    # Boxes the body marks not applicable, with the reason.
    na: dict[str, str] = field(default_factory=dict)
    # Where each body line (0-based) belongs: the index of the template line it was lined
    # up with, the id of the item whose value it is part of, or None (neither).
    origin: tuple[int | str | None, ...] = ()
    # The template's lines that say something, and how many of them the body holds: how
    # much the body looks like this checklist's.
    structure: int = 0
    structure_found: int = 0

    def looks_like_the_checklist(self) -> bool:
        """Whether most of the template's structure is in the body (an empty text or an
        unrelated file holds little or none of it)."""
        return self.structure_found * 2 > self.structure


def read_body(checklist: Checklist, body: str) -> BodyReading:
    template: list[str] = []
    spans: list[tuple[Item, int, int]] = []
    for owner, run in body_parts(checklist, lambda item: item.default):
        if owner is not None:
            spans.append((owner, len(template), len(template) + len(run)))
        template.extend(run)
    every = body_lines(body)
    numbered = _without_evidence(every)
    lines = [line for _, line in numbered]
    reader = _Reader(checklist, template, lines)
    for item, start, end in spans:
        reader.read(item, start, end)
    stray = tuple((numbered[index][0] + 1, line) for index, line in enumerate(lines)
                  if line.strip() and index not in reader.used)
    # Where each line of the whole body came from; an evidence block belongs with its box.
    origin: list[int | str | None] = [None] * len(every)
    kept = {number for number, _ in numbered}
    for (number, _), came_from in zip(numbered, reader.origin(), strict=True):
        origin[number] = came_from
    for number in range(1, len(every)):
        if number not in kept:
            origin[number] = origin[number - 1]
    structure = [index for index, line in enumerate(template) if line.strip()]
    return BodyReading(reader.values, tuple(reader.problems), stray, reader.na, tuple(origin),
                       len(structure), sum(index in reader.at for index in structure))


def body_lines(body: str) -> list[str]:
    """A body's lines without their line endings, whichever they are: GitHub hands a body
    edited on the website back in CRLF."""
    text = split_newline(body)[1]
    return (text[:-1] if text.endswith("\n") else text).split("\n")


def _without_evidence(lines: list[str]) -> list[tuple[int, str]]:
    """The body's lines with their numbers, less the evidence blocks under boxes (see
    markdown/evidence.py): a run's record is never read back from a body, and its lines
    are neither values nor stray text."""
    kept: list[tuple[int, str]] = []
    number = 0
    while number < len(lines):
        kept.append((number, lines[number]))
        number = evidence_end(lines, number) if BOX_LINE.match(lines[number]) else number + 1
    return kept


def _inline(item: Item) -> bool:
    return item.kind == "text" or item.kind == "choice" and not item.option_lines


class _Reader:
    def __init__(self, checklist: Checklist, template: list[str], lines: list[str]) -> None:
        self.template = template
        self.lines = lines
        # A filled inline field still starts with its label: compare lines by that.
        # Looked up by length, longest first: a line is tried against each length labels
        # have, not against every label (a long checklist has thousands).
        self.prefixes = {item.line.rstrip() for item in checklist.items()
                         if _inline(item) and item.line.strip()}
        self.prefix_lengths = sorted({len(prefix) for prefix in self.prefixes}, reverse=True)
        # template line -> body line
        self.at: dict[int, int] = dict(matching_lines([self.key(line) for line in template],
                                                      [self.key(line) for line in lines]))
        self.used = set(self.at.values())
        self.value_lines: dict[int, str] = {}  # body line -> the item whose value it holds
        self.values: dict[str, Value] = {}
        self.na: dict[str, str] = {}
        self.problems: list[str] = []

    def key(self, line: str) -> str:
        text = line.rstrip()
        for length in self.prefix_lengths:
            if text[:length] in self.prefixes:
                return "\0" + text[:length]
        if not BOX_LINE.match(text):
            return text
        return CHECKBOX_MARK.sub("[ ]", _unmarked(text), count=1)

    def read(self, item: Item, start: int, end: int) -> None:
        if item.kind == "check":
            line = self.found(item, start)
            if line is not None:
                self.values[item.id] = _ticked(line)
                if na := NOT_APPLICABLE.match(line.rstrip()):
                    self.na[item.id] = unescape_html_and_tables(na["reason"])
        elif item.kind == "choice" and item.option_lines:
            self.read_options(item, start)
        elif _inline(item):
            self.read_inline(item, start)
        else:
            self.read_lines(item, start, end)

    def found(self, item: Item, template_line: int) -> str | None:
        if template_line not in self.at:
            self.problems.append(f"{item.id}: not found in the body ({item.label})")
            return None
        return self.lines[self.at[template_line]]

    def read_options(self, item: Item, start: int) -> None:
        lines = [self.found(item, start + index) for index in range(len(item.options))]
        if any(line is None for line in lines):
            return
        ticked = [option for option, line in zip(item.options, lines, strict=True)
                  if line is not None and _ticked(line)]
        if len(ticked) > 1:
            self.problems.append(f"{item.id}: several options ticked ({', '.join(ticked)})")
        else:
            self.values[item.id] = ticked[0] if ticked else ""

    def read_inline(self, item: Item, start: int) -> None:
        line = self.found(item, start)
        if line is None:
            return
        prefix = item.line.rstrip()
        value = line.rstrip()[len(prefix):].strip() if line.startswith(prefix) else ""
        if value == item.placeholder.strip():
            value = ""
        value = unescape_html_and_tables(value)
        if item.kind == "choice" and value:
            matching = [option for option in item.options if option.lower() == value.lower()]
            if not matching:
                self.problems.append(f"{item.id}: {value!r} is not one of "
                                     f"{', '.join(item.options)}")
                return
            value = matching[0]
        self.values[item.id] = value

    def read_lines(self, item: Item, start: int, end: int) -> None:
        """A longtext or list: the lines after its label, up to what the template has next.
        Both ends must be found: lines up to the end of the body (or from its start) that
        the template does not end (or start) with belong to no item anyone can tell."""
        if item.line:
            label = self.found(item, start)
            if label is None:
                return
            first: int | None = self.at[start] + 1
        else:
            before = self.anchor_before(start)
            first = None if before is None else before + 1
        last = self.anchor_from(end)
        if first is None or last is None:
            self.problems.append(f"{item.id}: where its value starts or ends is not found in "
                                 f"the body ({item.label})")
            return
        region = self.lines[first:last]
        self.used.update(range(first, last))
        self.value_lines.update(dict.fromkeys(range(first, last), item.id))
        if item.kind == "longtext":
            while region and not region[-1].strip():
                region.pop()
            while region and not region[0].strip():
                region.pop(0)
            self.values[item.id] = "\n".join(_unescape(line) for line in region)
            return
        entries: list[str] = []
        for offset, line in enumerate(region):
            entry = ENTRY.match(line)
            if entry:
                if entry["entry"] and entry["entry"].strip():
                    entries.append(_unescape(entry["entry"].rstrip()))
            elif line.strip():
                self.used.discard(first + offset)  # not an entry: reported as stray
        self.values[item.id] = tuple(entries)

    def origin(self) -> tuple[int | str | None, ...]:
        template_line = {body: template for template, body in self.at.items()}
        return tuple(template_line.get(number, self.value_lines.get(number))
                     if number in self.used else None for number in range(len(self.lines)))

    def anchor_before(self, template_line: int) -> int | None:
        """The body line of the last template line before this one that was found: -1
        when the template says nothing before it, None when nothing it says was found."""
        said = False
        for index in range(template_line - 1, -1, -1):
            if self.template[index].strip():
                if index in self.at:
                    return self.at[index]
                said = True
        return None if said else -1

    def anchor_from(self, template_line: int) -> int | None:
        """The body line of the first template line from this one on that was found: the
        body's end when the template says nothing more, None when nothing more it says
        was found."""
        said = False
        for index in range(template_line, len(self.template)):
            if self.template[index].strip():
                if index in self.at:
                    return self.at[index]
                said = True
        return None if said else len(self.lines)


def _unmarked(line: str) -> str:
    """A box's line without what the renderer marked it with: `~~words~~ N/A: reason`
    back to `words`, and no `(approved by ...)` after it."""
    if na := NOT_APPLICABLE.match(line):
        return f"{na['box']} {na['words']}" if na["words"] is not None else na["box"]
    return APPROVED_BY.sub("", line)


def _ticked(line: str) -> bool:
    box = CHECKBOX_MARK.search(line)
    return box is not None and box.group() in TICKED


def _unescape(line: str) -> str:
    """A value's line as typed, undoing `render.body_line`: the HTML and pipe escapes,
    then the backslash put before markdown."""
    return unescape_line(unescape_html_and_tables(line))
