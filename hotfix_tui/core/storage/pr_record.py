"""What a session knows about its pull request: `.hotfix/<session>.pr/`, committed.

`record.toml` says which pull request it is and when the two were last in step; `base.md`
is the PR's body as it was then, byte for byte: the base of the next three-way merge. Both
are committed with the session, so a colleague's clone syncs against the same base. They
live beside the session file, not in it: a sync rewrites them, and the session file stays
one table per item, which two people's changes merge in without a conflict.

A base whose hash does not match the record (edited by hand, half of a merge) is not used:
the next sync then merges against the untouched template, which loses nothing either.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

import tomli_w

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.model.events import aware
from hotfix_tui.core.storage.files import read_text, read_toml, write_all
from hotfix_tui.core.storage.layout import Layout


class PrRecord(NamedTuple):
    number: int
    url: str
    synced_at: datetime  # when the session and the PR were last brought into step
    base_hash: str  # of the body then (`body_hash`)


class PrState(NamedTuple):
    record: PrRecord
    base: str | None  # the body when last in step; None when it is missing or not the one


def body_hash(body: str) -> str:
    """A body's hash, whatever its line endings (git may turn CRLF into LF on checkout)."""
    import hashlib  # loaded when a body is hashed: reading the record (the app's start) needs none

    digest = hashlib.sha256(body.replace("\r\n", "\n").encode("utf-8")).hexdigest()
    return f"sha256:{digest[:32]}"


def read_pr_state(layout: Layout, session_path: Path) -> PrState | None:
    """The session's pull request as last synced; None before the first `hotfix pr`."""
    path = layout.pr_record(session_path)
    data = read_toml(path, SessionError, "pull-request record", missing_ok=True)
    if data is None:
        return None
    try:
        record = PrRecord(number=data["number"], url=data["url"],
                          synced_at=aware(data["synced_at"]), base_hash=data["base_hash"])
    except (KeyError, TypeError, AttributeError) as exc:
        raise SessionError(f"{path}: not a pull-request record ({exc}): fix it, or delete "
                           "the file and `hotfix pr` finds the PR again") from None
    types = (int, str, datetime, str)
    if not all(isinstance(value, kind) for value, kind in zip(record, types, strict=True)):
        raise SessionError(f"{path}: a value of the wrong type: fix it, or delete the file "
                           "and `hotfix pr` finds the PR again")
    base = read_text(layout.pr_base(session_path), SessionError, "pull-request body",
                     missing_ok=True)
    if base is not None and body_hash(base) != record.base_hash:
        base = None
    return PrState(record, base)


def write_pr_state(layout: Layout, session_path: Path, record: PrRecord, base: str) -> None:
    """Write the record and the base (whose hash it holds) together: all or none."""
    write_all({layout.pr_record(session_path): tomli_w.dumps(record._asdict()),
               layout.pr_base(session_path): base})
