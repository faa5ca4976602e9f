"""The PR bodies a session last gave out or took in: the bases `hotfix import-body` merges
against (`.hotfix/.local/bodies/<session>.toml`).

Several are kept, not only the last: a body pasted on the website from an export two
exports ago must be merged against that export, or it would take back what the session
changed between the two. The importer picks the one nearest the body it reads.

Kept in this clone, git-ignored: an export goes out from one clone, and its round trip
comes back to it; two clones exporting in turn would otherwise conflict over the file at
every merge. A body that comes back to another clone, where no base is known, is merged
against the untouched template instead, which keeps every value the session holds.

A new session starts with none (`forget_bodies`), and the file names the session it
belongs to by when it was started: a session deleted and started again under the same
name, or one of that name pulled from a colleague, never merges against another's bodies.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime
from pathlib import Path

import tomli_w

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.model.events import aware
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.storage.files import read_toml
from hotfix_tui.core.storage.layout import Layout

KEPT = 8


def recent_bodies(layout: Layout, session: Session) -> list[str]:
    """The bodies the session last exported or read back here, oldest first; none when
    none is known, or the file is unreadable (the template then stands for the base,
    which loses nothing)."""
    try:
        data = read_toml(layout.exported_body(session.name), SessionError, "exported bodies",
                         missing_ok=True)
    except SessionError:
        return []
    if data is None:
        return []
    started, bodies = data.get("session_started"), data.get("bodies")
    if not isinstance(started, datetime) or aware(started) != aware(session.created_at):
        return []
    if not isinstance(bodies, list):
        return []
    return [body for body in bodies if isinstance(body, str)]


def forget_bodies(layout: Layout, name: str) -> None:
    """A session starts anew under `name`: the bodies kept for an earlier one go."""
    with suppress(FileNotFoundError):
        layout.exported_body(name).unlink()


def with_body(layout: Layout, session: Session, body: str) -> dict[Path, str]:
    """The bodies file with `body` added as the newest, by its path (nothing when it is the
    newest already): for `write_all`, so it is written together with what it stands for."""
    known = recent_bodies(layout, session)
    if known and known[-1] == body:
        return {}
    bodies = [*(old for old in known if old != body), body][-KEPT:]
    text = tomli_w.dumps({"session_started": session.created_at, "bodies": bodies})
    return {layout.exported_body(session.name): text}
