"""The one door the CLI and the app use: a repo, its checklists and its sessions."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import tomli_w

from hotfix_tui.core.checklist import (
    Checklist,
    Item,
    Value,
    available_checklists,
    find_checklist,
    load_checklist,
    parse_checklist,
    template_name,
)
from hotfix_tui.core.config import CONFIG_FILE, Config, load_config
from hotfix_tui.core.errors import (
    ChecklistError,
    ExportError,
    RepoError,
    SessionError,
    ValueInputError,
)
from hotfix_tui.core.event_store import (
    add_events,
    events_dir,
    load_writer_id,
    read_events,
    writer_file,
)
from hotfix_tui.core.prefill import Prefilled, prefill, stale_ticks
from hotfix_tui.core.record import EXPORTED, Event, merge_events
from hotfix_tui.core.render import pr_body
from hotfix_tui.core.repo import (
    RepoInfo,
    RepoSnapshot,
    commit_file,
    last_code_change,
    open_repo,
    read_snapshot,
    release_tags,
    start_branch,
)
from hotfix_tui.core.session import ItemState, Session
from hotfix_tui.core.store import (
    check_session_name,
    dump_session,
    file_signature,
    merge_states,
    read_session_data,
    safe_session_name,
    session_from_data,
    session_lock,
    write_atomic,
)
from hotfix_tui.core.textfile import read_text
from hotfix_tui.core.versions import check_version, latest_release, next_patch

if TYPE_CHECKING:
    from hotfix_tui.core.body_reader import BodyReading

SESSIONS_DIR = ".hotfix"
# Later than any commit: the ticks stale before it are every tick a commit could make stale.
END_OF_TIME = datetime.max.replace(tzinfo=UTC)
DEFAULT_CHECKLIST = "hotfix"


FileSignature = tuple[int, int, int] | None


class Synced(NamedTuple):
    """A session after taking in the file's changes: `from_others` names the items whose
    value now comes from another process."""

    session: Session
    from_others: list[str]


class BodyImport(NamedTuple):
    """What `Workspace.import_body` did: the session saved, what was read, what changed."""

    session: Session
    reading: BodyReading
    changed: tuple[str, ...]


def now() -> datetime:
    """The time recorded for a change: local, with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


def instant() -> datetime:
    """The time an event is recorded: to the microsecond, which orders the log of writers
    acting within one second (item times are still kept to the second)."""
    return datetime.now().astimezone()


