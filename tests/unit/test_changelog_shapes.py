"""The release on changelogs of every shape real projects use, in real git repositories:
the version from the tags, the exact entry inserted in the file's own style and place, its
link reference, and every other byte of the file as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

import git
import pytest

from hotfix_tui.core.exports import ExportPlan, export
from hotfix_tui.core.workspace import Workspace
from tests.conftest import PROJECT, make_repo
from tests.gitrepos import commit, tag

FIXTURES = PROJECT / "tests" / "data" / "changelogs"
DAY = date(2026, 11, 24)
FIX = "Key the cache by build"  # the hotfix branch's commit: the changes made


class Shape(NamedTuple):
    fixture: str
    old_tags: tuple[str, ...]  # on an earlier commit
    head_tags: tuple[str, ...]  # on the release commit the hotfix branch starts from
    version: str
    tag: str
    anchor: str  # the line the entry goes directly above
    entry: str
    edits: tuple[tuple[str, str], ...] = ()  # other lines: old -> new (new may be two lines)
    path: str = "CHANGELOG.md"
    side_tags: tuple[str, ...] = ()  # on a branch HEAD's history does not hold
    given: str | None = None


URL = "https://git.example.com/acme"
SHAPES = [
    Shape("keep-a-changelog", ("v1.4.0", "v1.4.1"), ("v1.4.2",), "1.4.3", "v1.4.3",
          "## [1.4.2] - 2026-10-01",
          f"## [1.4.3] - 2026-11-24\n\n### Fixed\n\n- {FIX}\n\n",
          ((f"[unreleased]: {URL}/ledger/compare/v1.4.2...HEAD",
            f"[unreleased]: {URL}/ledger/compare/v1.4.3...HEAD"),
           (f"[1.4.2]: {URL}/ledger/compare/v1.4.1...v1.4.2",
            f"[1.4.3]: {URL}/ledger/compare/v1.4.2...v1.4.3\n"
            f"[1.4.2]: {URL}/ledger/compare/v1.4.1...v1.4.2")),
          side_tags=("v1.5.0",)),
    Shape("tight", ("v2.9.1", "v3.0.0.dev1", "v3.0.0.dev2"), ("v3.0.0",), "3.0.1", "v3.0.1",
          "## [3.0.0] - 2026-05-14", f"## [3.0.1] - 2026-11-24\n### Fixed\n- {FIX}\n\n",
          ((f"[Unreleased]: {URL}/parse/compare/v3.0.0...HEAD",
            f"[Unreleased]: {URL}/parse/compare/v3.0.1...HEAD"),
           (f"[3.0.0]: {URL}/parse/compare/v3.0.0.dev2...v3.0.0",
            f"[3.0.1]: {URL}/parse/compare/v3.0.0...v3.0.1\n"
            f"[3.0.0]: {URL}/parse/compare/v3.0.0.dev2...v3.0.0"))),
    Shape("calver-compare-link", ("24.4.0", "25.1.0"), ("25.2.0",), "25.2.1", "25.2.1",
          f"## [25.2.0]({URL}/logs/compare/25.1.0...25.2.0) - 2025-03-11",
          f"## [25.2.1]({URL}/logs/compare/25.2.0...25.2.1) - 2026-11-24\n\n### Fixed\n\n"
          f"- {FIX}\n\n\n"),
    # Day-first dates with an ordinal, `* ` bullets and no sub-headings in the newest entry.
    Shape("ordinal-date", ("1.8.0",), ("1.8.1",), "1.8.2", "1.8.2", "## 1.8.1 (3rd March, 2026)",
          f"## 1.8.2 (24th November, 2026)\n\n* {FIX}\n\n"),
    Shape("towncrier", ("24.2.0",), ("24.3.0",), "24.3.1", "24.3.1",
          f"## [24.3.0]({URL}/shapes/tree/24.3.0) - 2024-12-16",
          f"## [24.3.1]({URL}/shapes/tree/24.3.1) - 2026-11-24\n\n### Changes\n\n- {FIX}\n\n\n"),
    Shape("version-word", ("3.0.2",), ("3.1.0",), "3.1.1", "3.1.1", "## Version 3.1.0",
          f"## Version 3.1.1\n\nReleased 2026-11-24\n\n- {FIX}\n\n"),
    Shape("generated", ("v4.3.8",), ("v4.3.9",), "4.3.10", "v4.3.10", "## v4.3.9 (2026-02-25)",
          f"## v4.3.10 (2026-11-24)\n\n### Fix\n\n- {FIX}\n\n"),
    Shape("badge", ("v2.2.0", "v2.3.0-rc.1", "v2.3.0-rc.2", "v2.3.0"), ("v2.3.1",), "2.3.2",
          "v2.3.2", f"## [2.3.1]({URL}/notes/compare/v2.3.0..v2.3.1) - 2026-04-26",
          f"## [2.3.2]({URL}/notes/compare/v2.3.1..v2.3.2) - 2026-11-24\n\n### 🐛 Bug Fixes\n\n"
          f"- {FIX}\n\n\n", side_tags=("v3.0.0-rc.1",)),
    # A future version and the repo's other crates' tags on the release commit.
    Shape("future-version", ("v4.6.4", "v4.6.5", "args_complete-v4.6.8"),
          ("v4.6.6", "args_complete-v4.6.9", "args_lex-v1.1.0"), "4.6.7", "v4.6.7",
          "## [4.6.6] - 2026-08-06", f"## [4.6.7] - 2026-11-24\n\n### Fixes\n\n- {FIX}\n\n",
          ((f"[Unreleased]: {URL}/args/compare/v4.6.6...HEAD",
            f"[Unreleased]: {URL}/args/compare/v4.6.7...HEAD"),
           (f"[4.6.6]: {URL}/args/compare/v4.6.5...v4.6.6",
            f"[4.6.7]: {URL}/args/compare/v4.6.6...v4.6.7\n"
            f"[4.6.6]: {URL}/args/compare/v4.6.5...v4.6.6"))),
    # Prefixed tags now, plain ones before (still in HEAD's history), other crates too.
    Shape("tag-link", ("v0.28.0", "v0.29.0", "tui-v0.30.0-alpha.1", "tui-v0.30.1",
                       "tui-core-v0.1.0"),
          ("tui-v0.30.2", "tui-core-v0.1.1", "tui-widgets-v0.3.1"), "0.30.3", "tui-v0.30.3",
          f"## [0.30.2]({URL}/tui/releases/tag/tui-v0.30.2) - 2026-06-19",
          f"## [0.30.3]({URL}/tui/releases/tag/tui-v0.30.3) - 2026-11-24\n\n### Bug Fixes\n\n"
          f"- {FIX}\n\n"),
    # A monorepo package's changelog: its folder picks its tags among all packages'.
    Shape("package", ("@acme/cli@3.0.0-next.1", "@acme/cli@3.0.0", "@acme/write@1.0.0"),
          ("@acme/cli@3.0.1", "@acme/write@1.0.1", "@acme/config@2.4.0"), "3.0.2",
          "@acme/cli@3.0.2", "## 3.0.1", f"## 3.0.2\n\n### Patch Changes\n\n- {FIX}\n\n",
          path="packages/cli/CHANGELOG.md", side_tags=("@acme/cli@4.0.0-next.0",)),
    Shape("level-one", ("10.4.1",), ("10.4.2",), "10.4.3", "10.4.3", "# 10.4.2",
          f"# 10.4.3\n\n## Bug Fixes\n\n- {FIX}\n\n"),
    Shape("level-three", ("v2.10.1",), ("v2.10.2",), "2.10.3", "v2.10.3",
          "### [2.10.2] 2026-07-01", f"### [2.10.3] 2026-11-24\n\n- {FIX}\n\n"),
    Shape("setext", ("4.6.8",), ("4.6.9",), "4.6.10", "4.6.10", "4.6.9 - 2026-08-10",
          f"4.6.10 - 2026-11-24\n===================\n\nBug fixes\n---------\n\n* {FIX}\n\n"),
    Shape("master-unreleased", ("v3.7.8",), ("v3.7.9",), "3.7.10", "v3.7.10",
          f"## [v3.7.9]({URL}/fmt/tree/v3.7.9) (2025.04.03)",
          f"## [v3.7.10]({URL}/fmt/tree/v3.7.10) (2026.11.24)\n\n* {FIX}\n\n"),
    Shape("escaped-bracket", ("v1.2.2",), ("v1.2.3",), "1.2.4", "v1.2.4",
          "## \\[1.2.3] - March 31, 2022",
          f"## \\[1.2.4] - November 24, 2026\n\n### Fixed\n\n- {FIX}\n\n"),
]


def hotfix_repo(root: Path, shape: Shape, changelog: bytes) -> git.Repo:
    """Old tags, then the release commit with the changelog and its tags, a later release
    on a branch of its own, and the hotfix branch from the release with one fix."""
    repo = make_repo(root, branch="main")
    tag(repo, *shape.old_tags)
    path = root / shape.path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(changelog)
    commit(repo, "release", {"app.py": "print('release')\n"})
    tag(repo, *shape.head_tags, annotated=True)
    if shape.side_tags:
        repo.git.checkout("-q", "-b", "next")
        commit(repo, "next release", {"next.py": "n = 1\n"})
        tag(repo, *shape.side_tags)
        repo.git.checkout("-q", "main")
    repo.git.checkout("-q", "-b", "hotfix/login-crash")
    commit(repo, FIX, {"cache.py": "KEY = 'build'\n"})
    return repo


def released(root: Path, shape: Shape):
    ws = Workspace.open(root)
    session = ws.create("hotfix-login-crash")
    return export(ws, session, ExportPlan(changelog=root / shape.path, draft=True,
                                          version=shape.given), DAY)


def expected(old: str, shape: Shape, newline: str = "\n") -> str:
    """`old` with the entry above the anchor and the edited lines, nothing else."""
    def lines(text: str) -> str:
        return text.replace("\n", newline)

    at = old.index(shape.anchor)
    assert old.count(shape.anchor) == 1 and old[at - 1] == "\n", shape.anchor
    new = old[:at] + lines(shape.entry) + old[at:]
    for before, after in shape.edits:
        assert new.count(before) == 1, before
        new = new.replace(before, lines(after))
    return new


@pytest.mark.parametrize("shape", SHAPES, ids=[s.fixture for s in SHAPES])
def test_the_entry_goes_in_the_files_style_and_place(shape: Shape, tmp_path: Path):
    old = (FIXTURES / f"{shape.fixture}.md").read_bytes()
    hotfix_repo(tmp_path / "repo", shape, old)
    done = released(tmp_path / "repo", shape)
    assert done.release is not None
    assert (done.release.version, done.release.tag) == (shape.version, shape.tag)
    new = (tmp_path / "repo" / shape.path).read_bytes().decode()
    assert new == expected(old.decode(), shape)


def test_mixed_line_endings_and_no_final_newline(tmp_path: Path):
    # Mostly CRLF with LF lines at the top and no final newline: the entry and the link
    # take the endings of the lines around them; the last line stays without one.
    shape = SHAPES[0]
    lines = (FIXTURES / "keep-a-changelog.md").read_text().splitlines()
    old = "\n".join(lines[:3]) + "\n" + "\r\n".join(lines[3:])
    hotfix_repo(tmp_path / "repo", shape, old.encode())
    released(tmp_path / "repo", shape)
    new = (tmp_path / "repo" / shape.path).read_bytes().decode()
    assert new == expected(old, shape, newline="\r\n")
    assert new.endswith("releases/tag/v1.4.0") and new.startswith("# Changelog\n\nAll")


def test_a_changelog_with_only_an_unreleased_section_gets_the_entry_below_it(tmp_path: Path):
    shape = Shape("only-unreleased", (), (), "0.1.0", "v0.1.0", "", "", given="0.1.0")
    old = (FIXTURES / "only-unreleased.md").read_text()
    hotfix_repo(tmp_path / "repo", shape, old.encode())
    done = released(tmp_path / "repo", shape)
    assert done.release is not None and done.release.tag == "v0.1.0"
    assert (tmp_path / "repo" / "CHANGELOG.md").read_text() == (
        old + f"\n## [0.1.0] - 2026-11-24\n\n### Fixed\n\n- {FIX}\n")
