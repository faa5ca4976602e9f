import re
from datetime import UTC, datetime

import pytest

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.markdown.render import escape_line, pr_body
from hotfix_tui.core.model.session import Session
from tests.conftest import HOTFIX_CHECKLIST, structure

WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


def blank(checklist) -> Session:
    return Session(name="s", checklist=checklist, created_at=WHEN, created_by="Dana")


def filled(checklist, text: str) -> Session:
    """Every item set: boxes ticked, choices picked, `text` in every text field."""
    session = blank(checklist)
    for item in checklist.items():
        value = {"check": True, "choice": (item.options or ("",))[-1], "list": (text, "b.py"),
                 "text": text, "longtext": text}[item.kind]
        session = session.with_value(item.id, value, at=WHEN, by="Dana")
    return session


def test_untouched_session_renders_the_template_byte_for_byte(checklist, seed_template):
    assert pr_body(blank(checklist)) == seed_template


def test_filled_session_ticks_every_box_and_keeps_the_headings(checklist, seed_template):
    body = pr_body(filled(checklist, "value"))
    # All 94 boxes are there; Risk Level is a single choice, so the two risk levels not
    # chosen stay unticked and every other box is ticked.
    unticked = [line for line in body.splitlines() if line.startswith("- [ ]")]
    assert unticked == ["- [ ] **Low Risk**: Isolated change with minimal impact",
                        "- [ ] **Medium Risk**: Changes affect multiple components"]
    assert body.count("- [x]") == 92
    assert structure(body) == {**structure(seed_template), "checkboxes": 94}


def test_values_go_after_labels_and_under_them(checklist):
    session = blank(checklist)
    for item_id, value in [("issue-severity", "Emergency"), ("root-cause", "Cache key\nwas wrong"),
                           ("files-modified", ("src/a.py", "src/b.py")), ("risk-level", "Medium"),
                           ("critical-bug", "123"), ("incident-report", "https://x/INC-9"),
                           ("automated-tests", True), ("additional-notes", "Call me")]:
        session = session.with_value(item_id, value, at=WHEN, by="Dana")
    body = pr_body(session)
    assert "**Issue Severity:** Emergency\n" in body
    assert "**Root Cause:**\nCache key\nwas wrong\n\n\n**Impact Assessment:**" in body
    assert "**Files Modified:**\n- src/a.py\n- src/b.py\n\n**Components Affected:**\n- \n" in body
    assert "- [ ] **Low Risk**" in body and "- [x] **Medium Risk**" in body
    assert "- **Critical Bug**: Fixes #123\n" in body
    assert "- **Incident Report**: https://x/INC-9\n" in body
    assert "- [x] **Automated Tests**: All existing tests pass\n" in body
    assert "special considerations for this hotfix -->\nCall me\n\n\n---" in body


HOSTILE = [
    "## Title", "# h1\n### h3", "- [ ] fake", "* [x] fake\n+ [ ] fake", "1. [ ] numbered",
    "---", "***", "___", "===", "text\n---", "<!-- hide the rest", "```\nunclosed fence",
    "~~~", "[ ] bare box", "   ## indented", "\t- [ ] tabbed", "> quote\n#\n#nospace",
    "line\r\n## crlf\rlone cr", "| a | b |", "<details>", "-", "\x00 nul \x1b[31m",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_values_never_change_the_structure(checklist, seed_template, text):
    body = pr_body(filled(checklist, text))
    assert structure(body) == {**structure(seed_template), "checkboxes": 94}


def test_escape_line_leaves_plain_text_alone():
    assert escape_line("plain words") == "plain words"
    assert escape_line("## x") == "\\## x"
    assert escape_line("-5 degrees") == "-5 degrees"
    assert escape_line("- a list item stays one") == "- a list item stays one"
    assert escape_line("12. a step too") == "12. a step too"


def test_escape_line_makes_a_list_items_content_plain():
    assert escape_line("  - [ ] x") == "  - \\[ ] x"
    assert escape_line("1. [x] y") == "1. \\[x] y"
    assert escape_line("- - -") == "- - \\-"
    assert escape_line("- ## h") == "- \\## h"
    assert escape_line("- ") == "\\- "


def test_comment_openers_are_escaped_once():
    from hotfix_tui.core.markdown.render import escape_inline, value_lines

    assert value_lines("<!-- x\na <!-- b") == ["\\<!-- x", "a \\<!-- b"]
    assert escape_inline("<!-- y") == "\\<!-- y"


# GitHub renders raw HTML in a body and reads `a | b` over a `-|-` row as a table.
HTML = re.compile(r"(?<!\\)<(?:details|summary|/details|/summary|b|/b)\b")
TABLE_ROW = re.compile(r"(?<!\\)\|")


def test_html_and_table_syntax_in_values_read_as_typed(checklist):
    session = blank(checklist)
    for item_id, value in [("critical-bug", "42 <details><summary>ok</summary>"),
                           ("root-cause", "a | b\n--|--\nc | d\n<b>bold</b>"),
                           ("files-modified", ("x | y", "<details>"))]:
        session = session.with_value(item_id, value, at=WHEN, by="Dana")
    body = pr_body(session)
    assert "- **Critical Bug**: Fixes #42 \\<details>\\<summary>ok\\</summary>\n" in body
    assert "**Root Cause:**\na \\| b\n--\\|--\nc \\| d\n\\<b>bold\\</b>\n" in body
    assert "- x \\| y\n- \\<details>\n" in body
    template = blank(checklist)
    assert len(HTML.findall(body)) == len(HTML.findall(pr_body(template)))
    assert len(TABLE_ROW.findall(body)) == len(TABLE_ROW.findall(pr_body(template)))


def test_a_backslash_typed_before_html_or_a_pipe_stays_shown():
    from hotfix_tui.core.markdown.render import body_line

    # k backslashes become 2k+1: GitHub shows k, then the character itself.
    assert body_line("\\<b>") == "\\\\\\<b>"
    assert body_line("a \\| b") == "a \\\\\\| b"


def test_a_line_of_a_thousand_list_markers_renders(checklist):
    line = "- " * 1000 + "x"  # 2 KB: the renderer recursed once per marker
    assert escape_line(line) == line
    session = blank(checklist).with_value("root-cause", line, at=WHEN, by="Dana")
    session = session.with_value("changes-made", f"{line}\n{line}", at=WHEN, by="Dana")
    session = session.with_value("files-modified", (line, "- " * 1000), at=WHEN, by="Dana")
    body = pr_body(session)
    assert structure(body) == structure(pr_body(blank(checklist)))


def test_a_body_over_githubs_limit_is_refused_with_its_size_and_what_to_trim(in_repo, capsys):
    from hotfix_tui.cli import main

    assert main(["new"]) == 0
    commits = "\n".join(f"Change number {n} of a long branch, with a subject" for n in range(2000))
    assert main(["set", "changes-made", commits]) == 0
    capsys.readouterr()
    code, out, err = main(["export", "--draft", "--pr-body", "-"]), *capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "the PR body is 1" in err and "over GitHub's limit of 65,536" in err
    assert "shorten the longest items: Changes Made (1" in err
