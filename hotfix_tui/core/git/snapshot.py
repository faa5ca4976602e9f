"""What git knows about the branch, read with plain `git` commands: the changes (one `git
diff --name-status -z` each for the branch and the work tree, one `git ls-files` for new
files), the commits (`git log --format`), the base branch, who the user is and when code
last changed.

On the way of every refresh and of `status`/`set`: GitPython would cost its import (~45 ms)
and, in a diff, a check per changed file (seconds for thousands of files), where git
answers in one call whose cost is git's own.
"""

from __future__ import annotations

import getpass
import subprocess
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from hotfix_tui.core.errors import ConfigError, RepoError
from hotfix_tui.core.storage.config import Config

# The tool's own files: never part of "what the hotfix changed", and a commit of a
# session alone is no new code (it must not make ticks stale or show up as a change).
OWN_DIR = ".hotfix/"
NOT_OWN = ("--", ".", ":(exclude).hotfix")


class FileChange(NamedTuple):
    path: str
    # "added", "modified", "deleted", "renamed" (from old_path), "type-changed" or "untracked"
    change: str
    old_path: str | None = None


class CommitInfo(NamedTuple):
    sha: str
    subject: str
    committed_at: datetime
    is_merge: bool


class RepoSnapshot(NamedTuple):
    """What git knows about the branch, read once; pre-fill and staleness work from this."""

    branch: str | None  # None on a detached HEAD
    head: str
    # When the newest commit that changed code (not only .hotfix/) was made; rebases and
    # amends count. None when every commit only touched .hotfix/.
    last_change_at: datetime | None
    base: str | None  # the base branch's name; None when none was found
    merge_base: str | None
    committed: tuple[FileChange, ...]  # merge base -> HEAD
    uncommitted: tuple[FileChange, ...]  # HEAD -> working tree (staged or not), untracked
    commits: tuple[CommitInfo, ...]  # merge base -> HEAD, oldest first, code commits only


class Done(NamedTuple):
    status: int
    out: str
    err: str


def run_git(root: Path, *args: str) -> Done:
    """`git ARGS` in `root`; a missing git program is a one-line RepoError."""
    try:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, check=False,
                              timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RepoError(f"{root}: cannot run git: {exc}") from None
    # Paths and messages in another encoding are shown, not refused.
    return Done(done.returncode, done.stdout.decode("utf-8", "replace"),
                done.stderr.decode("utf-8", "replace"))


def git_output(root: Path, doing: str, *args: str) -> str:
    """What `git ARGS` prints; a failure is a one-line RepoError saying what we were
    `doing`, with git's own reason."""
    done = run_git(root, *args)
    if done.status != 0:
        lines = [line.strip() for line in done.err.splitlines() if line.strip()]
        reason = next((line for line in reversed(lines) if line.startswith(("fatal:", "error:"))),
                      lines[-1] if lines else f"git exited with status {done.status}")
        raise RepoError(f"{root}: cannot {doing}: {reason}")
    return done.out


def user_name(root: Path) -> str:
    """git's user.name here (the repo's, else the global one), else the login name."""
    try:
        name = run_git(root, "config", "user.name").out.strip()
    except RepoError:
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name either: never fail over a name
        return "unknown"


def last_code_change(root: Path) -> datetime | None:
    """`RepoSnapshot.last_change_at` alone, for checking ticks: one `git log`."""
    done = run_git(root, "log", "-1", "--format=%cI", "HEAD", *NOT_OWN)
    return datetime.fromisoformat(done.out.strip()) if done.status == 0 and done.out.strip() else None


def read_snapshot(root: Path, config: Config, recorded_base: str | None = None
                  ) -> RepoSnapshot | None:
    """The branch's state, or None where there is no git work tree with a commit.
    `recorded_base` is the base a session found before: it wins over a new guess."""
    where = run_git(root, "rev-parse", "--is-bare-repository", "HEAD")
    lines = where.out.split()
    if where.status != 0 or lines[:1] != ["false"] or len(lines) < 2:
        return None  # not a repo, bare, or no commits yet
    head = lines[1]
    refs = Refs.read(root)
    base = resolve_base(root, config, refs, recorded_base, compare=True)
    merge_base = None
    if base is not None:
        found = run_git(root, "merge-base", base[1], head)
        merge_base = found.out.strip() or None if found.status == 0 else None  # unrelated
    commits: tuple[CommitInfo, ...] = ()
    committed: list[FileChange] = []
    if merge_base is not None:
        commits = _commits(root, f"{merge_base}..{head}")
        committed = _changes(git_output(root, "read the repository", "diff", "--name-status",
                                        "-z", "-M", "--no-ext-diff", merge_base, head))
    uncommitted = _changes(git_output(root, "read the repository", "diff", "--name-status",
                                      "-z", "-M", "--no-ext-diff", "HEAD"))
    untracked = git_output(root, "read the repository", "ls-files", "--others",
                           "--exclude-standard", "-z")
    uncommitted += [FileChange(p, "untracked") for p in untracked.split("\0") if p]
    return RepoSnapshot(
        branch=refs.branch,
        head=head,
        last_change_at=last_code_change(root),
        base=base[0] if base else None,
        merge_base=merge_base,
        committed=tuple(c for c in committed if not c.path.startswith(OWN_DIR)),
        uncommitted=tuple(c for c in uncommitted if not c.path.startswith(OWN_DIR)),
        commits=commits,
    )


