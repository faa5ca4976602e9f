"""Sessions on disk: load, create, save and sync. `SessionStore.save` is the one save
transaction, the CLI's and the app's alike.

A save takes the session's lock, reads what another process (a second app, a CLI, a git
pull) saved meanwhile, merges it item by item with ours (model/merge.py), appends our new
events to our own event file and writes the session file, which marks that save as held:
until it does, the appended events are no part of the log (event_log.py), so a kill or a
failed write between the two leaves the log and the session in agreement. The store
remembers, per session, the file as it last read or wrote it: what changed since is
someone else's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import nullcontext
from typing import Any, NamedTuple

from hotfix_tui.core.errors import ChecklistError, HotfixError, SessionError
from hotfix_tui.core.model.checklist import Checklist
from hotfix_tui.core.model.events import merge_events
from hotfix_tui.core.model.merge import merge_states
from hotfix_tui.core.model.session import ItemState, Session
from hotfix_tui.core.storage.event_log import NO_SAVES, SaveMarks, load_writer_id
from hotfix_tui.core.storage.files import LOCK_WAIT, file_lock, file_signature, write_atomic
from hotfix_tui.core.storage.layout import Layout
from hotfix_tui.core.storage.log_view import LogView, appended, refreshed, unheld, with_events
from hotfix_tui.core.storage.session_file import (
    dump_session,
    read_saves,
    read_session_data,
    session_from_data,
)

FileSignature = tuple[int, int, int] | None


class Saved(NamedTuple):
    """A session after a save or a sync: `from_others` names the items whose value now
    comes from another process."""

    session: Session
    from_others: tuple[str, ...]


class SessionStore:
    """The sessions of one repo's `.hotfix/` folder.

    `load_checklist(ref)` finds the checklist a session file names; `author()` is who the
    events added by this process are recorded under (their writer file is named so).
    """

    def __init__(self, layout: Layout, load_checklist: Callable[[str], Checklist],
                 author: Callable[[], str]) -> None:
        self.layout = layout
        self._load_checklist = load_checklist
        self._author = author
        # The checklist reference each session was stored with, written back as is.
        self._refs: dict[str, str] = {}
        # Per session: its item states as last read or written, and the file's signature.
        self._base: dict[str, tuple[Mapping[str, ItemState], FileSignature]] = {}
        # Per session: its log as last read or written (a session's other events are
        # ours, not saved yet), and the saves of each writer the session file holds.
        self._logs: dict[str, LogView] = {}
        self._saves: dict[str, SaveMarks] = {}
        self._writer_id: str | None = None
        # A session file read to learn its branch, kept for the load that usually follows
        # (a command finds its session by the branch, then loads it): one parse, not two.
        self._peeked: dict[str, tuple[FileSignature, dict[str, Any]]] = {}

    def names(self) -> list[str]:
        return self.layout.session_names()

    def exists(self, name: str) -> bool:
        return self.layout.session(name).exists()

    def recorded_branch(self, name: str) -> str | None:
        """The branch a session file says it was last saved on (None: it does not say, or
        the file cannot be read): what tells one branch's session from another's."""
        path = self.layout.session(name)
        signature = file_signature(path)
        try:
            data = read_session_data(path)
        except HotfixError:
            return None
        self._peeked[name] = (signature, data)
        table = data.get("git")
        branch = table.get("branch") if isinstance(table, dict) else None
        return branch if isinstance(branch, str) else None

    def load(self, name: str) -> Session:
        path = self.layout.session(name)
        if not path.exists():
            raise SessionError(f"{path}: no such session (start one with `hotfix new`)")
        signature = file_signature(path)
        peeked, data = self._peeked.pop(name, (None, {}))
        if peeked is None or peeked != signature:
            data = read_session_data(path)
        ref = data["checklist"]
        try:
            checklist = self._load_checklist(ref)
        except ChecklistError as exc:
            raise SessionError(f"{path}: cannot load its checklist: {exc}") from None
        self._refs[name] = ref
        session = session_from_data(name, data, checklist, path)
        self._base[name] = (session.states, signature)
        self._saves[name] = read_saves(data, path)
        session = self._take_events(session, self._saves[name])
        if self.layout.superseded(name).exists():
            # Values a git merge replaced: into the log with the next save.
            from hotfix_tui.core.merging import superseded_events

            new = [e for e in superseded_events(self.layout, session) if e not in session.events]
            session = session._replace(events=merge_events(session.events, new))
        return session

    def create(self, session: Session, checklist_ref: str) -> Session:
        """Write a new session; refused when one of that name exists."""
        path = self.layout.session(session.name)
        if path.exists():
            raise SessionError(f"{path}: session {session.name!r} already exists")
        self._refs[session.name] = checklist_ref
        return self.save(session).session

    def save(self, session: Session, wait: float = LOCK_WAIT) -> Saved:
        """Write the session, merged under its lock with whatever another process saved
        meanwhile, so no one's change is silently lost. Use the returned session from then
        on: it holds the others' changes too."""
        return self._sync(session, write=True, wait=wait)

    def sync(self, session: Session) -> Saved:
        """Take in changes another process saved since we last read or wrote the file
        (ours still pending win over older ones). Reads only when the file changed, and
        takes no lock: files are replaced whole (renamed into place), so a read sees one
        writer's file or the next, and a reader never waits for a writer."""
        _, signature = self._base.get(session.name, ({}, None))
        if (file_signature(self.layout.session(session.name)) == signature
                and self._events_current(session)):
            return Saved(session, ())
        return self._sync(session, write=False)

    def _sync(self, session: Session, write: bool, wait: float = LOCK_WAIT) -> Saved:
        path = self.layout.session(session.name)
        ref = self._refs.get(session.name, session.checklist.name)
        with file_lock(path, self.layout.lock(path), wait) if write else nullcontext():
            base, signature = self._base.get(session.name, ({}, None))
            saves = self._saves.get(session.name, NO_SAVES)
            current = file_signature(path)
            from_others: list[str] = []
            if current is None or current == signature:
                merged = session
            else:
                data = read_session_data(path)
                theirs = session_from_data(session.name, data, session.checklist, path)
                states, from_others = merge_states(base, session.states, theirs.states)
                merged = session._replace(states=states)
                base = theirs.states
                saves = saves.merged(read_saves(data, path))
            if write:
                view = self._append_events(merged, saves)
                merged, saves = merged._replace(events=view.events), view.saves
                # The commit point: the events just appended are part of the log from here.
                write_atomic(path, dump_session(merged, ref, saves))
                self._logs[session.name] = view
                base = merged.states
                self._clear_superseded(merged)
            else:
                merged = self._take_events(merged, saves)
            self._saves[session.name] = saves
            self._base[session.name] = (base, file_signature(path))
        return Saved(merged, tuple(from_others))

    def _clear_superseded(self, session: Session) -> None:
        """Drop the values a merge replaced once the session's log holds them."""
        pending = self.layout.superseded(session.name)
        if pending.exists():
            from hotfix_tui.core.merging import superseded_events

            if set(superseded_events(self.layout, session)) <= set(session.events):
                pending.unlink()

    def _take_events(self, session: Session, saves: SaveMarks) -> Session:
        """The session with every writer's events it holds, and ours not saved yet."""
        view = self._refreshed(session.name, saves)
        self._logs[session.name] = view
        return session._replace(events=with_events(view.events, unheld(session.events,
                                                                       view.events)))

    def _append_events(self, session: Session, saves: SaveMarks) -> LogView:
        """Under the session's lock: ours not saved yet appended to our own file. The
        view after holds them once the session file is written with its saves."""
        view = self._refreshed(session.name, saves)
        new = unheld(session.events, view.events)
        if not new:
            return view
        folder = self.layout.events(self.layout.session(session.name))
        return appended(view, self.layout.writer_file(folder, self._author(), self.writer_id()),
                        new)

    def _refreshed(self, name: str, saves: SaveMarks) -> LogView:
        folder = self.layout.events(self.layout.session(name))
        return refreshed(self.layout, folder, self._logs.get(name), saves)

    def _events_current(self, session: Session) -> bool:
        """Whether the session holds every event on disk (none added since we looked)."""
        view = self._logs.get(session.name)
        if view is None:
            return False
        saves = self._saves.get(session.name, NO_SAVES)
        fresh = self._refreshed(session.name, saves)
        if fresh is not view:
            self._logs[session.name] = fresh  # read once: the sync that follows uses it
            return False
        held = view.events
        return tuple(session.events[:len(held)]) == held or set(held) <= set(session.events)

    def writer_id(self) -> str:
        """This clone's writer id: its events go to a file no other clone writes. Read
        (or made) once per store, not on every save that adds an event."""
        if self._writer_id is None:
            self.layout.ensure_ignored()
            self._writer_id = load_writer_id(self.layout.writer_id)
        return self._writer_id

