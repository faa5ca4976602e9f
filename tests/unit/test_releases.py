"""Which release a hotfix makes, in real git repositories: HEAD's nearest release tag in
whatever pattern, prereleases refused, a monorepo package's tags, the config's pattern, and
where `hotfix start` branches from."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from hotfix_tui.core.errors import ConfigError, ValueInputError
from hotfix_tui.core.releases import Release, TagHints, find_release, start_tag
from hotfix_tui.core.storage.config import load_config
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.gitrepos import commit, tag, write


def history(root: Path, *tag_groups: tuple[str, ...]) -> git.Repo:
    """One commit per group of tags, oldest first, then a hotfix commit on top."""
    repo = make_repo(root, branch="main")
    for number, names in enumerate(tag_groups):
        commit(repo, f"release {number}", {"app.py": f"v = {number}\n"})
        tag(repo, *names)
    repo.git.checkout("-q", "-b", "hotfix/x")
    commit(repo, "the fix", {"fix.py": "f = 1\n"})
    return repo


def release(root: Path, given: str | None = None, **hints: tuple[str, ...]) -> Release:
    return find_release(root, load_config(root), given, TagHints(**hints))


def test_the_nearest_release_tag_not_the_highest(tmp_path: Path):
    repo = history(tmp_path, ("v3.0.0",), ("v1.4.1",), ("v1.4.2", "nightly"))
    repo.git.checkout("-q", "-b", "next", "main")
    commit(repo, "next", {"n.py": "n = 1\n"})
    tag(repo, "v1.5.0", "v2.0.0")  # not in the hotfix's history
    repo.git.checkout("-q", "hotfix/x")
    assert release(tmp_path) == Release("1.4.3", "v1.4.3", "v1.4.2", False)


def test_prefixed_tags_with_older_plain_ones_still_in_the_history(tmp_path: Path):
    history(tmp_path, ("v0.28.0",), ("v0.29.0",), ("tui-v0.30.1",), ("tui-v0.30.2",))
    assert release(tmp_path) == Release("0.30.3", "tui-v0.30.3", "tui-v0.30.2", False)


def test_the_configured_pattern_wins_over_a_nearer_tag(tmp_path: Path):
    history(tmp_path, ("tui-v0.30.2",), ("v9.0.0",))
    write(tmp_path, {".hotfix/config.toml": 'tag = "tui-v{version}"\n'})
    assert release(tmp_path) == Release("0.30.3", "tui-v0.30.3", "tui-v0.30.2", False)
    write(tmp_path, {".hotfix/config.toml": 'tag = "app-v{version}"\n'})
    with pytest.raises(ValueInputError) as none:
        release(tmp_path)
    assert str(none.value) == (f"{tmp_path}: no tagged app-v{{version}} ({tmp_path}/.hotfix/"
                               "config.toml) in HEAD's history: name the version (hotfix "
                               "export --version X)")


@pytest.mark.parametrize("text", ['tag = 3', 'tag = "v"', 'tag = "v{version}{version}"',
                                  'tag = "my tag {version}"'])
def test_a_bad_tag_pattern_in_the_config_is_one_line_naming_the_file(tmp_path: Path, text):
    write(tmp_path, {".hotfix/config.toml": text + "\n"})
    with pytest.raises(ConfigError) as bad:
        load_config(tmp_path)
    assert str(bad.value).startswith(f"{tmp_path / '.hotfix' / 'config.toml'}: 'tag' must be ")
    assert "\n" not in str(bad.value)


def test_a_monorepo_changelog_folder_picks_the_packages_tags(tmp_path: Path):
    history(tmp_path, ("home-0.5.8", "cargo-0.80.0"), ("cargo-0.80.1", "home-0.5.9",
                                                       "@acme/cli@3.0.1"))
    with pytest.raises(ValueInputError, match=r"tags of several packages are nearest to HEAD "
                       r"\(@acme/cli@3.0.1, cargo-0.80.1, home-0.5.9\): say which with "
                       r"--changelog PATH, or tag = "):
        release(tmp_path)
    assert release(tmp_path, folders=("home", "crates")) == Release(
        "0.5.10", "home-0.5.10", "home-0.5.9", False)
    assert release(tmp_path, folders=("cli", "packages")).tag == "@acme/cli@3.0.2"
    # Through the export, from the changelog's own path.
    ws = Workspace.open(tmp_path)
    session = ws.create("x")
    from hotfix_tui.core.exports import ExportPlan, export

    done = export(ws, session, ExportPlan(changelog=tmp_path / "crates" / "cargo" /
                                          "CHANGELOG.md", draft=True))
    assert done.release == Release("0.80.2", "cargo-0.80.2", "cargo-0.80.1", False)


@pytest.mark.parametrize("prerelease", ["v2.0.0-rc.1", "v2.0.0.dev5", "v2.0.0-alpha.3",
                                        "v2.0.0b1"])
def test_a_prerelease_nearest_is_named_and_the_version_asked_for(tmp_path: Path, prerelease):
    history(tmp_path, ("v1.9.3",), (prerelease,))
    with pytest.raises(ValueInputError) as refused:
        release(tmp_path)
    assert str(refused.value) == (f"{tmp_path}: HEAD's nearest release tag {prerelease} is a "
                                  "prerelease, so the next patch is not known: name the "
                                  "version (hotfix export --version X)")
    assert release(tmp_path, "2.0.0") == Release("2.0.0", "v2.0.0", prerelease, True)


def test_a_release_on_the_same_commit_as_its_prerelease_is_the_one(tmp_path: Path):
    history(tmp_path, ("v1.9.3",), ("v2.0.0-rc.3", "v2.0.0"))
    assert release(tmp_path).version == "2.0.1"


def test_calver_and_tags_that_only_look_like_releases(tmp_path: Path):
    history(tmp_path, ("25.5.0",), ("26.1.0",), ("2026-cleanup", "26.x"))
    assert release(tmp_path) == Release("26.1.1", "26.1.1", "26.1.0", False)


def test_no_tag_or_a_next_tag_that_exists_elsewhere_asks_for_the_version(tmp_path: Path):
    repo = history(tmp_path, ())
    with pytest.raises(ValueInputError, match="no release tag in HEAD's history: name the "):
        release(tmp_path)
    assert release(tmp_path, "v0.1.0") == Release("0.1.0", "v0.1.0", None, True)
    tag(repo, "v1.4.2", ref="main")
    repo.git.checkout("-q", "-b", "release/1.4", "main")
    commit(repo, "a patch made elsewhere", {"p.py": "p = 1\n"})
    tag(repo, "v1.4.3")
    repo.git.checkout("-q", "hotfix/x")
    with pytest.raises(ValueInputError) as exists:
        release(tmp_path)
    assert str(exists.value) == (f"{tmp_path}: the patch after v1.4.2 is v1.4.3, which is "
                                 "already a tag (not in HEAD's history): name the version "
                                 "(hotfix export --version X)")


def test_start_follows_the_release_line_to_its_newest_patch(tmp_path: Path):
    repo = history(tmp_path, ("v1.4.1",), ("v1.4.2",))
    config = load_config(tmp_path)
    started = start_tag(tmp_path, config)
    assert started is not None and started.name == "v1.4.2"
    repo.git.checkout("-q", "-b", "release/1.4", "v1.4.2")
    commit(repo, "patch", {"p.py": "p = 1\n"})
    tag(repo, "v1.4.3")
    commit(repo, "patch", {"p.py": "p = 2\n"})
    tag(repo, "v1.4.4")
    repo.git.checkout("-q", "main")
    started = start_tag(tmp_path, config)
    assert started is not None and started.name == "v1.4.4"
    tag(repo, "v1.5.0-rc.1")
    started = start_tag(tmp_path, config)
    assert started is not None and started.name == "v1.5.0-rc.1"
