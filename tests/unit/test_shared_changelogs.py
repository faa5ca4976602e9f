"""The release on real projects' changelogs and tag lists (../shared/changelogs): each in a
real repository whose release commit carries the project's tag (and every other package's
newest), the rest of its tags on an older commit. The version is the patch after that tag,
the entry goes directly above the newest released entry in the file's own style, and the
rest of the file stays byte for byte but for its link references."""

from __future__ import annotations

import difflib
import subprocess
from datetime import date
from pathlib import Path

import pytest

from hotfix_tui.core.exports import ExportPlan, export
from hotfix_tui.core.git.tags import ReleaseTag, TagPattern, parse_tag
from hotfix_tui.core.workspace import Workspace
from tests.conftest import SHARED, make_repo
from tests.gitrepos import commit

CHANGELOGS = SHARED / "changelogs"
DAY = date(2026, 11, 24)
FIX = "Key the cache by build"

# What each file shows, read from it: the newest released heading (the entry goes directly
# above it), the new heading built the same way, and the file's name for a fixes section.
GH = "https://github.com"
EXPECTED = {
    "attrs": (f"## [26.1.0]({GH}/python-attrs/attrs/tree/26.1.0) - 2026-03-19",
              f"## [26.1.1]({GH}/python-attrs/attrs/tree/26.1.1) - 2026-11-24", "### Changes"),
    "changesets": ("## 3.0.1", "## 3.0.2", "### Patch Changes"),
    "clap": ("## [4.6.6] - 2026-08-06", "## [4.6.7] - 2026-11-24", "### Fixes"),
    "click": ("## Version 8.5.0", "## Version 8.5.1", "Released 2026-11-24"),
    "commitizen": ("## v4.13.9 (2026-02-25)", "## v4.17.1 (2026-11-24)", "### Fix"),
    "git-cliff": (f"## [2.13.1]({GH}/orhun/git-cliff/compare/v2.13.0..v2.13.1) - 2026-04-26",
                  f"## [2.13.2]({GH}/orhun/git-cliff/compare/v2.13.1..v2.13.2) - 2026-11-24",
                  "### 🐛 Bug Fixes"),
    "keep-a-changelog": ("## [1.1.1] - 2023-03-05", "## [1.1.3] - 2026-11-24", "### Fixed"),
    "keepachangelog": ("## [2.0.0] - 2024-06-14", "## [2.0.1] - 2026-11-24", "### Fixed"),
    "poetry": ("## [2.4.1] - 2026-05-09", "## [2.4.2] - 2026-11-24", "### Fixed"),
    "ratatui": (f"## [0.30.2]({GH}/ratatui/ratatui/releases/tag/ratatui-v0.30.2) - 2026-06-19",
                f"## [0.30.3]({GH}/ratatui/ratatui/releases/tag/ratatui-v0.30.3) - 2026-11-24",
                "### Bug Fixes"),
    "structlog": (f"## [26.1.0]({GH}/hynek/structlog/compare/25.5.0...26.1.0) - 2026-06-06",
                  f"## [26.1.1]({GH}/hynek/structlog/compare/26.1.0...26.1.1) - 2026-11-24",
                  "### Fixed"),
}
# The link references the files keep: the new one, and the Unreleased link moved on.
LINKS = {
    "clap": ("[4.6.7]: https://github.com/clap-rs/clap/compare/v4.6.6...v4.6.7",
             "[Unreleased]: https://github.com/clap-rs/clap/compare/v4.6.7...HEAD"),
    "keep-a-changelog": (
        "[1.1.3]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.2...v1.1.3",
        "[unreleased]: https://github.com/olivierlacan/keep-a-changelog/compare/v1.1.3...HEAD"),
    "keepachangelog": (
        "[2.0.1]: https://github.com/Colin-b/keepachangelog/compare/v2.0.0...v2.0.1",
        "[Unreleased]: https://github.com/Colin-b/keepachangelog/compare/v2.0.1...HEAD"),
    "poetry": ("[2.4.2]: https://github.com/python-poetry/poetry/releases/tag/2.4.2",
               "[Unreleased]: https://github.com/python-poetry/poetry/compare/2.4.2...main"),
}


