"""Everything git, through GitPython, behind one small interface.

GitPython is imported inside the functions: commands that never touch git (validate,
--help) should not pay for it.
"""

from __future__ import annotations

import getpass
import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hotfix_tui.core.errors import ConfigError, RepoError
from hotfix_tui.core.storage.config import Config

if TYPE_CHECKING:
    import git

# The tool's own files: never part of "what the hotfix changed", and a commit of a
# session alone is no new code (it must not make ticks stale or show up as a change).
OWN_DIR = ".hotfix/"
NOT_OWN = [".", ":(exclude).hotfix"]


class RepoInfo(NamedTuple):
    """What the tool needs to know about where it runs."""

    root: Path
    is_git: bool
    branch: str | None
    head: str | None
    # One line for the user when git could not be used ("not a git repository ...").
    notice: str | None = None

    @property
    def user(self) -> str:
        """git's user.name here, else the login name. Read when needed (the workspace keeps
        it): it loads GitPython, which commands that only read a session do without."""
        try:
            import git
        except ImportError:
            return _os_user()
        try:
            repo = git.Repo(self.root, search_parent_directories=True)
        except (git.InvalidGitRepositoryError, git.NoSuchPathError):
            return _global_user()
        with repo:
            return _repo_user(repo)


def open_repo(path: Path) -> RepoInfo:
    """The git repository containing `path`, or `path` itself when there is none."""
    path = path.resolve()
    return plain_repo(path) or open_with_gitpython(path)


# Loading GitPython is most of a headless command's time (it also runs `git version`),
# yet where the work tree is and which branch is out need none of it in the usual layout:
# a `.git` folder whose HEAD names a commit, or a branch with a loose ref. Anything else
# (worktrees, submodules, bare repos, GIT_* variables, packed or reftable refs, an unborn
# branch, config that moves the work tree, no git program) is left to GitPython.
GIT_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_PYTHON_GIT_EXECUTABLE")
HEX_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def plain_repo(path: Path) -> RepoInfo | None:
    """What `open_with_gitpython` would say, read from `.git` directly; None when the repo
    is not laid out plainly enough to be sure."""
    if any(name in os.environ for name in GIT_VARIABLES) or shutil.which("git") is None:
        return None
    for folder in (path, *path.parents):
        dot_git = folder / ".git"
        if dot_git.is_dir():
            break
        if dot_git.exists() or (folder / "HEAD").exists():  # a .git file; in a git folder
            return None
    else:
        return None
    try:
        if (dot_git / "HEAD").is_symlink() or not (dot_git / "objects").is_dir():
            return None
        head = (dot_git / "HEAD").read_text(encoding="utf-8").strip()
        if not _plain_config((dot_git / "config").read_text(encoding="utf-8")):
            return None
        if HEX_SHA.fullmatch(head):
            return RepoInfo(folder, True, None, head)
        branch = head.removeprefix("ref: refs/heads/")
        if branch == head:
            return None
        sha = (dot_git / "refs" / "heads" / branch).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):  # no loose ref among them: packed, or unborn
        return None
    return RepoInfo(folder, True, branch, sha) if HEX_SHA.fullmatch(sha) else None


def _plain_config(text: str) -> bool:
    """Whether a repo's config leaves the work tree beside `.git` and refs in files."""
    for line in text.lower().splitlines():
        key = "".join(line.split())
        if key.startswith(("worktree", "[include", "refstorage")) or (
                key.startswith("bare") and key != "bare=false"):
            return False
    return True


def open_with_gitpython(path: Path) -> RepoInfo:
    try:
        import git
    except ImportError as exc:  # GitPython refuses to load when it finds no git program
        reason = str(exc).strip().splitlines()[0]
        return RepoInfo(path, False, None, None,
                        f"git is not usable ({reason}): working in {path}")
    try:
        repo = git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return RepoInfo(path, False, None, None, f"not a git repository: working in {path}")
    with repo, git_errors(path, "open the repository"):
        if repo.bare or repo.working_tree_dir is None:
            return RepoInfo(path, False, None, None, f"bare git repository: working in {path}")
        root = Path(repo.working_tree_dir)
        branch = None if repo.head.is_detached else repo.head.reference.name
        try:
            head: str | None = repo.head.commit.hexsha
        except ValueError:  # unborn branch: no commits yet
            head = None
        notice = None if head else "repository has no commits yet"
        return RepoInfo(root, True, branch, head, notice)


def _repo_user(repo: git.Repo) -> str:
    try:
        name = repo.config_reader().get_value("user", "name", "")
    except Exception:  # any unreadable config: fall back, never fail over a name
        name = ""
    return str(name) or _os_user()


def _global_user() -> str:
    import git

    try:
        reader = git.GitConfigParser(
            [git.config.get_config_path("global"), git.config.get_config_path("user")],
            read_only=True)
        name = reader.get_value("user", "name", "")
    except Exception:
        name = ""
    return str(name) or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


