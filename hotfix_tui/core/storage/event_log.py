"""Event logs on disk: `.hotfix/<session>.events/<writer>.toml`, one file per writer.

A writer is one person in one clone (`dana-tester-3f9a1c2e.toml`): nobody else ever writes
to its file, so two clones recording events add or change different files and `git merge`
never meets a conflict there, whoever ticked what. Processes of one writer in one clone
(the app and a CLI) take the session's lock and add to the file, never take away.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.model.events import (
    MAX_NAME,
    MAX_NOTE,
    Event,
    aware,
    is_name,
    is_note,
    merge_events,
)
from hotfix_tui.core.storage.files import read_text, read_toml, write_atomic

SCHEMA_VERSION = 1
OPTIONAL_KEYS = ("item", "phase", "role", "to", "note")
# A run's keys (model/evidence.py), with the types they hold; files written before runs
# were recorded have none of them, and a hotfix from before reads past them.
RUN_KEYS: dict[str, tuple[type, ...]] = {"command": (str,), "exit_status": (int,),
                                         "duration": (int, float), "excerpt": (str,)}
NAME_KEYS = ("item", "phase", "role", "to")
WRITER_ID = re.compile(r"^[0-9a-f]{8}$")
HEADER = ("# hotfix event log: what one person recorded in one clone, oldest first.\n"
          "# Each writer has a file of its own, so git merges logs without conflicts.\n")


def load_writer_id(path: Path) -> str:
    """This clone's writer id, made the first time (the file is git-ignored, so every
    clone makes its own)."""
    try:
        found = (read_text(path, SessionError, "writer id", missing_ok=True) or "").strip()
    except SessionError:
        found = ""
    if WRITER_ID.match(found):
        return found
    import secrets  # loaded here: needed once per clone, and costly to load (OpenSSL)

    made = secrets.token_hex(4)
    write_atomic(path, made + "\n")
    return made


def read_events(files: Iterable[Path]) -> tuple[Event, ...]:
    """Every writer's events (`files`: their event files), merged in time order."""
    return merge_events(*(read_event_file(path) for path in files))


def read_event_file(path: Path) -> list[Event]:
    data = read_toml(path, SessionError, "event log", missing_ok=True)
    if data is None:
        return []
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SessionError(
            f"{path}: unsupported schema_version {version!r} (this hotfix reads {SCHEMA_VERSION})")
    tables = data.get("events", [])
    if not isinstance(tables, list):
        raise SessionError(f"{path}: 'events' must be an array of tables")
    return [_event(path, number, table) for number, table in enumerate(tables, start=1)]


def _event(path: Path, number: int, table: Any) -> Event:
    if not isinstance(table, dict):
        raise SessionError(f"{path}: event {number} must be a table")
    at, by, kind = table.get("at"), table.get("by"), table.get("event")
    if not isinstance(at, datetime) or not isinstance(by, str) or not isinstance(kind, str):
        raise SessionError(f"{path}: event {number} needs 'at' (a date-time), 'by' and 'event'")
    extra = {key: table.get(key) for key in OPTIONAL_KEYS}
    for key, value in extra.items():
        if value is not None and not isinstance(value, str):
            raise SessionError(f"{path}: event {number}: {key!r} must be a string")
    # Checked as they are when recorded: a teammate's committed file holds them.
    for key, value in (("by", by), ("event", kind), *((key, extra[key]) for key in NAME_KEYS)):
        if value is not None and not is_name(value):
            raise SessionError(f"{path}: event {number}: {key!r} must be printable text of at "
                               f"most {MAX_NAME} characters")
    note = extra["note"]
    if note is not None and not is_note(note):
        raise SessionError(f"{path}: event {number}: 'note' must be plain text (no control "
                           f"characters) of at most {MAX_NOTE} characters")
    run: dict[str, Any] = {key: table.get(key) for key in RUN_KEYS}
    for key, kinds in RUN_KEYS.items():
        value = run[key]
        if value is not None and (isinstance(value, bool) or not isinstance(value, kinds)):
            raise SessionError(f"{path}: event {number}: {key!r} must be "
                               f"{'a string' if kinds == (str,) else 'a number'}")
    if run["duration"] is not None:
        run["duration"] = float(run["duration"])
    return Event(aware(at), by, kind, **extra, **run)  # a hand-written time without its offset


def dump_events(events: Iterable[Event]) -> str:
    chunks = [HEADER + tomli_w.dumps({"schema_version": SCHEMA_VERSION})]
    for event in events:
        table: dict[str, Any] = {"at": event.at, "by": event.by, "event": event.event}
        table.update({key: getattr(event, key) for key in (*OPTIONAL_KEYS, *RUN_KEYS)
                      if getattr(event, key) is not None})
        # An array of tables, written out as such (tomli-w would write one inline array),
        # so that adding an event only adds lines. Strings stay on one line each, escaped:
        # tomli-w's multi-line strings would turn CRLF into LF.
        chunks.append("[[events]]\n" + tomli_w.dumps(table))
    return "\n".join(chunks)


def add_events(path: Path, new: Iterable[Event]) -> None:
    """Append events to a writer's file (call with the session's lock held): what the
    file holds stays, in its order; events it already has are not added twice."""
    old = read_event_file(path)
    known = set(old)
    added = []
    for event in new:
        if event not in known:
            known.add(event)
            added.append(event)
    if added:
        write_atomic(path, dump_events([*old, *added]))