class Workspace:
    def __init__(self, repo: RepoInfo, given_author: str | None = None) -> None:
        self.repo = repo
        # Who changes are recorded as when not git's user.name (`--as NAME`).
        self.given_author = given_author
        self._user: str | None = None
        # The checklist reference each loaded session was stored with, to write it back
        # as is.
        self._refs: dict[str, str] = {}
        # Per session: its item states as last read from or written to disk, and the
        # file's signature then; what changed since is someone else's doing (see `save`).
        self._base: dict[str, tuple[Mapping[str, ItemState], FileSignature]] = {}
        # Per session: the events on disk as last read or written (a session's other
        # events are ours, not saved yet), and the events folder's signature then.
        self._events: dict[str, tuple[tuple[Event, ...], FileSignature]] = {}
        self._writer_id: str | None = None

    @classmethod
    def open(cls, path: Path | None = None, author: str | None = None) -> Workspace:
        return cls(repo=open_repo(path or Path.cwd()), given_author=author)

    @property
    def author(self) -> str:
        # Looked up when a change is first recorded: reading git's user.name loads GitPython.
        if self.given_author:
            return self.given_author
        if self._user is None:
            self._user = self.repo.user
        return self._user

    @property
    def root(self) -> Path:
        return self.repo.root

    @property
    def sessions_dir(self) -> Path:
        return self.root / SESSIONS_DIR

    def default_session_name(self) -> str:
        if self.repo.branch:
            return safe_session_name(self.repo.branch)
        if self.repo.head:
            return f"detached-{self.repo.head[:7]}"
        return "hotfix"

    def session_name(self, given: str | None) -> str:
        return self.default_session_name() if given is None else check_session_name(given)

    def session_path(self, name: str) -> Path:
        path = self.sessions_dir / f"{check_session_name(name)}.toml"
        # A symlinked .hotfix/ or session file must not lead reads and writes out of the repo.
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise SessionError(f"{path}: is a symlink to {path.resolve()}, outside the repo; "
                               "refusing to follow it")
        return path

    def session_names(self) -> list[str]:
        if not self.sessions_dir.is_dir():
            return []
        return sorted(p.stem for p in self.sessions_dir.glob("*.toml")
                      if p.is_file() and p.name != CONFIG_FILE.name)

    def exists(self, name: str) -> bool:
        return self.session_path(name).exists()

    def checklists(self) -> dict[str, Path]:
        return available_checklists(self.root)

    def checklist(self, ref: str, from_here: bool = False) -> Checklist:
        """A checklist by name, or by path: relative to the repo root as session files
        store it, or to the current folder (`from_here`) as a user types it."""
        path = find_checklist(ref, self.root, cwd=None if from_here else self.root)
        if path.suffix.lower() == ".md":
            # A pull-request template is used as the checklist import-template makes of it.
            return parse_checklist(self._template_toml(path, template_name(path)), path)
        return load_checklist(path)

    def import_template(self, template: Path, output: Path | None = None,
                        force: bool = False) -> tuple[Path, Checklist]:
        """Write the checklist definition for a markdown PR template; by default to
        `.hotfix/checklists/<name>.toml`, where it is found by that name."""
        output = output or self.sessions_dir / "checklists" / f"{template_name(template)}.toml"
        if output.exists() and not force:
            raise ChecklistError(f"{output}: already exists (--force replaces it)")
        text = self._template_toml(template, output.stem)
        checklist = parse_checklist(text, output)
        write_atomic(output, text)
        return output, checklist

    def _template_toml(self, path: Path, name: str) -> str:
        text = read_text(path, ChecklistError, "template") or ""
        try:
            source = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            source = path.name
        title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or name
        # Loaded here: importing templates and bodies (difflib and all), like writing release
        # notes, is rare, and every command and the app's start would pay for loading it.
        from hotfix_tui.core.importer import template_to_toml

        return template_to_toml(text, name, title, source)

    def import_body(self, session: Session, body: str) -> BodyImport:
        """Read a filled PR body back into the session: each value it changes is recorded
        as this workspace's author's change, saved at once; nothing else is touched."""
        from hotfix_tui.core.body_reader import read_body  # loaded here: see _template_toml

        reading = read_body(session.checklist, body)
        # A box's N/A mark is part of what it says: marked, unmarked or a new reason.
        # A clock time the body shows (computed, or still empty) is no change either.
        changed = tuple(item_id for item_id, value in reading.values.items()
                        if value not in _shown_values(session, item_id)
                        or session.na_reason(item_id) != reading.na.get(item_id))
        for item_id in changed:
            if item_id in reading.na:
                session = self.mark_na(session, item_id, reading.na[item_id])
            else:
                session = self.change(session, item_id, reading.values[item_id])
        if changed:
            session = self.save(session)
        return BodyImport(session, reading, changed)

    def load(self, name: str) -> Session:
        path = self.session_path(name)
        if not path.exists():
            raise SessionError(f"{path}: no such session (start one with `hotfix new`)")
        signature = file_signature(path)
        data = read_session_data(path)
        ref = data["checklist"]
        try:
            checklist = self.checklist(ref)
        except ChecklistError as exc:
            raise SessionError(f"{path}: cannot load its checklist: {exc}") from None
        self._refs[name] = ref
        session = session_from_data(name, data, checklist, path)
        self._base[name] = (session.states, signature)
        return self._take_events(session, write=False)

    def create(self, name: str, checklist_ref: str = DEFAULT_CHECKLIST, *,
               from_git: bool = True) -> Session:
        """Start a session, filled in from git unless `from_git` is false (the app reads
        git after its first screen is up, and fills in with `prefill_with`)."""
        path = self.session_path(name)
        if path.exists():
            raise SessionError(f"{path}: session {name!r} already exists")
        checklist = self.checklist(checklist_ref, from_here=True)
        ref = self._checklist_ref(checklist, checklist_ref)
        session = Session(name=name, checklist=checklist, created_at=now(),
                          created_by=self.author)
        if from_git:
            session = self._prefill(session).session
        self._refs[name] = ref
        self._ensure_ignored()
        return self.save(session)

    def load_or_create(self, name: str, checklist_ref: str = DEFAULT_CHECKLIST) -> Session:
        return self.load(name) if self.exists(name) else self.create(name, checklist_ref)

    def save(self, session: Session) -> Session:
        """Write the session, merged under the session's lock with whatever another process
        (a second app, a CLI) saved meanwhile, so no one's change is silently lost.
        Use the returned session from then on: it holds the others' changes too."""
        return self.save_merged(session).session

    def save_merged(self, session: Session) -> Synced:
        """`save`, also telling which items now hold someone else's value."""
        return self._sync(session, write=True)

    def sync(self, session: Session) -> Synced:
        """Take in changes another process saved since we last read or wrote the file
        (ours still pending win over older ones). Reads only when the file changed."""
        base, signature = self._base.get(session.name, ({}, None))
        if (file_signature(self.session_path(session.name)) == signature
                and self._events_current(session)):
            return Synced(session, [])
        return self._sync(session, write=False)

    def _sync(self, session: Session, write: bool) -> Synced:
        path = self.session_path(session.name)
        ref = self._refs.get(session.name, session.checklist.name)
        with session_lock(path):
            base, signature = self._base.get(session.name, ({}, None))
            current = file_signature(path)
            if current is None or current == signature:
                merged, from_others = session, list[str]()
            else:
                theirs = session_from_data(session.name, read_session_data(path),
                                           session.checklist, path)
                states, from_others = merge_states(base, session.states, theirs.states)
                merged = session._replace(states=states)
                base = theirs.states
            merged = self._take_events(merged, write)
            if write:
                write_atomic(path, dump_session(merged, ref))
                base = merged.states
            self._base[session.name] = (base, file_signature(path))
        return Synced(merged, from_others)

    def change(self, session: Session, item_id: str, value: Value) -> Session:
        """A change by this workspace's author, now; not saved yet."""
        return session.with_value(item_id, value, at=instant(), by=self.author)

    def set_value(self, session: Session, item_id: str, value: Value) -> Session:
        """Record a change by this workspace's author now, and save it."""
        return self.save(self.change(session, item_id, value))

    # --- the event log (see record.py and event_store.py) ------------------------------

    def _take_events(self, session: Session, write: bool) -> Session:
        """The session with every writer's events on disk; with `write`, ours not saved
        yet are added to our own file first (under the session's lock)."""
        folder = events_dir(self.session_path(session.name))
        known, signature = self._events.get(session.name, ((), None))
        seen = set(known)
        new = [event for event in session.events if event not in seen]
        current = file_signature(folder)
        on_disk = known if current == signature else read_events(folder)
        if write and new:
            add_events(writer_file(folder, self.author, self.writer_id()), new)
            # Under the session's lock no one else writes events: what is on disk now is
            # what we read plus what we added, without reading every file again.
            on_disk = merge_events(on_disk, new)
            current = file_signature(folder)
        self._events[session.name] = (on_disk, current)
        return session._replace(events=merge_events(on_disk, new))

    def _events_current(self, session: Session) -> bool:
        """Whether the session holds every event on disk (none added since we looked)."""
        known, signature = self._events.get(session.name, ((), None))
        folder = events_dir(self.session_path(session.name))
        return file_signature(folder) == signature and set(known) <= set(session.events)

    def writer_id(self) -> str:
        """This clone's writer id: its events go to a file no other clone writes. Read
        (or made) once per workspace, not on every save that adds an event."""
        if self._writer_id is None:
            self._ensure_ignored()
            self._writer_id = load_writer_id(self.sessions_dir / ".local" / "writer-id")
        return self._writer_id

    def mark_na(self, session: Session, item_id: str, reason: str) -> Session:
        """Mark a box not applicable with a reason, by this workspace's author, now; not
        saved yet. It counts as done; setting the box's value again clears it."""
        return session.with_na(item_id, reason, at=instant(), by=self.author)

    def approve_phase(self, session: Session, phase_id: str, role: str,
                      approved: bool = True) -> Session:
        """Record (or withdraw) a phase approval the process requires; not saved yet."""
        return session.with_phase_approval(phase_id, role, approved, at=instant(),
                                           by=self.author)

    def handoff(self, session: Session, to: str, note: str = "") -> Session:
        """Hand the session to someone, with a note for them; saved."""
        return self.save(session.with_handoff(to, note, at=instant(), by=self.author))

    def record_export(self, session: Session, what: str = "the PR body") -> Session:
        """Note that the PR body goes out now, complete; not saved yet. The first such
        export is the resolution time. Drafts (required items unmet) are previews: none
        is recorded."""
        if session.unmet_required():
            return session
        return session.with_event(Event(instant(), self.author, EXPORTED, note=what))

    # Local, per-person files (where the app was left, exports, locks, half-written temp
    # files) are git-ignored: committing them would only make sessions conflict.
    IGNORED = (".local/", "out/", ".*.lock", ".*.tmp")

    def _ensure_ignored(self) -> None:
        ignore = self.sessions_dir / ".gitignore"
        try:
            lines = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
        except (OSError, UnicodeDecodeError):
            return  # someone's own .gitignore we cannot read: leave it be
        missing = [entry for entry in self.IGNORED if entry not in lines]
        if missing:
            write_atomic(ignore, "".join(f"{line}\n" for line in [*lines, *missing]))

    def load_ui_state(self, name: str) -> dict[str, str]:
        """What the app remembers locally about a session (the section last visited)."""
        path = self.sessions_dir / ".local" / f"{check_session_name(name)}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return {}  # a lost or broken UI memory only costs a starting position
        return {k: v for k, v in data.items() if isinstance(v, str)}

    def save_ui_state(self, name: str, state: dict[str, str]) -> None:
        self._ensure_ignored()
        path = self.sessions_dir / ".local" / f"{check_session_name(name)}.toml"
        write_atomic(path, tomli_w.dumps(state))

    def display_path(self, path: Path) -> str:
        """A path as the user would type it from where they are: relative when inside cwd."""
        try:
            return str(path.resolve().relative_to(Path.cwd().resolve()))
        except ValueError:
            return str(path)

    def out_path(self, session: Session, kind: str) -> Path:
        """Where the app exports: `.hotfix/out/<session>.<kind>.md`, git-ignored."""
        self._ensure_ignored()
        return self.sessions_dir / "out" / f"{session.name}.{kind}.md"

    def export_pr_body(self, session: Session, path: Path | None = None) -> Path:
        """Write the PR body; by default to `.hotfix/out/<session>.pr-body.md`."""
        path = path or self.out_path(session, "pr-body")
        recorded = self.record_export(session)  # rendered with it: the resolution time
        write_atomic(path, pr_body(recorded))
        if recorded is not session:
            self.save(recorded)
        return path

    def _checklist_ref(self, checklist: Checklist, given: str) -> str:
        """What the session file names its checklist by: the name when lookup by name finds
        this very file, else its path relative to the repo (or absolute outside it)."""
        source = checklist.source
        if source is None:
            return checklist.name
        found = self.checklists().get(source.stem)
        if found is not None and found.resolve() == source.resolve():
            return source.stem
        try:
            return source.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(source.resolve())

    # --- git: pre-fill, stale ticks, release notes, branches and commits ---------------

    def config(self) -> Config:
        return load_config(self.root)

    def snapshot(self) -> RepoSnapshot | None:
        """What git knows about the branch now; None without git or without commits."""
        return read_snapshot(self.root, self.config()) if self.repo.is_git else None

    def _prefill(self, session: Session) -> Prefilled:
        return self.prefill_with(session, self.snapshot())

    def prefill_with(self, session: Session, snapshot: RepoSnapshot | None) -> Prefilled:
        """Fill in what a snapshot of git knows, never over typed values. No I/O, so the
        app can read the snapshot off its UI thread and apply it to the newest session."""
        if snapshot is None:
            return Prefilled(session, (), ())
        return prefill(session, snapshot, at=now(), by=self.author)

    def refresh(self, session: Session) -> Prefilled:
        """Fill in again what git knows (never over what a person typed) and record the
        branch, base and head; saved when anything changed."""
        result = self._prefill(session)
        if result.session != session:
            result = result._replace(session=self.save(result.session))
        return result

    def stale_items(self, session: Session) -> list[Item]:
        """Ticked review, testing and verification boxes older than the newest commit."""
        # Without such ticks git need not be read at all (nor GitPython loaded).
        if not self.repo.is_git or not stale_ticks(session, END_OF_TIME):
            return []
        changed = last_code_change(self.root)
        return stale_ticks(session, changed) if changed else []

    def release_version(self, given: str | None = None) -> str:
        """`given` (checked), else the patch after the latest release tag reachable from
        HEAD: `v1.4.2` -> `1.4.3`."""
        if given:
            return check_version(given)
        tags = release_tags(self.root, reachable_from_head=True) if self.repo.head else []
        tag = latest_release(tags)
        if tag is None:
            raise ValueInputError(f"{self.root}: no release tag (vX.Y.Z) reachable from HEAD: "
                                  "name the version (hotfix export --version X)")
        return next_patch(tag)

    def export_release_notes(self, session: Session, path: Path, version: str,
                             day: date | None = None) -> None:
        from hotfix_tui.core.release_notes import release_notes  # loaded here: see _template_toml

        write_atomic(path, release_notes(session, version, day or now().date()))

    def add_to_changelog(self, session: Session, path: Path, version: str,
                         day: date | None = None) -> None:
        """Insert the version's entry in a Keep a Changelog file (created if missing);
        the rest of the file stays byte for byte."""
        from hotfix_tui.core.release_notes import add_changelog_entry, changelog_entry

        old = read_text(path, ExportError, "changelog", missing_ok=True)
        entry = changelog_entry(session, version, day or now().date())
        try:
            new = add_changelog_entry(old, entry, version)
        except ValueInputError as exc:
            raise ExportError(f"{path}: {exc}") from None
        write_atomic(path, new)

    def start(self, name: str, checklist_ref: str = DEFAULT_CHECKLIST,
              session_name: str | None = None) -> tuple[Session, str | None]:
        """Branch `hotfix/NAME` from the latest release tag (or the base) and start its
        session. Returns the session and where the branch started; without git or commits
        there is no branch (None), only the session."""
        branch = f"hotfix/{name}"
        session_name = session_name or safe_session_name(branch)
        if self.exists(session_name):
            raise SessionError(f"{self.session_path(session_name)}: session {session_name!r} "
                               "already exists")
        # A bad checklist must fail before a branch is made.
        self.checklist(checklist_ref, from_here=True)
        started = None
        if self.repo.is_git and self.repo.head:
            started = start_branch(self.root, branch, self.config())
            self.repo = open_repo(self.root)
        return self.create(session_name, checklist_ref), started

    def commit(self, session: Session) -> str | None:
        """Commit the session's file and its event log, nothing else: what else is staged
        stays staged. Returns the commit's hash, or None when there was nothing to commit."""
        if not self.repo.is_git:
            raise RepoError(f"{self.root}: nothing to commit outside a git work tree")
        progress = session.progress()
        message = f"hotfix checklist {session.name}: {progress.done}/{progress.total} done"
        path = self.session_path(session.name)
        log = [folder] if (folder := events_dir(path)).is_dir() else []
        return commit_file(self.root, path, message, *log)


def _shown_values(session: Session, item_id: str) -> tuple[Value, Value]:
    """What an item holds as typed, and as shown (a clock item's time from the record)."""
    item = session.checklist.item(item_id)
    return session.entered(item), session.value(item)
