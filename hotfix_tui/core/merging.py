"""Git merges of hotfix's files: a session file item by item, an event log as the union of
both sides' events. What git runs as the `hotfix` merge driver (clone_setup.py registers
it) and what `hotfix resolve` does for a file already left with conflict markers.

An item both sides changed keeps the later change (a person's over git's pre-fill, as
the save transaction merges); the other value is not lost: it goes into the session's log
as a `superseded` event, from the git-ignored `.hotfix/.local/superseded/` where the
driver leaves it until the next save writes it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import NamedTuple

import tomli_w

from hotfix_tui.core.definition.catalog import Catalog
from hotfix_tui.core.errors import HotfixError, SessionError
from hotfix_tui.core.model.events import MAX_NOTE, SUPERSEDED, Event, aware
from hotfix_tui.core.model.merge import merge_states
from hotfix_tui.core.model.session import ItemState, Session
from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.core.storage.event_log import dump_events, read_writer_log
from hotfix_tui.core.storage.files import CONFLICT_MARKER, parse_toml, read_text, write_atomic
from hotfix_tui.core.storage.layout import Layout
from hotfix_tui.core.storage.session_file import (
    dump_session,
    read_saves,
    read_session_data,
    session_from_data,
)


class Merged(NamedTuple):
    clean: bool  # False: left to git's text merge (conflict markers, maybe)
    report: tuple[str, ...]  # for the person running the merge


def merge_file(root: Path, base: Path, ours: Path, theirs: Path, path: str) -> Merged:
    """Merge `theirs` into `ours` (written in place), `base` their common ancestor, for the
    repo file `path` (relative to `root`)."""
    parts = Path(path).parts
    if len(parts) == 3 and parts[0] == ".hotfix" and parts[1].endswith(".events"):
        return _merge_events(base, ours, theirs, path)
    if len(parts) == 2 and parts[0] == ".hotfix" and parts[1] != "config.toml":
        try:
            return _merge_session(root, base, ours, theirs, Path(parts[1]).stem)
        except HotfixError as exc:
            text = _text_merge(base, ours, theirs)
            return Merged(text, (f"{path}: merged as text ({exc})",))
    return Merged(_text_merge(base, ours, theirs), ())


def _merge_events(base: Path, ours: Path, theirs: Path, path: str) -> Merged:
    logs = [read_writer_log(side).records for side in (base, ours, theirs) if side.stat().st_size]
    # Each event with the save that added it: the sessions' marks say which are held.
    records = sorted(dict.fromkeys(r for log in logs for r in log),
                     key=lambda record: record.event.sort_key)
    write_atomic(ours, dump_events(records))
    return Merged(True, ())


def _merge_session(root: Path, base: Path, ours: Path, theirs: Path, name: str) -> Merged:
    sides = [_session(root, side, name) for side in (base, ours, theirs)]
    if sides[1] is None or sides[2] is None:
        raise SessionError(f".hotfix/{name}.toml: not a session on both sides")
    old = sides[0].states if sides[0] is not None else {}
    mine, other = sides[1], sides[2]
    states, _ = merge_states(old, mine.states, other.states)
    report, lost = [], []
    for item_id, state in states.items():
        for side in (mine, other):
            loser = side.states.get(item_id)
            if (loser is not None and loser != state and loser != old.get(item_id)
                    and item_id in mine.states and item_id in other.states):
                lost.append((item_id, loser))
                label = (side.checklist.item(item_id).label
                         if side.checklist.has_item(item_id) else item_id)
                report.append(f"{label}: kept {state.updated_by or 'someone'}'s later value; "
                              f"{loser.updated_by or 'someone'}'s is in the log")
    merged = mine._replace(states=states)
    data = {side: read_session_data(side) for side in (ours, theirs)}
    saves = read_saves(data[ours], ours).merged(read_saves(data[theirs], theirs))
    write_atomic(ours, dump_session(merged, data[ours]["checklist"], saves))
    if lost:
        keep_superseded(Layout(root), name, lost)
    return Merged(True, tuple(report))


def _session(root: Path, path: Path, name: str) -> Session | None:
    if not path.stat().st_size:
        return None  # the file is new on both sides: no ancestor
    data = read_session_data(path)
    checklist = Catalog(root).load(data["checklist"])
    return session_from_data(name, data, checklist, path)


def _text_merge(base: Path, ours: Path, theirs: Path) -> bool:
    done = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                           str(ours), str(base), str(theirs)], capture_output=True, check=False)
    return done.returncode == 0


# --- values a merge superseded, on their way into the log -------------------------------


def keep_superseded(layout: Layout, name: str, lost: list[tuple[str, ItemState]]) -> None:
    """Note the values a merge replaced, to go into the session's log at its next save."""
    path = layout.superseded(name)
    old = read_text(path, SessionError, "superseded values", missing_ok=True) or ""
    tables = [{"item": item_id, "value": _text(state.value), "by": state.updated_by or "someone",
               **({"at": state.updated_at} if state.updated_at else {})}
              for item_id, state in lost]
    write_atomic(path, old + "".join("[[superseded]]\n" + tomli_w.dumps(table) + "\n"
                                     for table in tables))


