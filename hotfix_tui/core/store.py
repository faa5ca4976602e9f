"""Session files: `.hotfix/<name>.toml`, read with tomllib, written atomically with tomli-w.

The layout is made for git: keys in a fixed order, every checklist item in its own table
in checklist order (so two people's edits to different items touch different lines), and
no whole-file timestamp that every save would rewrite.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomli_w

from hotfix_tui.core.checklist import Checklist
from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.record import aware
from hotfix_tui.core.session import GitContext, ItemState, Session
from hotfix_tui.core.textfile import read_toml

SCHEMA_VERSION = 1
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# Names that are devices on Windows: a session file named so could not be checked out there.
# "config" too: .hotfix/config.toml holds the repo's settings, not a session.
RESERVED_NAMES = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10)),
     "config"}
)


def check_session_name(name: str) -> str:
    """A session name typed by a user: refused unless it is a plain file name."""
    if (not SAFE_NAME.match(name) or ".." in name or name.endswith(".")
            or name.lower().split(".")[0] in RESERVED_NAMES):
        raise SessionError(
            f"invalid session name {name!r}: use letters, digits, '.', '_' and '-' only")
    return name


def safe_session_name(text: str) -> str:
    """A session name made from a branch name: `hotfix/login-crash` -> `hotfix-login-crash`."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    name = re.sub(r"\.{2,}", ".", name).strip(".-_")[:100].rstrip(".")
    if not name or name.lower().split(".")[0] in RESERVED_NAMES:
        name = f"session-{name}" if name else "session"
    return name


# --- reading ---------------------------------------------------------------------------


def read_session_data(path: Path) -> dict[str, Any]:
    """The parsed contents of a session file, checked for the keys every version has."""
    data = read_toml(path, SessionError, "session") or {}
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SessionError(
            f"{path}: unsupported schema_version {version!r} (this hotfix reads {SCHEMA_VERSION})")
    for key, kind in (("checklist", str), ("created_at", datetime), ("created_by", str),
                      ("items", dict)):
        if key not in data:
            raise SessionError(f"{path}: missing {key!r}")
        if not isinstance(data[key], kind):
            raise SessionError(f"{path}: {key!r} must be {_type_name(kind)}")
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


def _is_value(value: object) -> bool:
    if isinstance(value, tuple):
        return all(isinstance(entry, str) for entry in value)
    return isinstance(value, (str, bool))


def _type_name(kind: type) -> str:
    return {str: "a string", datetime: "a date-time", dict: "a table"}.get(kind, kind.__name__)


# --- writing ---------------------------------------------------------------------------


def dump_session(session: Session, checklist_ref: str) -> str:
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

LOCK_WAIT = 5.0


@contextmanager
def session_lock(path: Path) -> Iterator[None]:
    """Hold the session's lock while reading and writing it back.

    An flock belongs to the process: the kernel drops it when the process dies, so a
    killed writer never leaves a stale lock behind to block anyone.
    """
    lock_path = path.with_name(f".{path.name}.lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise SessionError(f"{path}: cannot lock: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise SessionError(f"{path}: locked by another hotfix process for over "
                                       f"{LOCK_WAIT:.0f} s") from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def merge_states(base: Mapping[str, ItemState], ours: Mapping[str, ItemState],
                 theirs: Mapping[str, ItemState]) -> tuple[dict[str, ItemState], list[str]]:
    """Three-way merge of item states: `base` is the file as we last read or wrote it,
    `theirs` the file now. Items only we changed take ours, items only they changed take
    theirs, and when both changed one, the later change wins (ours on a tie).
    Returns the merged states and the ids whose value now comes from someone else."""
    merged = dict(theirs)
    for item_id in ours:
        mine, before, other = ours[item_id], base.get(item_id), theirs.get(item_id)
        if mine in (before, other):
            continue
        if other is None or other == before or _later_or_same(mine, other):
            merged[item_id] = mine
    from_others = [item_id for item_id, state in merged.items()
                   if state != ours.get(item_id)]
    return merged, from_others


def _later_or_same(mine: ItemState, other: ItemState) -> bool:
    if mine.updated_at is None or other.updated_at is None:
        return other.updated_at is None
    return mine.updated_at >= other.updated_at


def file_signature(path: Path) -> tuple[int, int, int] | None:
    """Changes whenever the file is replaced or rewritten; None when it does not exist."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def write_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` so that a crash leaves either the old or the new file.

    The temp file lives in the same folder (rename is atomic only within a filesystem) and
    is fsynced before the rename; the folder is fsynced after so the rename itself lasts.
    """
    import tempfile  # loaded here: commands that only read do without it (and shutil)

    data = text.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise SessionError(f"{path}: cannot save: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SessionError(f"{path}: cannot save: {exc.strerror or exc}") from None
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the file itself is on disk
    finally:
        os.close(fd)

