"""The forge a session's pull request lives on, behind one small interface.

GitHub (through the `gh` program) is the one there is; another forge (GitLab through
`glab`) is a class with the same methods and a line in `forge_for`. Each method is one
round trip; every failure is a one-line `ForgeError` saying what to do.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple, Protocol

OPEN, CLOSED, MERGED = "open", "closed", "merged"


class PullRequest(NamedTuple):
    """A pull request as the forge has it now."""

    number: int
    url: str
    body: str  # exactly as the forge returns it (a body edited on GitHub's website has CRLF)
    state: str  # OPEN, CLOSED or MERGED (the constants above)
    draft: bool
    updated_at: datetime  # the forge's own clock: when anything about the PR last changed
    head: str  # the branch it merges


class Pushed(NamedTuple):
    """A branch pushed because it had no upstream yet; it now tracks `remote/branch`."""

    remote: str
    branch: str


class Forge(Protocol):
    """One repository's pull requests on a forge."""

    name: str  # "GitHub"

    def reference(self, number: int) -> str:
        """How people name a pull request there, in messages and the log: `GitHub PR #12`."""

    def find(self, branch: str) -> PullRequest | None:
        """The pull request whose head is `branch`: the open one, else the newest; None
        when the branch has none."""

    def read(self, number: int) -> PullRequest:
        """The pull request now; `PullRequestGone` when the forge knows none of that number."""

    def create(self, *, title: str, body: str, head: str, base: str | None,
               draft: bool) -> PullRequest:
        """Open a pull request (`base` None: the repository's default branch)."""

    def edit_body(self, number: int, body: str) -> None: ...

    def mark_ready(self, number: int) -> None:
        """A draft becomes ready for review."""

    def push(self, branch: str) -> Pushed | None:
        """Push `branch` when it has no upstream yet, setting it; None when it has one."""


def forge_for(root: Path) -> Forge:
    """The forge of the repository at `root`."""
    from hotfix_tui.core.forge.github import GitHub

    return GitHub(root)
