"""Event logs on disk: `.hotfix/<session>.events/<writer>.toml`, one file per writer.

A writer is one person in one clone (`dana-tester-3f9a1c2e.toml`): nobody else ever writes
to its file, so two clones recording events add or change different files and `git merge`
never meets a conflict there, whoever ticked what. Processes of one writer in one clone
(the app and a CLI) take the session's lock and append to the file, never take away nor
rewrite it: a save costs the same at 10 events and at 10,000.

Each event records the writer's save that added it (`save = N`); the session file marks
the last save of each writer it holds (session_file.py, `[saves]`). An event whose save
the session does not hold (the process died, or the disk failed, between the two writes)
is not part of the log: `SaveMarks.holds` is the rule.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

import tomli_w

from hotfix_tui.core.errors import FileError, SessionError
from hotfix_tui.core.model.events import (
    MAX_NAME,
    MAX_NOTE,
    Event,
    aware,
    is_name,
    is_note,
)
from hotfix_tui.core.storage.files import fsync_dir, parse_toml, read_bytes, read_text, write_atomic

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


class Record(NamedTuple):
    """An event as a writer's file holds it: with the number of the save that added it
    (None: written before saves were numbered, held by every session)."""

    event: Event
    save: int | None = None


class Mark(NamedTuple):
    """What a session holds of one writer's saves: every one up to `last` but `dropped`
    (saves whose session write never happened)."""

    last: int = 0
    dropped: frozenset[int] = frozenset()


class SaveMarks(NamedTuple):
    """Per writer (its file's name without `.toml`), the saves a session holds; `numbered`
    False for a session file from before saves were marked, which holds every event."""

    writers: Mapping[str, Mark]
    numbered: bool = True

    def holds(self, writer: str, record: Record) -> bool:
        if record.save is None or not self.numbered:
            return True
        mark = self.writers.get(writer)
        return mark is not None and record.save <= mark.last and record.save not in mark.dropped

    def merged(self, other: SaveMarks) -> SaveMarks:
        """Both sessions' saves: what either holds is held."""
        writers = dict(self.writers)
        for writer, mark in other.writers.items():
            mine = writers.get(writer, Mark())
            writers[writer] = Mark(max(mine.last, mark.last), mine.dropped | mark.dropped)
        return SaveMarks(writers, self.numbered or other.numbered)

    def with_save(self, writer: str, number: int, dropped: Iterable[int] = ()) -> SaveMarks:
        mark = self.writers.get(writer, Mark())
        return SaveMarks({**self.writers, writer: Mark(number, mark.dropped | set(dropped))})


NO_SAVES = SaveMarks({})


class WriterLog(NamedTuple):
    """One writer's file as read: its records, and how many of its bytes they are (a save
    killed while appending can leave an unfinished record after them)."""

    records: tuple[Record, ...] = ()
    valid_size: int = 0
    size: int = 0
    last_save: int = 0  # the highest save number among its records


def _last_save(records: Iterable[Record], start: int = 0) -> int:
    return max((r.save for r in records if r.save is not None), default=start)


def read_writer_log(path: Path) -> WriterLog:
    """A writer's file. An unfinished record at its end (the append that wrote it was
    killed) is no part of it; the next append replaces it. A kill can cut an append
    anywhere: mid-line, mid-character, or at a page boundary just after a newline."""
    raw = read_bytes(path, SessionError, "event log", missing_ok=True)
    if raw is None:
        return WriterLog()
    size = len(raw)
    whole = raw[:raw.rfind(b"\n") + 1]  # past the last newline: an append cut short
    try:
        text = whole.decode("utf-8")
    except UnicodeDecodeError:
        raise SessionError(f"{path}: not UTF-8 text") from None
    if FILE_START.startswith(text):
        return WriterLog((), 0, size)  # killed while starting the file
    cut = text.rfind("\n[[events]]\n")
    cut_short = len(whole) < size  # bytes after the last newline: an append was killed
    try:
        log = _parsed_log(path, text, size)
    except SessionError as broken:
        # The last record may be the killed append's, cut after a newline (its `save`
        # line, always its last, missing); a record broken any other way is named.
        if cut < 0 or not cut_short and "\nsave = " in text[cut:]:
            raise
        try:
            before = _parsed_log(path, text[:cut + 1], size)
        except SessionError:
            raise broken from None
        if cut_short or _numbered(before):
            return before
        raise
    # One that lost its save number after numbered ones was cut short, however whole its
    # other lines read.
    *earlier, last = log.records or (None,)
    if last is not None and last.save is None and _numbered(log._replace(records=tuple(earlier))):
        return _parsed_log(path, text[:cut + 1], size)
    return log


def _numbered(log: WriterLog) -> bool:
    """Whether the file's records carry save numbers (every one this hotfix appends does)."""
    return any(record.save is not None for record in log.records)


def _parsed_log(path: Path, text: str, size: int) -> WriterLog:
    data = parse_toml(text, str(path), SessionError)
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise SessionError(
            f"{path}: unsupported schema_version {version!r} (this hotfix reads {SCHEMA_VERSION})")
    records = _records(path, data, 1)
    return WriterLog(records, len(text.encode("utf-8")), size, _last_save(records))


def read_appended(path: Path, old: WriterLog) -> WriterLog:
    """The file after another process of this writer appended to it: only the new bytes
    are read (the whole file when they do not parse alone)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(old.size)
            tail = handle.read()
        text = tail.decode("utf-8")
        if not text.endswith("\n"):
            raise ValueError("an unfinished append")
        data = parse_toml(text, str(path), SessionError)
        added = _records(path, data, len(old.records) + 1)
    except (OSError, ValueError, SessionError):
        return read_writer_log(path)
    size = old.size + len(tail)
    return WriterLog((*old.records, *added), size, size, _last_save(added, old.last_save))


def _records(path: Path, data: dict[str, Any], first: int) -> tuple[Record, ...]:
    tables = data.get("events", [])
    if not isinstance(tables, list):
        raise SessionError(f"{path}: 'events' must be an array of tables")
    return tuple(_record(path, number, table) for number, table in enumerate(tables, first))


def _record(path: Path, number: int, table: Any) -> Record:
    event = _event(path, number, table)
    save = table.get("save")
    if save is not None and (isinstance(save, bool) or not isinstance(save, int) or save < 1):
        raise SessionError(f"{path}: event {number}: 'save' must be a positive whole number")
    return Record(event, save)


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


FILE_START = HEADER + tomli_w.dumps({"schema_version": SCHEMA_VERSION})


def dump_events(events: Iterable[Event | Record]) -> str:
    """A whole writer's file (a merge writes one)."""
    return FILE_START + dump_records(events)


def dump_records(records: Iterable[Event | Record]) -> str:
    """Records as appended to a writer's file."""
    chunks = []
    for record in records:
        event, save = record if isinstance(record, Record) else (record, None)
        table: dict[str, Any] = {"at": event.at, "by": event.by, "event": event.event}
        table.update({key: getattr(event, key) for key in (*OPTIONAL_KEYS, *RUN_KEYS)
                      if getattr(event, key) is not None})
        if save is not None:
            table["save"] = save
        # An array of tables, written out as such (tomli-w would write one inline array),
        # so that adding an event only adds lines. Strings stay on one line each, escaped:
        # tomli-w's multi-line strings would turn CRLF into LF.
        chunks.append("\n[[events]]\n" + tomli_w.dumps(table))
    return "".join(chunks)


def append_records(path: Path, records: list[Record], valid_size: int) -> int:
    """Append to a writer's file (with the session's lock held) in one write, fsynced;
    returns the file's size after. `valid_size` is how much of it is whole records: an
    unfinished one after them (a killed append) is cut off first. A write that fails
    leaves the file as it was."""
    if not records:
        return valid_size
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC,
                     0o644)
    except OSError as exc:
        raise FileError(f"{path}: cannot save: {exc.strerror or exc}") from None
    try:
        size = os.fstat(fd).st_size
        if size > valid_size:
            os.ftruncate(fd, valid_size)
            size = valid_size
        data = ((FILE_START if size == 0 else "") + dump_records(records)).encode("utf-8")
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, size)  # the record is on disk whole or not at all
            raise
    except OSError as exc:
        raise FileError(f"{path}: cannot save: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if size == 0:
        fsync_dir(path.parent)
    return size + len(data)
