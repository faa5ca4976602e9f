"""A checklist's parsed tables are kept between commands (core/definition/parsed.py), and
used only for the very text they came from: a changed definition is parsed again, and a
cache that is corrupt, of another file or unreadable is no error, only parsed anew."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hotfix_tui.core.definition.catalog import Catalog
from hotfix_tui.core.errors import ChecklistError
from hotfix_tui.core.storage.layout import Layout

DEFINITION = """\
name = "tiny"
title = "{title}"

[[sections]]
id = "one"
title = "One"

[[sections.blocks]]
id = "done"
kind = "check"
label = "Done"
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    folder = tmp_path / ".hotfix" / "checklists"
    folder.mkdir(parents=True)
    (folder / "tiny.toml").write_text(DEFINITION.format(title="First"), encoding="utf-8")
    return tmp_path


def cache_of(repo: Path) -> Path:
    return Layout(repo).parsed_checklist("tiny")


def test_the_tables_parsed_once_are_used_while_the_text_is_the_same(repo: Path):
    assert Catalog(repo).load("tiny").title == "First"
    entry = json.loads(cache_of(repo).read_text(encoding="utf-8"))
    entry["tables"]["title"] = "From the cache"
    cache_of(repo).write_text(json.dumps(entry), encoding="utf-8")
    assert Catalog(repo).load("tiny").title == "From the cache"


def test_a_changed_definition_is_parsed_again_and_kept_anew(repo: Path):
    Catalog(repo).load("tiny")
    definition = repo / ".hotfix" / "checklists" / "tiny.toml"
    definition.write_text(DEFINITION.format(title="Second"), encoding="utf-8")
    assert Catalog(repo).load("tiny").title == "Second"
    assert json.loads(cache_of(repo).read_text(encoding="utf-8"))["tables"]["title"] == "Second"


@pytest.mark.parametrize("corrupt", [b"{not json", b"\xff\xfe", b"[1, 2]", b'{"format": 1}',
                                     b'{"format": 1, "source": 3, "text": null, "tables": []}'])
def test_a_corrupt_cache_is_ignored_and_written_again(repo: Path, corrupt: bytes):
    Catalog(repo).load("tiny")
    cache_of(repo).write_bytes(corrupt)
    assert Catalog(repo).load("tiny").title == "First"
    assert json.loads(cache_of(repo).read_text(encoding="utf-8"))["tables"]["title"] == "First"


def test_a_cache_written_for_another_copy_of_the_file_is_not_used(repo: Path, tmp_path: Path):
    Catalog(repo).load("tiny")
    entry = json.loads(cache_of(repo).read_text(encoding="utf-8"))
    entry["source"] = str(tmp_path / "elsewhere" / "tiny.toml")
    entry["tables"]["title"] = "Not this file's"
    cache_of(repo).write_text(json.dumps(entry), encoding="utf-8")
    assert Catalog(repo).load("tiny").title == "First"


def test_a_broken_definition_still_fails_with_its_line_and_nothing_is_kept(repo: Path):
    definition = repo / ".hotfix" / "checklists" / "tiny.toml"
    definition.write_text(DEFINITION.format(title="First").replace('kind = "check"',
                                                                   'kind = "nope"'))
    with pytest.raises(ChecklistError, match=r"tiny\.toml:\d+"):
        Catalog(repo).load("tiny")
    assert not cache_of(repo).exists()


def test_no_hotfix_folder_is_made_for_the_cache(tmp_path: Path):
    Catalog(tmp_path).load("hotfix")
    assert not (tmp_path / ".hotfix").exists()
