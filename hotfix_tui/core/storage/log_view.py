"""A session's log as the session holds it: every writer's file read once, then only
what changed (another process's append), and our own events appended without reading
or rewriting anything. What the save transaction (sessions.py) keeps per session.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from hotfix_tui.core.model.events import Event, merge_events
from hotfix_tui.core.storage.event_log import (
    Record,
    SaveMarks,
    WriterLog,
    append_records,
    read_appended,
    read_writer_log,
)
from hotfix_tui.core.storage.files import file_signature
from hotfix_tui.core.storage.layout import Layout

FileSignature = tuple[int, int, int] | None


class LogView(NamedTuple):
    files: dict[Path, tuple[FileSignature, WriterLog]]
    events: tuple[Event, ...]  # the events `saves` holds, in time order
    saves: SaveMarks


def refreshed(layout: Layout, folder: Path, view: LogView | None, saves: SaveMarks) -> LogView:
    """`view` brought up to date with the files in `folder` and the session's `saves`:
    the same view when nothing changed; a file another process appended to is read from
    where it was left."""
    files: dict[Path, tuple[FileSignature, WriterLog]] = {}
    known = view.files if view is not None else {}
    changed = view is None or saves != view.saves
    for path in layout.event_files(folder):
        signature = file_signature(path)
        old = known.get(path)
        if old is not None and old[0] == signature:
            files[path] = old
            continue
        changed = True
        if old is not None and _grown(old[0], signature, old[1]):
            files[path] = (signature, read_appended(path, old[1]))
        else:
            files[path] = (signature, read_writer_log(path))
    if not changed and files.keys() == known.keys() and view is not None:
        return view
    events = merge_events(*([r.event for r in log.records if saves.holds(path.stem, r)]
                            for path, (_, log) in files.items()))
    return LogView(files, events, saves)


def _grown(before: FileSignature, now: FileSignature, log: WriterLog) -> bool:
    """Whether a file only had bytes appended since it was read (same file, longer, and
    read to its end without an unfinished record)."""
    return (before is not None and now is not None and before[0] == now[0]
            and now[2] > log.size == log.valid_size)


def unheld(events: Sequence[Event], held: tuple[Event, ...]) -> tuple[Event, ...]:
    """The events of `events` that `held` lacks: ours, not saved yet. Usually `events`
    is `held` with ours after it, which is told without hashing the whole log."""
    if tuple(events[:len(held)]) == held:
        return tuple(dict.fromkeys(events[len(held):]))
    known = set(held)
    return tuple(event for event in dict.fromkeys(events) if event not in known)


def with_events(held: tuple[Event, ...], new: tuple[Event, ...]) -> tuple[Event, ...]:
    """`held` (in time order) with `new` (none of them in it) each put in its place, after
    events of the same time: what `merge_events` gives, without sorting the whole log (an
    event from a clock that runs ahead would make every later save do so)."""
    if not new:
        return held
    if all(a.sort_key <= b.sort_key for a, b in zip((held[-1:] or new[:1]) + new, new,
                                                     strict=False)):
        return held + new  # the usual case: ours are the newest
    merged = list(held)
    for event in new:
        at = bisect.bisect_right(merged, event.sort_key, key=lambda e: e.sort_key)
        merged.insert(at, event)
    return tuple(merged)


def appended(view: LogView, path: Path, new: tuple[Event, ...]) -> LogView:
    """Append our `new` events to our file `path` as one numbered save (with the lock
    held, `view` just refreshed); the view after, whose `saves` also drops our saves
    that never reached the session file. Only what the session file then holds counts:
    write it with the returned `saves`."""
    writer = path.stem
    signature, log = view.files.get(path, (None, WriterLog()))
    mark = view.saves.writers.get(writer)
    last = mark.last if mark is not None else 0
    lost = ({r.save for r in log.records if r.save is not None and r.save > last}
            if log.last_save > last else set())
    number = max(last, log.last_save) + 1
    records = tuple(Record(event, number) for event in new)
    size = append_records(path, list(records), log.valid_size)
    files = {**view.files,
             path: (file_signature(path), WriterLog((*log.records, *records), size, size, number))}
    return LogView(files, with_events(view.events, new), view.saves.with_save(writer, number, lost))