def superseded_events(layout: Layout, session: Session) -> list[Event]:
    """The events of the values merges replaced in this session, not yet in its log."""
    path = layout.superseded(session.name)
    text = read_text(path, SessionError, "superseded values", missing_ok=True)
    if not text:
        return []
    found = []
    for table in parse_toml(text, str(path), SessionError).get("superseded", []):
        at = aware(table.get("at") or session.created_at)
        found.append(Event(at, str(table.get("by", "someone")), SUPERSEDED,
                           item=str(table.get("item", "")), note=str(table.get("value", ""))))
    return found


def clear_superseded(layout: Layout, name: str) -> None:
    layout.superseded(name).unlink(missing_ok=True)


def _text(value: object) -> str:
    text = shown("\n".join(value) if isinstance(value, tuple) else str(value), lines=True)
    return text if len(text) <= MAX_NOTE else text[:MAX_NOTE - 1] + "…"


# --- a merge already left with conflict markers -----------------------------------------


def resolve_conflicts(root: Path) -> list[tuple[str, Merged]]:
    """Merge again, item by item, every file under `.hotfix/` a git merge left in conflict
    (from the three versions git keeps of it), and mark it resolved."""
    import tempfile

    listed = _git(root, "ls-files", "-u", "-z", "--", ".hotfix").split("\0")
    stages: dict[str, dict[int, str]] = {}
    for entry in filter(None, listed):
        info, path = entry.split("\t", 1)
        _, blob, number = info.split()
        stages.setdefault(path, {})[int(number)] = blob
    done = []
    with tempfile.TemporaryDirectory() as scratch:
        for path, blobs in sorted(stages.items()):
            sides = []
            for stage in (1, 2, 3):
                side = Path(scratch) / f"{stage}"
                side.write_bytes(_git(root, "cat-file", "blob", blobs[stage]).encode()
                                 if stage in blobs else b"")
                sides.append(side)
            merged = merge_file(root, sides[0], sides[1], sides[2], path)
            if merged.clean:
                write_atomic(root / path, sides[1].read_text(encoding="utf-8"))
                _git(root, "add", "--", path)
            done.append((path, merged))
    return done


def resolve_marked_files(root: Path) -> list[tuple[str, Merged]]:
    """Merge item by item the session and log files that still hold conflict markers though
    git sees no conflict any more (`git add` ran on them, or they were committed so): the
    two sides come from the markers, with no ancestor (the later change of an item wins)."""
    import tempfile

    layout = Layout(root)
    files = [path for name in layout.session_names() for session in [layout.session(name)]
             for path in (session, *layout.event_files(layout.events(session)))]
    done = []
    with tempfile.TemporaryDirectory() as scratch:
        for file in files:
            text = read_text(file, SessionError, "session file") or ""
            if not CONFLICT_MARKER.search(text):
                continue
            base, ours, theirs = (Path(scratch) / side for side in ("base", "ours", "theirs"))
            base.write_bytes(b"")
            for side, lines in zip((ours, theirs), _marked_sides(text), strict=True):
                side.write_text("".join(lines), encoding="utf-8")
            path = file.relative_to(root).as_posix()
            merged = merge_file(root, base, ours, theirs, path)
            if merged.clean:
                write_atomic(file, ours.read_text(encoding="utf-8"))
            done.append((path, merged))
    return done


def _marked_sides(text: str) -> tuple[list[str], list[str]]:
    """Both sides of a text git left with conflict markers (a diff3 ancestor part dropped)."""
    ours: list[str] = []
    theirs: list[str] = []
    into: tuple[list[str], ...] = (ours, theirs)
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\r\n")
        if bare.startswith("<<<<<<< ") or bare == "<<<<<<<":
            into = (ours,)
        elif bare.startswith("||||||| ") or bare == "|||||||":
            into = ()
        elif bare == "=======" and len(into) < 2:
            into = (theirs,)
        elif bare.startswith(">>>>>>> ") or bare == ">>>>>>>":
            into = (ours, theirs)
        else:
            for side in into:
                side.append(line)
    return ours, theirs


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True,
                            check=False)
    if result.returncode != 0:
        problem = result.stderr.strip().splitlines()
        raise SessionError(f"{root}: git {args[0]} failed: "
                           f"{problem[-1] if problem else result.returncode}")
    return result.stdout
