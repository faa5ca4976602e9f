"""Building real git histories for tests: commits with chosen dates, tags, branches."""

from __future__ import annotations

from pathlib import Path

import git


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def commit(repo: git.Repo, message: str, files: dict[str, str] | None = None,
           when: str | None = None) -> git.Commit:
    """Commit everything in the work tree (after writing `files`), dated `when` if given:
    tests that compare tick times with commit times set both, never sleep."""
    write(Path(repo.working_tree_dir or ""), files or {})
    repo.git.add("-A")
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    repo.git.commit("-q", "-m", message, env=env)
    return repo.head.commit


def tag(repo: git.Repo, *names: str, ref: str | git.Commit = "HEAD",
        annotated: bool = False) -> None:
    """Tag `ref` with each of `names` (lightweight, or annotated as release tools make them)."""
    for name in names:
        if annotated:
            repo.create_tag(name, ref=ref, message=f"release {name}")
        else:
            repo.create_tag(name, ref=ref)
