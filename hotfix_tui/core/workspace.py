"""The one door the CLI and the app use: a repo, its checklists and its sessions."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import tomli_w

from hotfix_tui.core.checklist import (
    Checklist,
    Value,
    available_checklists,
    find_checklist,
    load_checklist,
)
from hotfix_tui.core.errors import ChecklistError, SessionError
from hotfix_tui.core.render import pr_body
from hotfix_tui.core.repo import RepoInfo, open_repo
from hotfix_tui.core.session import Session
from hotfix_tui.core.store import (
    check_session_name,
    dump_session,
    read_session_data,
    safe_session_name,
    session_from_data,
    write_atomic,
)

SESSIONS_DIR = ".hotfix"
DEFAULT_CHECKLIST = "hotfix"


def now() -> datetime:
    """The time recorded for a change: local, with its UTC offset, to the second."""
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass
class Workspace:
    repo: RepoInfo
    author: str
    # The checklist reference each loaded session was stored with, to write it back as is.
    _refs: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path | None = None, author: str | None = None) -> Workspace:
        repo = open_repo(path or Path.cwd())
        return cls(repo=repo, author=author or repo.user)

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
        return check_session_name(given) if given else self.default_session_name()

    def session_path(self, name: str) -> Path:
        return self.sessions_dir / f"{check_session_name(name)}.toml"

    def session_names(self) -> list[str]:
        if not self.sessions_dir.is_dir():
            return []
        return sorted(p.stem for p in self.sessions_dir.glob("*.toml") if p.is_file())

    def exists(self, name: str) -> bool:
        return self.session_path(name).exists()

    def checklists(self) -> dict[str, Path]:
        return available_checklists(self.root)

    def checklist(self, ref: str) -> Checklist:
        return load_checklist(find_checklist(ref, self.root, cwd=self.root))

    def load(self, name: str) -> Session:
        path = self.session_path(name)
        if not path.exists():
            raise SessionError(f"{path}: no such session (start one with `hotfix new`)")
        data = read_session_data(path)
        ref = data["checklist"]
        try:
            checklist = self.checklist(ref)
        except ChecklistError as exc:
            raise SessionError(f"{path}: cannot load its checklist: {exc}") from None
        self._refs[name] = ref
        return session_from_data(name, data, checklist, path)

    def create(self, name: str, checklist_ref: str = DEFAULT_CHECKLIST) -> Session:
        path = self.session_path(name)
        if path.exists():
            raise SessionError(f"{path}: session {name!r} already exists")
        checklist = self.checklist(checklist_ref)
        ref = self._checklist_ref(checklist, checklist_ref)
        session = Session(name=name, checklist=checklist, created_at=now(),
                          created_by=self.author)
        self._refs[name] = ref
        self.save(session)
        return session

    def load_or_create(self, name: str, checklist_ref: str = DEFAULT_CHECKLIST) -> Session:
        return self.load(name) if self.exists(name) else self.create(name, checklist_ref)

    def save(self, session: Session) -> None:
        ref = self._refs.get(session.name, session.checklist.name)
        write_atomic(self.session_path(session.name), dump_session(session, ref))

    def change(self, session: Session, item_id: str, value: Value) -> Session:
        """A change by this workspace's author, now; not saved yet."""
        return session.with_value(item_id, value, at=now(), by=self.author)

    def set_value(self, session: Session, item_id: str, value: Value) -> Session:
        """Record a change by this workspace's author now, and save it."""
        changed = self.change(session, item_id, value)
        self.save(changed)
        return changed

    # Local, per-person files (where the app was left, exports) live in git-ignored
    # folders: committing them would make two people's sessions conflict for nothing.
    LOCAL_DIRS = (".local", "out")

    def _ensure_ignored(self) -> None:
        ignore = self.sessions_dir / ".gitignore"
        if not ignore.exists():
            write_atomic(ignore, "".join(f"{name}/\n" for name in self.LOCAL_DIRS))

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

    def export_pr_body(self, session: Session, path: Path | None = None) -> Path:
        """Write the PR body; by default to `.hotfix/out/<session>.pr-body.md`."""
        if path is None:
            self._ensure_ignored()
            path = self.sessions_dir / "out" / f"{session.name}.pr-body.md"
        write_atomic(path, pr_body(session))
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
