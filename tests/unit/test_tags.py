"""Release tags, pure: what a tag name says, the patterns a repo's tags follow, which
pattern a monorepo's changelog picks, and the next patch in the same pattern."""

from __future__ import annotations

import pytest

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.git.tags import (
    Ambiguous,
    TagPattern,
    check_version,
    next_patch,
    parse_tag,
    parse_version,
    patterns_for,
    pick,
)


@pytest.mark.parametrize(("name", "pattern", "version", "prerelease"), [
    ("v1.2.3", "v{version}", "1.2.3", ""),
    ("1.2.3", "{version}", "1.2.3", ""),
    ("26.1.0", "{version}", "26.1.0", ""),
    ("2025.04.03", "{version}", "2025.04.03", ""),
    ("8.1", "{version}", "8.1", ""),
    ("ratatui-v0.30.2", "ratatui-v{version}", "0.30.2", ""),
    ("ratatui-core-v0.1.0-alpha.3", "ratatui-core-v{version}", "0.1.0-alpha.3", "-alpha.3"),
    ("pkg@1.2.3", "pkg@{version}", "1.2.3", ""),
    ("@changesets/cli@3.0.1", "@changesets/cli@{version}", "3.0.1", ""),
    ("get-workspaces@1.0.6-temp.0", "get-workspaces@{version}", "1.0.6-temp.0", "-temp.0"),
    ("crate-1.2.3", "crate-{version}", "1.2.3", ""),
    ("clap_complete-v4.6.9", "clap_complete-v{version}", "4.6.9", ""),
    ("sub/module/v1.4.0", "sub/module/v{version}", "1.4.0", ""),
    ("v2.0.0-rc.1", "v{version}", "2.0.0-rc.1", "-rc.1"),
    ("v2.0.0.dev5", "v{version}", "2.0.0.dev5", ".dev5"),
    ("1.0b1", "{version}", "1.0b1", "b1"),
    ("v1.5.0rc2", "v{version}", "1.5.0rc2", "rc2"),
    ("3.0.0-next.12", "{version}", "3.0.0-next.12", "-next.12"),
    ("1.2.3.post1", "{version}", "1.2.3.post1", ""),
    ("v1.2.3+build.7", "v{version}", "1.2.3", ""),
])
def test_a_tag_names_its_pattern_and_version(name, pattern, version, prerelease):
    parsed = parse_tag(name)
    assert parsed is not None
    assert (str(parsed.pattern), parsed.version.text, parsed.version.prerelease) == (
        pattern, version, prerelease)
    assert parsed.version.is_prerelease == bool(prerelease)
    assert parsed.pattern.version(name) == parsed.version


@pytest.mark.parametrize("name", ["nightly", "v1", "latest-stable", "v1.x", "release-2024-01"])
def test_tags_that_name_no_version(name):
    assert parse_tag(name) is None


def test_the_next_patch_keeps_the_form():
    def after(text: str) -> str:
        version = parse_version(text)
        assert version is not None
        return next_patch(version)

    assert after("1.4.2") == "1.4.3" and after("2.0.9") == "2.0.10"
    assert after("8.1") == "8.1.1" and after("2025.04.03") == "2025.04.04"
    assert after("26.1.0") == "26.1.1" and after("1.2.3.post1") == "1.2.4"
    assert parse_version("2.0.0-rc.1").order() < parse_version("2.0.0").order()  # type: ignore[union-attr]


def test_a_pattern_makes_tags_and_globs_and_knows_its_package():
    pattern = TagPattern.of("ratatui-v{version}")
    assert pattern.tag("0.30.3") == "ratatui-v0.30.3"
    assert pattern.version("ratatui-core-v0.1.0") is None
    assert pattern.version("ratatui-v0.30.3") == parse_version("0.30.3")
    assert pattern.glob() == "ratatui-v[0-9]*" and TagPattern("").glob() == "[0-9]*"
    assert TagPattern("odd*[x]-").glob() == "odd[*][[]x]-[0-9]*"
    assert TagPattern("@scope/cli@").package == "@scope/cli"
    assert TagPattern("@scope/cli@").names() == {"@scope/cli", "cli"}
    assert TagPattern("clap_complete-v").names() == {"clap-complete"}
    assert TagPattern("v").package is None and TagPattern("").package is None
    assert TagPattern.of("{version}-final").tag("1.0.0") == "1.0.0-final"
    for bad in ("v", "v{version}{version}", "v {version}", "v{version}^", 3):
        with pytest.raises(ValueError):
            TagPattern.of(bad)


TAGS = ["v0.29.0", "ratatui-v0.30.1", "ratatui-v0.30.2", "ratatui-core-v0.1.0",
        "@changesets/cli@3.0.1", "@changesets/write@1.0.1", "home-0.5.9", "nightly"]


def test_a_monorepo_changelog_picks_its_packages_tags():
    def chosen(**hints) -> list[str]:
        return [str(p) for p in patterns_for(TAGS, **hints)]

    assert chosen() == ["v{version}", "ratatui-v{version}", "ratatui-core-v{version}",
                        "@changesets/cli@{version}", "@changesets/write@{version}",
                        "home-{version}"]
    assert chosen(folders=("cli", "packages")) == ["@changesets/cli@{version}"]
    assert chosen(folders=("home", "crates")) == ["home-{version}"]
    assert chosen(folders=("ratatui_core",)) == ["ratatui-core-v{version}"]
    assert chosen(linked=("ratatui-v0.30.2", "v0.29.0")) == ["ratatui-v{version}"]
    assert chosen(linked=("x-v9.9.9", "v0.29.0", "ratatui-v0.30.2")) == ["v{version}"]
    assert chosen(versions=("0.30.3", "0.29.0")) == ["v{version}"]
    # A hint that matches nothing narrows nothing.
    assert len(chosen(folders=("docs",), linked=("x-v9.9.9",), versions=("7.7.7",))) == 6


def test_of_the_tags_on_one_commit_a_release_and_the_repos_own_come_first():
    plain, prefixed = TagPattern("v"), TagPattern("pkg-v")
    found = pick(["v2.0.0-rc.3", "v2.0.0", "pkg-v1.1.0"], [plain, prefixed])
    assert found is not None and found.name == "v2.0.0"
    assert pick(["v2.0.0-rc.3"], [plain]).version.is_prerelease  # type: ignore[union-attr]
    assert pick(["other"], [plain]) is None
    with pytest.raises(Ambiguous) as several:
        pick(["a-v1.0.0", "b-v2.0.0"], [TagPattern("a-v"), TagPattern("b-v")])
    assert str(several.value) == "a-v1.0.0, b-v2.0.0"


def test_a_version_given_by_hand():
    assert check_version(" v2.0.1 ") == "2.0.1" and check_version("2.0.1-hotfix.1") == (
        "2.0.1-hotfix.1")
    for bad in ("", "1 2", "[1.0]", "v"):
        with pytest.raises(ValueInputError, match="invalid version"):
            check_version(bad)
