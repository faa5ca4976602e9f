"""Every path and name under `.hotfix/`: the one place that knows the layout."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.model.checklist import slugify
from hotfix_tui.core.storage.files import write_atomic

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



HOTFIX_DIR = ".hotfix"
# Local, per-person files (where the app was left, exports, locks, half-written temp files)
# are git-ignored: committing them would only make sessions conflict.
IGNORED = (".local/", "out/", ".*.lock", ".*.tmp")


class Layout:
    """The files of one repo's `.hotfix/` folder, by what they are for.

    `.hotfix/<session>.toml`, `.hotfix/<session>.events/<writer>.toml` and the session's
    pull request, `.hotfix/<session>.pr/` (which PR, and its body when last in step), are
    committed;
    `config.toml` and `checklists/` are the repo's own settings and definitions; `.local/`
    (this clone's writer id, the app's memory, approved commands, the output of runs) and
    `out/` (exports) are git-ignored.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = root / HOTFIX_DIR
        self.config = self.dir / "config.toml"
        self.checklists = self.dir / "checklists"
        self.gitignore = self.dir / ".gitignore"
        self.local = self.dir / ".local"
        self.writer_id = self.local / "writer-id"
        self.out_dir = self.dir / "out"
        # The commands this clone's user approved for running (never committed: another
        # clone's approval must not vouch for a command here).
        self.trusted_commands = self.local / "trusted-commands.toml"
        self.runs = self.local / "runs"

    def session(self, name: str) -> Path:
        """A session's file; the name is checked, and a symlinked `.hotfix/` or session
        file must not lead reads and writes out of the repo."""
        path = self.dir / f"{check_session_name(name)}.toml"
        if not path.resolve().is_relative_to(self.root.resolve()):
            raise SessionError(f"{path}: is a symlink to {path.resolve()}, outside the repo; "
                               "refusing to follow it")
        return path

    def session_names(self) -> list[str]:
        if not self.dir.is_dir():
            return []
        return sorted(path.stem for path in self.dir.glob("*.toml")
                      if path.is_file() and path.name != self.config.name)

    def lock(self, session_path: Path) -> Path:
        return session_path.with_name(f".{session_path.name}.lock")

    def events(self, session_path: Path) -> Path:
        """The folder of a session's event log, one file per writer."""
        return session_path.with_name(f"{session_path.stem}.events")

    def pr_dir(self, session_path: Path) -> Path:
        """The folder of what a session knows about its pull request (`hotfix pr`)."""
        return session_path.with_name(f"{session_path.stem}.pr")

    def pr_record(self, session_path: Path) -> Path:
        """Which pull request, and when it and the session were last in step."""
        return self.pr_dir(session_path) / "record.toml"

    def pr_base(self, session_path: Path) -> Path:
        """The PR's body as it was when last in step: the base of the next three-way merge."""
        return self.pr_dir(session_path) / "base.md"

    def writer_file(self, events: Path, author: str, writer_id: str) -> Path:
        """A writer's event file: one person in one clone, `dana-tester-3f9a1c2e.toml`."""
        return events / f"{slugify(author, 'someone', limit=40)}-{writer_id}.toml"

    def ui_state(self, name: str) -> Path:
        """What the app remembers locally about a session (the section last visited)."""
        return self.local / f"{check_session_name(name)}.toml"

    def run_log(self, name: str, item_id: str, started: datetime) -> Path:
        """Where a run's full output is kept: `.hotfix/.local/runs/<session>/<item>-<time>.log`."""
        return self.runs / check_session_name(name) / f"{item_id}-{started:%Y%m%d-%H%M%S-%f}.log"

    def out(self, name: str, kind: str) -> Path:
        """Where the app exports: `.hotfix/out/<session>.<kind>.md`."""
        return self.out_dir / f"{check_session_name(name)}.{kind}.md"

    def unpushed_body(self, name: str) -> Path:
        """A PR body `hotfix pr` could not push: `.hotfix/out/<session>.pr-unpushed.md`."""
        return self.out(name, "pr-unpushed")

    def ensure_ignored(self) -> None:
        """Keep this clone's own files (IGNORED) out of git."""
        try:
            text = self.gitignore.read_text(encoding="utf-8") if self.gitignore.exists() else ""
        except (OSError, UnicodeDecodeError):
            return  # someone's own .gitignore we cannot read: leave it be
        lines = text.splitlines()
        missing = [entry for entry in IGNORED if entry not in lines]
        if missing:
            write_atomic(self.gitignore, "".join(f"{line}\n" for line in [*lines, *missing]))
