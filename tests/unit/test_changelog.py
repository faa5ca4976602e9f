"""Changelog entries, pure: the place among Unreleased sections, markers and future
versions, an earlier entry for the version in any heading style, link references, dates,
and every byte the entry does not touch."""

from __future__ import annotations

import re
from datetime import date

import pytest

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.markdown.changelog import NEW_CHANGELOG, add_entry, has_entry, tag_hints
from hotfix_tui.core.markdown.changelog_style import (
    advance_url,
    find_date,
    move_unreleased,
    swap_version,
    write_date,
)

DAY = date(2026, 11, 24)
BULLETS = ("Key the cache by build",)
ENTRY = "## [1.4.3] - 2026-11-24\n\n### Fixed\n\n- Key the cache by build\n\n"
RELEASED = "## [1.4.2] - 2026-10-01\n\n### Fixed\n\n- Sessions expire when the clock jumps\n"


def add(text: str | None, version: str = "1.4.3", **options) -> str:
    return add_entry(text, BULLETS, version, DAY, **options)


def test_a_new_or_empty_changelog_is_keep_a_changelog():
    created = add(None)
    assert created == NEW_CHANGELOG + ENTRY[:-1]
    assert created.index("## [Unreleased]") < created.index("## [1.4.3]")
    assert add("") == created


@pytest.mark.parametrize("unreleased", [
    "## [Unreleased]", "## Unreleased", "## master (unreleased)",
    "## [Unreleased] - ReleaseDate", "## Upcoming", "## [Unreleased] - TBD",
    "<!-- next-header -->\n## [Unreleased] - ReleaseDate",
    "## 5.0.0 - TBD\n\n- breaking\n\n<!-- next-header -->\n## [Unreleased]",
    "## 2.0.0 (unreleased)", "## [2.0.0]\n\n- not released yet",
])
def test_the_entry_goes_below_unreleased_sections_and_future_versions(unreleased):
    old = f"# Changelog\n\n{unreleased}\n\n- in the works\n\n{RELEASED}"
    at = old.index("## [1.4.2]")
    assert add(old) == old[:at] + ENTRY + old[at:]


def test_a_level_one_unreleased_section_with_level_two_entries():
    old = f"# Unreleased\n\n- in the works\n\n{RELEASED}"
    at = old.index("## [1.4.2]")
    assert add(old) == old[:at] + ENTRY + old[at:]


def test_headings_in_code_and_comments_are_not_entries():
    old = (f"# Changelog\n\n```md\n## [9.9.9] - 2026-01-01\n```\n\n<!--\n## [8.8.8]\n-->\n\n"
           f"    ## [7.7.7] indented code\n\n{RELEASED}")
    at = old.index("## [1.4.2]")
    assert add(old) == old[:at] + ENTRY + old[at:]


def test_the_unreleased_heading_link_moves_on():
    old = ("## [Unreleased](https://x.test/r/compare/v1.4.2...HEAD)\n\n"
           "## [1.4.2](https://x.test/r/compare/v1.4.1...v1.4.2) - 2026-10-01\n\n- old\n")
    assert add(old, previous="1.4.2") == (
        "## [Unreleased](https://x.test/r/compare/v1.4.3...HEAD)\n\n"
        "## [1.4.3](https://x.test/r/compare/v1.4.2...v1.4.3) - 2026-11-24\n\n"
        "- Key the cache by build\n\n"
        "## [1.4.2](https://x.test/r/compare/v1.4.1...v1.4.2) - 2026-10-01\n\n- old\n")


def test_a_yanked_release_is_not_copied_as_yanked():
    old = "## [1.4.2] - 2026-10-01 [YANKED]\n\n- old\n"
    assert add(old).startswith("## [1.4.3] - 2026-11-24\n\n- Key the cache by build\n\n## [1.4.2]")


def test_without_a_release_the_entry_goes_after_what_is_there_keeping_no_final_newline():
    old = "# Changelog\n\n## [Unreleased]\n- wip"
    assert add(old) == old + "\n\n" + ENTRY[:-2]
    intro = "# Changelog\n\nEverything that changed.\n"
    assert add(intro) == intro + "\n" + ENTRY[:-1]
    with_refs = "# Changelog\n\n## [Unreleased]\n\n- wip\n\n[Unreleased]: https://x.test/r/compare/v0.9.0...HEAD\n"
    assert add(with_refs, "1.0.0") == with_refs.replace(
        "\n[Unreleased]:", "\n## [1.0.0] - 2026-11-24\n\n### Fixed\n\n- Key the cache by build\n\n"
                           "[Unreleased]:").replace("v0.9.0...HEAD", "v1.0.0...HEAD")


@pytest.mark.parametrize("heading", [
    "## [1.4.3] - 2026-11-20", "## [v1.4.3] - 2026-11-20", "## v1.4.3 (2026-11-20)",
    "## Version 1.4.3", "# 1.4.3", "### [1.4.3] 2026-11-20", "1.4.3 - 2026-11-20\n=====",
    "## \\[1.4.3] - November 20, 2026", "## [1.4.3](https://x.test/r/tree/v1.4.3) - 2026-11-20",
])
def test_an_entry_for_the_version_is_found_in_any_heading_style(heading):
    old = f"# Changelog\n\n{heading}\n\n- first try\n\n{RELEASED}"
    assert has_entry(old, "1.4.3")
    with pytest.raises(ValueInputError) as refused:
        add(old)
    assert str(refused.value) == ("already has an entry for 1.4.3 (line 3): --replace "
                                  "rewrites it")