def sources() -> list[tuple[str, str, str]]:
    if not CHANGELOGS.is_dir():  # collected without ../shared: the marker skips them
        return [(name, "", "") for name in EXPECTED]
    rows = (CHANGELOGS / "SOURCES.tsv").read_text().splitlines()[1:]
    return [(repo.split("/")[1], tag, path)
            for repo, _, tag, _, path in (row.split("\t") for row in rows)]


def tagged_repo(root: Path, name: str, release: str, path: str) -> None:
    """The release commit (the changelog as it stood) tagged with the release and every
    other package's newest tag (and tags naming no release); the rest on the commit before;
    a hotfix branch from the release with one fix."""
    repo = make_repo(root, branch="main")
    older = repo.head.commit.hexsha
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes((CHANGELOGS / f"{name}.md").read_bytes())
    released = commit(repo, "release", {"app.py": "print('release')\n"}).hexsha
    tags = (CHANGELOGS / f"{name}.tags").read_text().split()
    newest: dict[TagPattern, ReleaseTag] = {}
    for tag in map(parse_tag, tags):
        if tag and not tag.version.is_prerelease and (
                tag.pattern not in newest
                or tag.version.order() > newest[tag.pattern].version.order()):
            newest[tag.pattern] = tag
    at_release = {tag.name for tag in newest.values()} | {t for t in tags if not parse_tag(t)}
    source = parse_tag(release)
    assert source is not None
    at_release = {t for t in at_release if (p := parse_tag(t)) is None
                  or p.pattern != source.pattern} | {release}
    lines = "".join(f"create refs/tags/{t} {released if t in at_release else older}\n"
                    for t in tags)
    subprocess.run(["git", "update-ref", "--stdin"], cwd=root, input=lines, text=True,
                   check=True)
    repo.git.checkout("-q", "-b", "hotfix/login-crash")
    commit(repo, FIX, {"cache.py": "KEY = 'build'\n"})


@pytest.mark.shared
@pytest.mark.parametrize(("name", "release", "path"), sources(), ids=[s[0] for s in sources()])
def test_real_changelogs_get_the_right_version_place_and_style(name, release, path, tmp_path):
    root = tmp_path / "repo"
    tagged_repo(root, name, release, path)
    old = (CHANGELOGS / f"{name}.md").read_text()
    ws = Workspace.open(root)
    done = export(ws, ws.create("hotfix-login-crash"),
                  ExportPlan(changelog=root / path, draft=True), DAY)
    source = parse_tag(release)
    assert source is not None and done.release is not None
    version = done.release.version
    assert done.release.follows == release
    assert done.release.tag == source.pattern.tag(version)
    anchor, heading, section = EXPECTED[name]
    new = (root / path).read_text()

    at = old.index(anchor + "\n")
    assert old[at - 1] == "\n" and new.startswith(old[:at])
    block = new[at:new.index(anchor + "\n", at)]
    lines = block.splitlines()
    assert lines[0] == heading and section in lines and f"- {FIX}" in lines
    assert version in heading and lines.count(f"- {FIX}") == 1

    # Everything after: the file as it was, but for the link references.
    rest_old = old[at:].splitlines(keepends=True)
    rest_new = new[at + len(block):].splitlines(keepends=True)
    removed = [line for line in difflib.ndiff(rest_old, rest_new) if line.startswith("- ")]
    added = [line[2:].rstrip("\n") for line in difflib.ndiff(rest_old, rest_new)
             if line.startswith("+ ")]
    if name in LINKS:
        assert sorted(added) == sorted(LINKS[name])
        assert [line[2:].lower().startswith("[unreleased]:") for line in removed] == [True]
    else:
        assert (added, removed) == ([], [])
