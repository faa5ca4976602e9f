"""Session files: `.hotfix/<name>.toml`, read with tomllib, written atomically with tomli-w.

The layout is made for git: keys in a fixed order, every checklist item in its own table
in checklist order (so two people's edits to different items touch different lines), and
no whole-file timestamp that every save would rewrite.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomli_w

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.model.checklist import Checklist
from hotfix_tui.core.model.events import MAX_NAME, MAX_REASON, aware, is_name, is_reason
from hotfix_tui.core.model.session import GitContext, ItemState, Session
from hotfix_tui.core.storage.event_log import NO_SAVES, Mark, SaveMarks
from hotfix_tui.core.storage.files import read_toml

# 2: item times to the microsecond, and `[saves]` (which of each writer's saves of events
# the session holds). A version 1 file, read the same, holds every event of its log.
SCHEMA_VERSION = 2
READS = (1, 2)


# --- reading ---------------------------------------------------------------------------


def read_session_data(path: Path) -> dict[str, Any]:
    """The parsed contents of a session file, checked for the keys every version has."""
    data = read_toml(path, SessionError, "session") or {}
    version = data.get("schema_version")
    if version not in READS or isinstance(version, bool):
        raise SessionError(f"{path}: unsupported schema_version {version!r} (this hotfix "
                           f"reads {' and '.join(map(str, READS))})")
    for key, kind in (("checklist", str), ("created_at", datetime), ("created_by", str),
                      ("items", dict)):
        if key not in data:
            raise SessionError(f"{path}: missing {key!r}")
        if not isinstance(data[key], kind):
            raise SessionError(f"{path}: {key!r} must be {_type_name(kind)}")
    if not is_name(data["created_by"]):
        raise SessionError(f"{path}: 'created_by' must be a name of printable text, at most "
                           f"{MAX_NAME} characters")
    return data


def session_from_data(name: str, data: dict[str, Any], checklist: Checklist,
                      path: Path) -> Session:
    states: dict[str, ItemState] = {}
    for item_id, table in data["items"].items():
        if not isinstance(table, dict) or "value" not in table:
            raise SessionError(f"{path}: item {item_id!r} needs a 'value'")
        value = table["value"]
        if isinstance(value, list):
            value = tuple(value)
        at, by = table.get("updated_at"), table.get("updated_by")
        if at is not None and not isinstance(at, datetime) or by is not None and not isinstance(by, str):
            raise SessionError(f"{path}: item {item_id!r} has a malformed updated_at/updated_by")
        if at is not None:
            at = aware(at)  # a time written by hand without its offset; compared with others
        source, na = table.get("source"), table.get("na")
        if source is not None and not isinstance(source, str):
            raise SessionError(f"{path}: item {item_id!r}: 'source' must be a string")
        if na is not None and not isinstance(na, str):
            raise SessionError(f"{path}: item {item_id!r}: 'na' must be a string (the reason)")
        # Names and reasons are checked as they are when recorded (a teammate's committed
        # file holds them); values may hold any text.
        if not all(text is None or is_name(text) for text in (item_id, by, source)):
            raise SessionError(f"{path}: item {item_id!r}: its id, 'updated_by' and 'source' "
                               f"must be printable text of at most {MAX_NAME} characters")
        if na is not None and not is_reason(na):
            raise SessionError(f"{path}: item {item_id!r}: 'na' must be one line of plain text, "
                               f"at most {MAX_REASON} characters")
        if checklist.has_item(item_id):
            item = checklist.item(item_id)
            if at is None and value == item.default:
                continue  # written for layout only: never set
        if not _is_value(value):
            raise SessionError(f"{path}: item {item_id!r}: {value!r} is not a text, "
                               "true/false or a list of texts")
        # A value that no longer fits its item's kind (the checklist changed) is kept as
        # it is, shown as orphaned, and written back until someone sets a new one.
        states[item_id] = ItemState(value, at, by, source, na)
    return Session(
        name=name,
        checklist=checklist,
        created_at=aware(data["created_at"]),
        created_by=data["created_by"],
        states=states,
        git=_git_context(data, path),
    )


GIT_KEYS = ("branch", "base", "head")


def _git_context(data: dict[str, Any], path: Path) -> GitContext | None:
    table = data.get("git")
    if table is None:
        return None
    if not isinstance(table, dict) or not all(
            isinstance(table.get(key, ""), str) for key in GIT_KEYS):
        raise SessionError(f"{path}: [git] must be a table of strings ({', '.join(GIT_KEYS)})")
    return GitContext(*(table.get(key) or None for key in GIT_KEYS))


def read_saves(data: dict[str, Any], path: Path) -> SaveMarks:
    """Which saves of each writer's events the session holds (`[saves]`: the last,
    `[dropped]`: those whose session write never happened)."""
    if data.get("schema_version") == 1:
        return SaveMarks({}, numbered=False)
    saves, dropped = data.get("saves", {}), data.get("dropped", {})
    if not isinstance(saves, dict) or not isinstance(dropped, dict):
        raise SessionError(f"{path}: [saves] and [dropped] must be tables")
    writers = {}
    for writer, last in saves.items():
        lost = dropped.get(writer, [])
        if (not _is_count(last) or not isinstance(lost, list)
                or not all(_is_count(n) for n in lost)):
            raise SessionError(f"{path}: [saves] {writer!r}: must be a save number (and "
                               "[dropped] a list of them)")
        writers[writer] = Mark(last, frozenset(lost))
    return SaveMarks(writers)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_value(value: object) -> bool:
    if isinstance(value, tuple):
        return all(isinstance(entry, str) for entry in value)
    return isinstance(value, (str, bool))


def _type_name(kind: type) -> str:
    return {str: "a string", datetime: "a date-time", dict: "a table"}.get(kind, kind.__name__)


# --- writing ---------------------------------------------------------------------------


def dump_session(session: Session, checklist_ref: str, saves: SaveMarks = NO_SAVES) -> str:
    head = {
        "schema_version": SCHEMA_VERSION,
        "checklist": checklist_ref,
        "checklist_hash": session.checklist.digest,
        "created_at": session.created_at,
        "created_by": session.created_by,
    }
    if session.git is not None:
        # A table after the header keys, before the items; absent values are left out.
        context = session.git
        head["git"] = {key: getattr(context, key) for key in GIT_KEYS if getattr(context, key)}
    if saves.writers:
        # One line per writer: two clones' saves change different lines.
        head["saves"] = {writer: mark.last for writer, mark in sorted(saves.writers.items())}
        lost = {writer: sorted(mark.dropped) for writer, mark in sorted(saves.writers.items())
                if mark.dropped}
        if lost:
            head["dropped"] = lost
    chunks = [tomli_w.dumps(head)]
    item_ids = [item.id for item in session.checklist.items()]
    item_ids += [key for key in session.states if not session.checklist.has_item(key)]
    for item_id in item_ids:
        state = session.states.get(item_id)
        if state is None:
            chunks.append(_item_toml(item_id, session.checklist.item(item_id).default))
        else:
            at = state.updated_at
            chunks.append(_item_toml(item_id, state.value, at, at.utcoffset() if at else None,
                                     state.updated_by, state.source, state.na))
    return "\n".join(chunks)


# Every save writes every item though one changed: the text of an item in a given state is
# kept, so saving a long checklist is a join, not a TOML dump per item. Equal times with
# different UTC offsets compare equal, so the offset is part of the key.
@lru_cache(maxsize=1 << 15)
def _item_toml(item_id: str, value: object, updated_at: datetime | None = None,
               offset: timedelta | None = None, updated_by: str | None = None,
               source: str | None = None, na: str | None = None) -> str:
    table: dict[str, Any] = {"value": _toml_value(value), "updated_at": updated_at,
                             "updated_by": updated_by, "source": source, "na": na}
    return _dump_table(item_id, {key: v for key, v in table.items() if v is not None})


def _toml_value(value: object) -> object:
    return list(value) if isinstance(value, tuple) else value


def _dump_table(item_id: str, table: dict[str, Any]) -> str:
    # Multi-line strings keep diffs readable, but tomli-w turns CRLF into LF inside them,
    # so a value holding a carriage return is written escaped on one line instead.
    has_cr = any("\r" in s for field in table.values() for s in _strings(field))
    return tomli_w.dumps({"items": {item_id: table}}, multiline_strings=not has_cr)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


# --- concurrent writers ---------------------------------------------------------------


