"""Finding the repo, and git's slower work (tags, branches, commits) through GitPython,
behind one small interface. What the branch changed is read with plain git (snapshot.py).

GitPython is imported inside the functions: commands that never touch git (validate,
--help) should not pay for it.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from hotfix_tui.core.errors import RepoError
from hotfix_tui.core.git.snapshot import resolve_base, user_name
from hotfix_tui.core.storage.config import Config

if TYPE_CHECKING:
    import git

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
        """git's user.name here, else the login name (one `git config`, read when needed)."""
        return user_name(self.root)


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
# Files named at most in a git error listing those in the way.
SHOWN_FILES = 5


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
    raw = [line for line in stderr.splitlines() if line.strip()]
    lines = [line.strip() for line in raw]
    for at in reversed(range(len(lines))):
        if lines[at].startswith(("fatal:", "error:")):
            return lines[at] + _listed_after(raw[at + 1:]) if lines[at].endswith(":") else lines[at]
    return lines[-1] if lines else f"git exited with status {exc.status}"


def _listed_after(rest: list[str]) -> str:
    """What git lists under a line ending in ':' (the files in the way, indented) and the
    advice after them, on the same line: without them the message stops at the colon."""
    listed = [line.strip() for line in rest if line[:1].isspace()]
    advice = next((line.strip() for line in rest if not line[:1].isspace()
                   and line.strip() != "Aborting"), "")
    shown_files = ", ".join(listed[:SHOWN_FILES])
    more = f" and {len(listed) - SHOWN_FILES} more" if len(listed) > SHOWN_FILES else ""
    return f" {shown_files}{more}" + (f"; {advice}" if advice else "")


# --- tags, branches and commits --------------------------------------------------------


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
            base = resolve_base(root, config)
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
