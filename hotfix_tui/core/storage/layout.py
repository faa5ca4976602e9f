"""Every path and name under `.hotfix/`: the one place that knows the layout."""

from __future__ import annotations

import os
import re
import stat
from datetime import datetime
from pathlib import Path

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.git.head import git_common_dir
from hotfix_tui.core.model.checklist import slugify
from hotfix_tui.core.storage.clone_setup import prepare

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


# Branch names made session names without losing anything but where "/" stood.
LOSSLESS_BRANCH = re.compile(r"[A-Za-z0-9._/-]+")


def branch_digest(branch: str) -> str:
    """A short hash of a branch name, to tell apart branches one session name would fit."""
    import hashlib

    return hashlib.sha1(branch.encode("utf-8")).hexdigest()[:7]


def safe_session_name(text: str) -> str:
    """A session name made from a branch name: `hotfix/login-crash` -> `hotfix-login-crash`."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", text)
    name = re.sub(r"\.{2,}", ".", name).strip(".-_")[:100].rstrip(".")
    if not name or name.lower().split(".")[0] in RESERVED_NAMES:
        name = f"session-{name}" if name else "session"
    return name



HOTFIX_DIR = ".hotfix"


class Layout:
    """The files of one repo's `.hotfix/` folder, by what they are for.

    `.hotfix/<session>.toml`, `.hotfix/<session>.events/<writer>.toml` and the session's
    pull request, `.hotfix/<session>.pr/` (which PR, and its body when last in step), are
    committed;
    `config.toml` and `checklists/` are the repo's own settings and definitions; `.local/`
    (this clone's writer id, the app's memory, approved commands, the output of runs) and
    `out/` (exports) are git-ignored.

    Everything in `.hotfix/` can arrive through `git pull`, a symlink too: every path
    given out here is checked, when asked for, to hold no symlink from `.hotfix/` down,
    so no read or write under it is led out of the folder.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def _checked(self, *parts: str) -> Path:
        """`.hotfix/<parts>`, refused when `.hotfix/` or any part below it is a symlink."""
        for depth in range(len(parts) + 1):
            path = self.root.joinpath(HOTFIX_DIR, *parts[:depth])
            try:
                is_link = stat.S_ISLNK(os.lstat(path).st_mode)
            except OSError:
                break  # missing (nothing below it exists either), or not a folder
            if is_link:
                raise SessionError(f"{path}: is a symlink (to {os.readlink(path)}); hotfix "
                                   "follows no symlink under .hotfix/, refusing to use it")
        return self.root.joinpath(HOTFIX_DIR, *parts)

    @property
    def dir(self) -> Path:
        return self._checked()

    @property
    def config(self) -> Path:
        return self._checked("config.toml")

    @property
    def checklists(self) -> Path:
        return self._checked("checklists")

    def checked(self, path: Path) -> Path:
        """Any path: one under `.hotfix/` is checked as the layout's own (no symlink);
        others pass as they are."""
        try:
            parts = path.absolute().relative_to(self.root.absolute() / HOTFIX_DIR).parts
        except ValueError:
            return path
        return self._checked(*parts)

    def own_file(self, path: Path) -> str | None:
        """What `path` is among the files hotfix keeps in `.hotfix/` ("a session file", "an
        event log"), or None: outside the folder, or an export in `out/`."""
        try:
            parts = path.resolve().relative_to((self.root / HOTFIX_DIR).resolve()).parts
        except ValueError:
            return None
        if not parts or parts[0] == "out":
            return None
        if parts == ("config.toml",):
            return "the repo's hotfix config"
        if len(parts) == 1 and parts[0].endswith(".toml"):
            return "a session file"
        if parts[0].endswith(".events"):
            return "an event log"
        if parts[0] == "checklists":
            return "a checklist"
        return "one of hotfix's own files"

    @property
    def writer_id(self) -> Path:
        """This clone's writer id (in the git-ignored `.local/`)."""
        return self._checked(".local", "writer-id")

    @property
    def out_dir(self) -> Path:
        return self._checked("out")

    @property
    def local(self) -> Path:
        """This clone's own files, git-ignored."""
        return self._checked(".local")

    def superseded(self, name: str) -> Path:
        """Values a git merge of the session replaced, on their way into its log."""
        return self._checked(".local", "superseded", f"{check_session_name(name)}.toml")

    def parsed_checklist(self, name: str) -> Path:
        """A checklist definition as last parsed, with its text (definition/parsed.py)."""
        return self._checked(".local", "checklists", f"{slugify(name, 'checklist')}.json")

    @property
    def trusted_commands(self) -> Path:
        """The commands this clone's user approved for running. In the clone's git folder,
        which git never sends anywhere: a copy committed by mistake (`git add -f` of
        .hotfix/.local/) would otherwise approve commands in every clone that pulls it.
        Outside git (no git folder), the git-ignored local folder."""
        common = git_common_dir(self.root)
        if common is None:
            return self._checked(".local", "trusted-commands.toml")
        return common / "hotfix" / "trusted-commands.toml"

    @property
    def runs(self) -> Path:
        """The full output of every evidence run, per session."""
        return self._checked(".local", "runs")

    def session(self, name: str) -> Path:
        """A session's file; the name is checked (a plain file name)."""
        return self._checked(f"{check_session_name(name)}.toml")

    def session_names(self) -> list[str]:
        folder = self.dir
        if not folder.is_dir():
            return []
        return sorted(path.stem for path in folder.glob("*.toml")
                      if path.is_file() and path.name != "config.toml")

    def lock(self, session_path: Path) -> Path:
        return self._checked(f".{session_path.name}.lock")

    def events(self, session_path: Path) -> Path:
        """The folder of a session's event log, one file per writer."""
        return self._checked(f"{session_path.stem}.events")

    def event_files(self, events: Path) -> list[Path]:
        """The writers' files in a session's event log folder (none when it is missing)."""
        if not events.is_dir():
            return []
        return [self._checked(events.name, path.name) for path in sorted(events.glob("*.toml"))]

    def pr_dir(self, session_path: Path) -> Path:
        """The folder of what a session knows about its pull request (`hotfix pr`)."""
        return self._checked(f"{session_path.stem}.pr")

    def pr_record(self, session_path: Path) -> Path:
        """Which pull request, and when it and the session were last in step."""
        return self._checked(f"{session_path.stem}.pr", "record.toml")

    def pr_base(self, session_path: Path) -> Path:
        """The PR's body as it was when last in step: the base of the next three-way merge."""
        return self._checked(f"{session_path.stem}.pr", "base.md")

    def writer_file(self, events: Path, author: str, writer_id: str) -> Path:
        """A writer's event file: one person in one clone, `dana-tester-3f9a1c2e.toml`."""
        return self._checked(events.name,
                             f"{slugify(author, 'someone', limit=40)}-{writer_id}.toml")

    def exported_body(self, name: str) -> Path:
        """The PR body a session last exported or read back: `import-body`'s base."""
        return self._checked(".local", "bodies", f"{check_session_name(name)}.toml")

    def ui_state(self, name: str) -> Path:
        """What the app remembers locally about a session (the section last visited)."""
        return self._checked(".local", f"{check_session_name(name)}.toml")

    def run_log(self, name: str, item_id: str, started: datetime) -> Path:
        """Where a run's full output is kept: `.hotfix/.local/runs/<session>/<item>-<time>.log`."""
        return self._checked(".local", "runs", check_session_name(name),
                             f"{item_id}-{started:%Y%m%d-%H%M%S-%f}.log")

    def out(self, name: str, kind: str) -> Path:
        """Where the app exports: `.hotfix/out/<session>.<kind>.md`."""
        return self._checked("out", f"{check_session_name(name)}.{kind}.md")

    def unpushed_body(self, name: str) -> Path:
        """A PR body `hotfix pr` could not push: `.hotfix/out/<session>.pr-unpushed.md`."""
        return self.out(name, "pr-unpushed")

    def ensure_ignored(self) -> None:
        """Keep this clone's own files out of git, and give sessions their merge driver
        (see clone_setup.py): set up once, in the clone's own git files."""
        prepare(self.root)
