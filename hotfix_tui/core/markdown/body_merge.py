"""A PR body edited elsewhere, merged three ways into the session it was rendered from.

The base is the body as it was when the two were last in step (the one last pushed or
exported); `incoming` is the body now. All three (base, incoming, and the session rendered
now) are read with `read_body`, so each comparison is between values as the body shows
them. An item the body changed and the session did not comes in; one both changed in
different ways keeps the session's value (unless git or a run filled it in: a person's
value in the body wins over that) and is a conflict; one only the session changed stays
as it is. Text someone added to the body outside the template's structure is carried
into the next body the session renders (`with_added_text`), where it was.

Pure: session and text in, changes and text out. `hotfix pr` and `hotfix import-body` share it.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.markdown.body_import import BodyReading, body_lines, read_body
from hotfix_tui.core.markdown.render import body_parts, join_body, pr_body, pr_body_parts
from hotfix_tui.core.model.checklist import Checklist, Item, Value
from hotfix_tui.core.model.session import Session


class Said(NamedTuple):
    """What one side says about an item: its value, and for a box marked N/A the reason."""

    value: Value
    na: str | None = None


class Change(NamedTuple):
    """An item the incoming body changed: what it says now, who said it and when."""

    item_id: str
    said: Said
    by: str
    at: datetime


class Conflict(NamedTuple):
    """An item both sides changed differently since the base: the session's stays."""

    item_id: str
    label: str
    ours: Said
    theirs: Said


class BodyMerge(NamedTuple):
    changes: tuple[Change, ...]
    conflicts: tuple[Conflict, ...]
    # Items the session changed and the incoming body did not: the next body carries them.
    outgoing: tuple[str, ...]
    # Items the incoming body does not show readably (a box whose words were edited...).
    problems: tuple[str, ...]
    reading: BodyReading  # of the incoming body


def merge_body(session: Session, base: str | None, incoming: str, *, by: str,
               at: datetime) -> BodyMerge:
    """What the incoming body changes in the session since `base` (None: no base is known,
    so the untouched template stands for it). Changes are recorded as `by` at `at`."""
    checklist = session.checklist
    theirs = read_body(checklist, incoming)
    ours = read_body(checklist, pr_body(session))
    before = read_body(checklist, base) if base is not None else None
    changes: list[Change] = []
    conflicts: list[Conflict] = []
    outgoing: list[str] = []
    for item in checklist.items():
        if item.id not in theirs.values:
            continue  # not in the body, or not found there (then among the problems)
        said = _said(theirs, item)
        was = _said(before, item) if before is not None else Said(item.default)
        mine = _said(ours, item)
        if said == mine:
            continue
        if said == was:
            outgoing.append(item.id)
        elif mine == was or not session.typed(item.id):
            # A value git or a run filled in gives way to one a person wrote in the body.
            changes.append(Change(item.id, said, by, at))
        else:
            conflicts.append(Conflict(item.id, item.label, mine, said))
    return BodyMerge(tuple(changes), tuple(conflicts), tuple(outgoing), theirs.problems, theirs)


def said_briefly(said: Said) -> str:
    """What one side says of an item, in a few words for people: `ticked`, `'INC-1'`."""
    if said.na is not None:
        return f"N/A ({said.na})"
    if isinstance(said.value, bool):
        return "ticked" if said.value else "not ticked"
    if isinstance(said.value, tuple):
        return f"{len(said.value)} entries"
    first = said.value.strip().split("\n")[0]
    if not first:
        return "empty"
    return repr(first if len(first) <= 40 else first[:39] + "…")


def _said(reading: BodyReading, item: Item) -> Said:
    if item.id not in reading.values:
        return Said(item.default)
    return Said(reading.values[item.id], reading.na.get(item.id))


def apply_changes(session: Session, changes: tuple[Change, ...]) -> tuple[Session, tuple[str, ...]]:
    """The session with the changes made (each recorded as its `by`, at its `at`), and one
    line for each change the item refused (an N/A reason too long for the session)."""
    refused = []
    for change in changes:
        said = change.said
        try:
            if said.na is not None:
                session = session.with_na(change.item_id, said.na, at=change.at, by=change.by)
            else:
                session = session.with_value(change.item_id, said.value, at=change.at,
                                             by=change.by)
        except ValueInputError as exc:
            refused.append(str(exc))
    return session, tuple(refused)


def with_added_text(session: Session, incoming: str, reading: BodyReading) -> str:
    """The session's PR body, with the runs of lines `incoming` holds outside the template
    and its items (`reading` is `read_body` of it) put back after the line they followed.
    Runs of blank lines alone are not kept: the template says where blank lines go."""
    checklist = session.checklist
    parts = pr_body_parts(session)
    new_line, item_end = _landing(checklist, parts)
    lines = body_lines(incoming)
    after: dict[int, list[str]] = {}
    start = 0
    while start < len(lines):
        if reading.origin[start] is not None:
            start += 1
            continue
        end = start
        while end < len(lines) and reading.origin[end] is None:
            end += 1
        run = lines[start:end]
        if any(line.strip() for line in run):
            anchor = reading.origin[start - 1] if start else None
            if anchor is None:
                at = -1
            elif isinstance(anchor, int):
                at = new_line[anchor]
            else:
                at = item_end[anchor]
            after.setdefault(at, []).extend(run)
        start = end
    rendered = [line for _, run in parts for line in run]
    out = list(after.get(-1, []))
    for number, line in enumerate(rendered):
        out.append(line)
        out.extend(after.get(number, []))
    return join_body(checklist, out)


def _landing(checklist: Checklist, parts: list[tuple[Item | None, list[str]]]
             ) -> tuple[list[int], dict[str, int]]:
    """Where each line of the untouched template lands in the body `parts` make, and the
    last line of each item's own content there (before its trailing blank lines)."""
    untouched = body_parts(checklist, lambda item: item.default)
    new_line: list[int] = []
    item_end: dict[str, int] = {}
    position = 0
    for (owner, run), (_, template_run) in zip(parts, untouched, strict=True):
        size, template_size = len(run), len(template_run)
        for offset in range(template_size):
            if owner is None or offset == 0:
                new_line.append(position + offset)
            else:  # a value's lines come between an item's first line and its blank ones
                new_line.append(position + max(0, size - (template_size - offset)))
        if owner is not None:
            item_end[owner.id] = position + max(0, size - owner.blank_lines) - 1
        position += size
    return new_line, item_end


def same_body(one: str, other: str) -> bool:
    """Whether two bodies say the same, whatever their line endings (the website's CRLF)."""
    return one.replace("\r\n", "\n") == other.replace("\r\n", "\n")