@contextmanager
def git_errors(root: Path, doing: str) -> Iterator[None]:
    """Turn whatever GitPython raises into a one-line RepoError: git errors never show a
    traceback. GitPython reports unborn or unknown refs as ValueError."""
    import git

    try:
        yield
    except git.GitCommandError as exc:
        raise RepoError(f"{root}: cannot {doing}: {_git_message(exc)}") from None
    except (git.GitError, git.exc.ODBError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()
        raise RepoError(f"{root}: cannot {doing}: {first[0] if first else type(exc).__name__}"
                        ) from None


def _git_message(exc: git.GitCommandError) -> str:
    # GitPython wraps stderr as "\n  stderr: '...'"; git's own last fatal/error line is the
    # one that says what went wrong (hints come before it).
    stderr = str(exc.stderr).strip().removeprefix("stderr: '").removesuffix("'")
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for line in reversed(lines):
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[-1] if lines else f"git exited with status {exc.status}"


# --- what the branch changed -----------------------------------------------------------


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


_CHANGES = {"A": "added", "M": "modified", "D": "deleted", "R": "renamed", "T": "type-changed"}


@contextmanager
def _work_tree(root: Path) -> Iterator[git.Repo | None]:
    """The repository holding `root` with git errors as one line, or None where there is no
    work tree with a commit (not a repo, bare, no commits yet)."""
    import git

    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        yield None
        return
    with repo, git_errors(root, "read the repository"):
        yield None if repo.bare or not repo.head.is_valid() else repo


def read_snapshot(root: Path, config: Config, recorded_base: str | None = None
                  ) -> RepoSnapshot | None:
    """The branch's state, or None where there is no git work tree with a commit.
    `recorded_base` is the base a session found before: it wins over a new guess."""
    with _work_tree(root) as repo:
        if repo is None:
            return None
        head = repo.head.commit
        base = _resolve_base(repo, config, recorded_base, compare=True)
        merge_base = None
        if base is not None:
            found = repo.merge_base(base[1], head)
            merge_base = found[0] if found else None  # None: unrelated histories
        commits: list[CommitInfo] = []
        committed: list[FileChange] = []
        if merge_base is not None:
            for commit in repo.iter_commits(f"{merge_base.hexsha}..{head.hexsha}",
                                            paths=NOT_OWN):
                subject = commit.summary  # bytes when the message is not in its encoding
                if isinstance(subject, bytes):
                    subject = subject.decode("utf-8", "replace")
                commits.append(CommitInfo(commit.hexsha, subject, commit.committed_datetime,
                                          len(commit.parents) > 1))
            commits.reverse()
            committed = _changes(merge_base.diff(head))
        uncommitted = _changes(head.diff(None))
        uncommitted += [FileChange(p, "untracked") for p in repo.untracked_files]
        return RepoSnapshot(
            branch=None if repo.head.is_detached else repo.head.reference.name,
            head=head.hexsha,
            last_change_at=_last_code_change(repo),
            base=base[0] if base else None,
            merge_base=merge_base.hexsha if merge_base else None,
            committed=tuple(c for c in committed if not c.path.startswith(OWN_DIR)),
            uncommitted=tuple(c for c in uncommitted if not c.path.startswith(OWN_DIR)),
            commits=tuple(commits),
        )


def last_code_change(root: Path) -> datetime | None:
    """`RepoSnapshot.last_change_at` alone, for checking ticks: one `git rev-list`, not
    the whole snapshot's diffs and status."""
    with _work_tree(root) as repo:
        return None if repo is None else _last_code_change(repo)


def _last_code_change(repo: git.Repo) -> datetime | None:
    newest = next(repo.iter_commits(repo.head.commit, paths=NOT_OWN, max_count=1), None)
    return newest.committed_datetime if newest else None


def _changes(diffs: git.DiffIndex[git.Diff]) -> list[FileChange]:
    found = []
    for diff in diffs:
        change = _CHANGES.get(diff.change_type or "M", "modified")
        path = diff.a_path if change == "deleted" else diff.b_path
        old = diff.a_path if change == "renamed" else None
        found.append(FileChange(path or "", change, old))
    return sorted(found, key=lambda c: c.path)


def _resolve_base(repo: git.Repo, config: Config, recorded: str | None = None,
                  compare: bool = False) -> tuple[str, str] | None:
    """The base branch as (name, the ref to compare with), in this order: the config's
    `base`, the base the session recorded, the remote's default branch, `main`, `master`.
    To `compare` the branch with, never the branch itself (a clone whose `origin/HEAD`
    names the hotfix branch would compare it with itself and find nothing changed)."""
    names = {ref.path for ref in repo.refs}
    if config.base:
        found = _newest_ref(repo, config.base, names)
        if found is None:
            raise ConfigError(f"{config.path}: base branch {config.base!r} is not in this "
                              "repository (neither a local nor a remote-tracking branch)")
        return config.base, found
    current = None if repo.head.is_detached or not compare else repo.head.reference.name
    for name in (recorded, _remote_default(repo), "main", "master"):
        if name and name != current and (found := _newest_ref(repo, name, names)):
            return name, found
    return None


def _newest_ref(repo: git.Repo, name: str, names: set[str]) -> str | None:
    """The local branch `name` or a remote's copy of it, whichever is newest: a local
    `main` nobody updated must not pull other people's merged work into the diff."""
    candidates = [ref for ref in (f"refs/heads/{name}",
                                  *(f"refs/remotes/{r.name}/{name}" for r in repo.remotes))
                  if ref in names]
    if not candidates:
        return None
    best = candidates[0]
    for ref in candidates[1:]:
        newer, older = repo.commit(ref), repo.commit(best)
        if newer != older and repo.is_ancestor(older, newer):
            best = ref
    return best.removeprefix("refs/heads/").removeprefix("refs/remotes/")


def _remote_default(repo: git.Repo) -> str | None:
    """The default branch of the current branch's remote (or origin, or the only remote),
    as recorded locally in `refs/remotes/<remote>/HEAD`: no network access."""
    import git

    remotes = [remote.name for remote in repo.remotes]
    preferred = []
    if not repo.head.is_detached:
        tracking = repo.head.reference.tracking_branch()
        if tracking is not None:
            preferred.append(tracking.remote_name)
    preferred.append("origin")
    if len(remotes) == 1:
        preferred.append(remotes[0])
    for remote in preferred:
        if remote not in remotes:
            continue
        ref = git.SymbolicReference(repo, f"refs/remotes/{remote}/HEAD")
        if ref.is_valid() and not ref.is_detached:
            return ref.reference.path.removeprefix(f"refs/remotes/{remote}/")
    return None


# --- tags, branches and commits --------------------------------------------------------


def release_tags(root: Path, reachable_from_head: bool) -> list[str]:
    """Tag names (all, or only those reachable from HEAD); none without git or commits."""
    with _work_tree(root) as repo:
        if repo is None:
            return []
        if reachable_from_head:
            return str(repo.git.tag("--list", "--merged", "HEAD")).split()
        return [tag.name for tag in repo.tags]


NEAREST_TRIES = 20  # tags skipped at most while looking for the nearest release tag


def nearest_tags(root: Path, globs: Sequence[str], wanted: Callable[[str], bool]) -> list[str]:
    """The tags on the commit of the tag nearest HEAD among those matching `globs` and
    `wanted`, as `git describe --tags` finds it (fewest commits away); [] when none is."""
    import git

    with _work_tree(root) as repo:
        if repo is None or not globs:
            return []
        skipped: list[str] = []  # matched a glob but names no release (`v1.x`)
        while len(skipped) < NEAREST_TRIES:
            try:
                found = str(repo.git.describe("--tags", "--abbrev=0",
                                              *(f"--match={glob}" for glob in globs),
                                              *(f"--exclude={tag}" for tag in skipped), "HEAD"))
            except git.GitCommandError as exc:
                if "describe" in str(exc.stderr):  # "No names found, cannot describe ..."
                    return []
                raise
            if wanted(found):
                return str(repo.git.tag("--points-at", f"{found}^{{commit}}")).split()
            skipped.append(found)
        return []


def start_branch(root: Path, branch: str, start: str | None, config: Config) -> str:
    """Create `branch` from the tag `start` (or, without one, the base branch), check it
    out, and say where it started."""
    import git

    with git.Repo(root) as repo, git_errors(root, f"create branch {branch!r}"):
        repo.git.check_ref_format("--branch", branch)
        if start is None:
            base = _resolve_base(repo, config)
            if base is None:
                raise RepoError(f"{root}: no release tag and no base branch to start "
                                f"{branch!r} from; set base in {config.path}")
            start = base[1]
        repo.git.checkout("-b", branch, start)
        return start


def commit_file(root: Path, path: Path, message: str, *more: Path) -> str | None:
    """Commit `path` (and the files or folders `more`) and nothing else: whatever else is
    staged stays staged, uncommitted.

    `git commit --only` commits the file's working-tree content while leaving the rest of
    the index alone. Returns the new commit's hash, or None when the file has no changes.
    """
    import git

    rel = path.relative_to(root).as_posix()
    rels = [rel, *(extra.relative_to(root).as_posix() for extra in more)]
    with git.Repo(root) as repo, git_errors(root, f"commit {rel}"):
        repo.git.add("--", *rels)  # a new session file must be known to git for --only
        if not repo.git.diff("--cached", "--name-only", "--", *rels):
            return None
        repo.git.commit("--only", "--quiet", "-m", message, "--", *rels)
        return str(repo.head.commit.hexsha)
