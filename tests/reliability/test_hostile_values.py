"""Any value a person can enter round-trips through save and load exactly, and the PR body
keeps the template's headings, checkboxes, rules and comments whatever the value."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.events import printable_name
from hotfix_tui.core.workspace import Workspace
from tests.conftest import SEED_TEMPLATE, make_repo, structure

WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)
TEMPLATE_STRUCTURE = structure(SEED_TEMPLATE.read_text(encoding="utf-8"))

# Text that leans on what breaks files and markdown: control characters, CR/LF mixes,
# TOML quoting, markdown block starts.
NASTY = st.sampled_from([
    "\x00", "\r", "\n", "\r\n", "\t", "\x1b[31m", '"""', "'''", "\\", "\\u0000", "# ", "## ",
    "- [ ] ", "* [x] ", "1. [ ] ", "---", "***", "===", "```", "~~~", "<!--", "-->", "> ",
    "<details>", "|", "[x]", "\u2028", "\u0085", "\ufeff", "🔥", "é", "\U0010ffff",
])
VALUES = st.lists(st.one_of(NASTY, st.text(max_size=20)), max_size=30).map("".join)
ITEMS = ["critical-bug", "root-cause", "issue-severity", "additional-notes"]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    make_repo(repo)
    ws = Workspace.open(repo)
    ws.create("hostile")
    return ws


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=VALUES, lines=st.lists(VALUES, max_size=5))
def test_any_value_round_trips_and_keeps_the_structure(workspace: Workspace, text: str, lines):
    session = workspace.load("hostile")
    session = session.with_value("root-cause", text, at=WHEN, by="Dana")
    session = session.with_value("critical-bug", text, at=WHEN, by="Dana")
    session = session.with_value("additional-notes", text, at=WHEN, by="Dana")
    # Names hold no control characters (a file naming someone so is refused on read).
    session = session.with_value("files-modified", tuple(lines), at=WHEN, by=printable_name(text))
    workspace.save(session)
    loaded = Workspace.open(workspace.root).load("hostile")
    for item_id in ("root-cause", "critical-bug", "additional-notes"):
        assert loaded.value(loaded.checklist.item(item_id)) == text
    assert loaded.value(loaded.checklist.item("files-modified")) == tuple(lines)
    assert loaded.state("files-modified").updated_by == printable_name(text)
    assert structure(pr_body(loaded)) == TEMPLATE_STRUCTURE


def test_a_megabyte_of_text_and_very_long_lines(workspace: Workspace):
    big = ("x" * 100_000 + "\n") * 10 + "# tail\r\n- [ ] box\r"
    session = workspace.load("hostile").with_value("root-cause", big, at=WHEN, by="Dana")
    workspace.save(session)
    loaded = Workspace.open(workspace.root).load("hostile")
    assert loaded.value(loaded.checklist.item("root-cause")) == big
    assert structure(pr_body(loaded)) == TEMPLATE_STRUCTURE


def test_text_that_is_not_unicode_is_refused(workspace: Workspace, tmp_path: Path):
    # What the shell hands over for bytes that are not UTF-8 (surrogate escapes).
    with pytest.raises(ValueInputError, match="not valid text"):
        workspace.load("hostile").with_value("root-cause", "bad \udcff byte", at=WHEN, by="D")