def test_replace_rewrites_the_entry_in_place_and_nothing_else():
    old = ("# Changelog\n\n## [Unreleased]\n\n## [1.4.3] - 2026-11-20\n\n### Fixed\n\n"
           "- first try\n- and more\n\n" + RELEASED + "\n"
           "[unreleased]: https://x.test/r/compare/v1.4.3...HEAD\n"
           "[1.4.3]: https://x.test/r/compare/v1.4.1...v1.4.3\n"
           "[1.4.2]: https://x.test/r/compare/v1.4.1...v1.4.2\n")
    new = add(old, replace=True, previous="1.4.2")
    assert new == old.replace("## [1.4.3] - 2026-11-20\n\n### Fixed\n\n- first try\n- and more",
                              ENTRY.rstrip("\n")).replace(
        "[1.4.3]: https://x.test/r/compare/v1.4.1...v1.4.3",
        "[1.4.3]: https://x.test/r/compare/v1.4.2...v1.4.3")
    assert add(new, replace=True, previous="1.4.2") == new
    assert add(RELEASED, replace=True) == ENTRY + RELEASED  # nothing to replace: added


def test_link_references_oldest_first_get_the_new_one_last():
    old = (RELEASED + "\n## [1.4.1] - 2026-09-01\n\n### Fixed\n\n- older\n\n"
           "[1.4.1]: https://x.test/r/releases/tag/v1.4.1\n"
           "[1.4.2]: https://x.test/r/releases/tag/v1.4.2")  # no final newline
    assert add(old) == ENTRY + old + "\n[1.4.3]: https://x.test/r/releases/tag/v1.4.3"


def test_the_fix_section_takes_the_files_name():
    def section(names: list[str]) -> str:
        body = "".join(f"### {name}\n\n- x\n\n" for name in names)
        new = add(f"## [1.4.2] - 2026-10-01\n\n{body}")
        found = re.search(r"^### (.*)$", new, re.MULTILINE)
        assert found is not None
        return found[1]

    assert section(["Features", "Bug Fixes"]) == "Bug Fixes"
    assert section(["Feat", "Fix"]) == "Fix"
    assert section(["Major Changes", "Patch Changes"]) == "Patch Changes"
    assert section(["Added", "Changed"]) == "Fixed"
    assert section(["Feat"]) == "Fix"
    assert section(["Features"]) == "Bug Fixes"
    assert section(["Backwards-incompatible Changes", "Changes"]) == "Changes"


@pytest.mark.parametrize(("written", "expected"), [
    ("2026-01-05", "2026-11-24"), ("2025.04.03", "2026.11.24"), ("2026/1/5", "2026/11/24"),
    ("05.01.2026", "24.11.2026"), ("01/05/2026", "11/24/2026"), ("March 31, 2022",
                                                                  "November 24, 2026"),
    ("Mar 3, 2022", "Nov 24, 2026"), ("3 March 2022", "24 November 2026"),
    ("March 3rd, 2022", "November 24th, 2026"), ("Sep. 3, 2022", "Nov. 24, 2026"),
])
def test_dates_are_written_in_the_files_format(written, expected):
    found = find_date(f"## [1.0.0] - {written}")
    assert found is not None and found[0] == written
    assert write_date(found, DAY) == expected


def test_links_are_built_as_the_newest_entry_builds_them():
    assert advance_url("https://x.test/r/compare/v1.4.1...v1.4.2", "1.4.2", "1.4.3",
                       "1.4.2") == "https://x.test/r/compare/v1.4.2...v1.4.3"
    # The tag followed is newer than the file's newest entry: the link starts there.
    assert advance_url("https://x.test/r/compare/v1.1.0...v1.1.1", "1.1.1", "1.1.3",
                       "1.1.2") == "https://x.test/r/compare/v1.1.2...v1.1.3"
    assert advance_url("https://x.test/r/compare/v2.3.0..v2.3.1", "2.3.1", "2.3.2",
                       None) == "https://x.test/r/compare/v2.3.1..v2.3.2"
    assert advance_url("https://x.test/r/releases/tag/tui-v0.30.1", "0.30.1", "0.30.3",
                       "0.30.2") == "https://x.test/r/releases/tag/tui-v0.30.3"
    assert advance_url("https://x.test/r/tree/26.1.0", "26.1.0", "26.1.1", None) == (
        "https://x.test/r/tree/26.1.1")
    assert advance_url("https://x.test/r/wiki", "1.0.0", "1.0.1", None) is None
    assert move_unreleased("https://x.test/r/compare/2.4.1...main", "2.4.2") == (
        "https://x.test/r/compare/2.4.2...main")
    assert move_unreleased("https://x.test/r/releases", "2.4.2") is None
    assert swap_version("@acme/cli@3.0.1", "3.0.1", "3.0.2") == "@acme/cli@3.0.2"


def test_tag_hints_name_the_tags_the_newest_entry_links_to():
    hints = tag_hints("# @acme/cli\n\n## [Unreleased]\n\n## [3.0.1] - 2026-01-01\n\n- x\n\n"
                      "[3.0.1]: https://x.test/r/compare/@acme/cli@3.0.0...@acme/cli@3.0.1\n")
    assert hints.linked == ("@acme/cli@3.0.1", "@acme/cli@3.0.0")
    assert (hints.versions, hints.title) == (("3.0.1",), "@acme/cli")
    assert tag_hints("nothing here\n") == ((), (), None)