def _commits(root: Path, span: str) -> tuple[CommitInfo, ...]:
    """The code commits of `span`, oldest first."""
    text = git_output(root, "read the repository", "log", "-z",
                      "--format=%H%x00%P%x00%cI%x00%B", span, *NOT_OWN)
    fields = text.split("\0")
    found = []
    for start in range(0, len(fields) - 3, 4):
        sha, parents, when, message = fields[start:start + 4]
        found.append(CommitInfo(sha, message.split("\n", 1)[0], datetime.fromisoformat(when),
                                len(parents.split()) > 1))
    return tuple(reversed(found))


_CHANGES = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "T": "type-changed"}


def _changes(text: str) -> list[FileChange]:
    """`git diff --name-status -z`: a status, then one path (two for a rename or copy)."""
    fields = text.split("\0")
    found, at = [], 0
    while at < len(fields) and fields[at]:
        status = fields[at]
        change = _CHANGES.get(status[0], "modified")
        if status[0] in "RC":
            old, path = fields[at + 1], fields[at + 2]
            found.append(FileChange(path, change, old if change == "renamed" else None))
            at += 3
        else:
            found.append(FileChange(fields[at + 1], change))
            at += 2
    return sorted(found, key=lambda c: c.path)


# --- the base branch -------------------------------------------------------------------


class Refs(NamedTuple):
    """The repo's refs as one `git for-each-ref` lists them, and its remotes."""

    names: frozenset[str]
    # refs/remotes/<remote>/HEAD -> the ref it names
    symbolic: dict[str, str]
    shas: dict[str, str]
    branch: str | None  # None on a detached HEAD
    upstream_remote: str | None  # the current branch's remote
    remotes: tuple[str, ...]

    @classmethod
    def read(cls, root: Path) -> Refs:
        listed = git_output(root, "read the repository", "for-each-ref",
                            "--format=%(refname)%00%(objectname)%00%(symref)%00"
                            "%(upstream:remotename)")
        current = run_git(root, "symbolic-ref", "-q", "HEAD")
        branch_ref = current.out.strip() if current.status == 0 else ""
        names, symbolic, shas, upstream = set(), {}, {}, None
        for line in listed.splitlines():
            name, sha, target, remote = (line.split("\0") + ["", "", ""])[:4]
            names.add(name)
            shas[name] = sha
            if target:
                symbolic[name] = target
            if name == branch_ref and remote:
                upstream = remote
        remotes = tuple(git_output(root, "read the repository", "remote").split())
        branch = branch_ref.removeprefix("refs/heads/") if branch_ref.startswith(
            "refs/heads/") else None
        return cls(frozenset(names), symbolic, shas, branch, upstream, remotes)


def resolve_base(root: Path, config: Config, refs: Refs | None = None,
                 recorded: str | None = None, compare: bool = False) -> tuple[str, str] | None:
    """The base branch as (name, the ref to compare with), in this order: the config's
    `base`, the base the session recorded, the remote's default branch, `main`, `master`.
    To `compare` the branch with, never the branch itself (a clone whose `origin/HEAD`
    names the hotfix branch would compare it with itself and find nothing changed)."""
    refs = refs or Refs.read(root)
    if config.base:
        found = _newest_ref(root, refs, config.base)
        if found is None:
            raise ConfigError(f"{config.path}: base branch {config.base!r} is not in this "
                              "repository (neither a local nor a remote-tracking branch)")
        return config.base, found
    current = refs.branch if compare else None
    for name in (recorded, _remote_default(refs), "main", "master"):
        if name and name != current and (found := _newest_ref(root, refs, name)):
            return name, found
    return None


def _newest_ref(root: Path, refs: Refs, name: str) -> str | None:
    """The local branch `name` or a remote's copy of it, whichever is newest: a local
    `main` nobody updated must not pull other people's merged work into the diff."""
    candidates = [ref for ref in (f"refs/heads/{name}",
                                  *(f"refs/remotes/{r}/{name}" for r in refs.remotes))
                  if ref in refs.names]
    if not candidates:
        return None
    best = candidates[0]
    for ref in candidates[1:]:
        newer, older = refs.shas[ref], refs.shas[best]
        if newer != older and run_git(root, "merge-base", "--is-ancestor", older,
                                      newer).status == 0:
            best = ref
    return best.removeprefix("refs/heads/").removeprefix("refs/remotes/")


def _remote_default(refs: Refs) -> str | None:
    """The default branch of the current branch's remote (or origin, or the only remote),
    as recorded locally in `refs/remotes/<remote>/HEAD`: no network access."""
    preferred = [refs.upstream_remote] if refs.upstream_remote else []
    preferred.append("origin")
    if len(refs.remotes) == 1:
        preferred.append(refs.remotes[0])
    for remote in preferred:
        if remote not in refs.remotes:
            continue
        target = refs.symbolic.get(f"refs/remotes/{remote}/HEAD")
        if target and target in refs.names:
            return target.removeprefix(f"refs/remotes/{remote}/")
    return None
