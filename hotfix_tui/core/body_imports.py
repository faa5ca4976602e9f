"""`hotfix import-body`: a PR body read back into its session, taking nothing back.

The body is merged three ways (markdown/body_merge.py) against the body it came from:
of those the session last exported or read back here (storage/exported_body.py), the
one nearest to it. Only what the body changed since comes in; what only the session
changed since stays; an item both changed keeps the session's value and is reported. A
body that does not look like the checklist's (most of its template missing: an empty
text, another file) is refused whole. Each change is recorded as the importing person's,
marked as from an imported body.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from hotfix_tui.core.errors import BodyError
from hotfix_tui.core.markdown.body_import import BodyReading, read_body
from hotfix_tui.core.markdown.body_merge import Change, Conflict, apply_changes, merge_body
from hotfix_tui.core.model.checklist import Checklist
from hotfix_tui.core.model.events import MAX_NAME
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.storage.exported_body import recent_bodies, with_body
from hotfix_tui.core.storage.files import write_all

if TYPE_CHECKING:
    from hotfix_tui.core.workspace import Workspace

FROM_BODY = " (from an imported body)"


class BodyImport(NamedTuple):
    """What an import did (or, dry, would do): the session (saved unless dry), what was
    read, and what it changes."""

    session: Session
    reading: BodyReading
    changes: tuple[Change, ...]
    conflicts: tuple[Conflict, ...]  # changed on both sides since the base: the session's kept
    refused: tuple[str, ...]  # changes an item would not take (an N/A reason too long)
    against_export: bool  # merged against the body last exported (else the template)

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(change.item_id for change in self.changes)


def imported_by(author: str) -> str:
    """Who a change from a body is recorded as: the person importing it, saying so."""
    return author[:MAX_NAME - len(FROM_BODY)] + FROM_BODY


def import_body(ws: Workspace, session: Session, body: str, source: str,
                dry_run: bool = False) -> BodyImport:
    """Merge `body` (from `source`, for messages) into the session; saved at once unless
    `dry_run`. Refused (BodyError) when it does not look like the checklist's body."""
    from hotfix_tui.core.workspace import instant

    checklist = session.checklist
    reading = read_body(checklist, body)
    if not reading.looks_like_the_checklist():
        missing = reading.structure - reading.structure_found
        raise BodyError(f"{source}: does not look like a PR body of checklist "
                        f"{checklist.name!r} ({missing} of its {reading.structure} template "
                        "lines are not in it): nothing imported")
    base = _nearest(checklist, reading, recent_bodies(ws.layout, session))
    merge = merge_body(session, base, body, by=imported_by(ws.author), at=instant())
    merged, refused = apply_changes(session, merge.changes)
    result = BodyImport(merged, merge.reading, merge.changes, merge.conflicts, refused,
                        base is not None)
    if dry_run:
        return result._replace(session=session)
    for change in merge.changes:
        ws.secrets.of_item(merged, change.item_id, "the value read from the body")
    if merged is not session:
        merged = ws.save(merged)
    # The body read is the base from now on: importing it again changes nothing, even
    # after the session changed what it had brought in.
    ws.layout.ensure_ignored()
    write_all(with_body(ws.layout, merged, body))
    return result._replace(session=merged)


def _nearest(checklist: Checklist, reading: BodyReading, bodies: list[str]) -> str | None:
    """Of the bodies given out or taken in, the one the body read says most nearly the
    same as (the newest of those): the one it was most likely edited from."""
    def differences(body: str) -> int:
        known = read_body(checklist, body)
        return sum(known.values.get(item_id) != value or known.na.get(item_id)
                   != reading.na.get(item_id) for item_id, value in reading.values.items())

    nearest = None
    fewest = None
    for body in reversed(bodies):
        count = differences(body)
        if fewest is None or count < fewest:
            nearest, fewest = body, count
    return nearest
