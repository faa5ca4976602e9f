from pathlib import Path

import pytest

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.errors import ChecklistError, ValueInputError
from tests.conftest import HOTFIX_CHECKLIST


@pytest.fixture(scope="module")
def hotfix():
    return load_checklist(HOTFIX_CHECKLIST)


def test_hotfix_checklist_covers_the_template(hotfix):
    body_sections = [s for s in hotfix.sections if s.in_body]
    headings = [s for s in body_sections if s.heading.splitlines()[-1].startswith("## ")]
    assert len(headings) == 18
    assert sum(len(s.subsections) for s in hotfix.sections) == 25
    kinds = [item.kind for item in hotfix.items()]
    # 94 template boxes: 91 checkboxes plus Risk Level's three options as one choice.
    body_items = [i for s in body_sections for i in s.items()]
    boxes = sum(1 if i.kind == "check" else len(i.option_lines) for i in body_items)
    assert boxes == 94
    assert set(kinds) == {"text", "longtext", "check", "choice", "list"}


def test_labels_are_the_templates_own_words(hotfix):
    labels = {item.id: item.label for item in hotfix.items()}
    assert labels["issue-severity"] == "Issue Severity"
    assert labels["rollback-strategy-documented"] == "Rollback Strategy Documented"
    assert labels["all-required-approvals-obtained"] == "All required approvals obtained"
    assert labels["critical-bug"] == "Critical Bug"
    assert hotfix.item("files-modified").kind == "list"
    assert hotfix.item("root-cause").kind == "longtext"


def test_choices_and_required_items(hotfix):
    assert hotfix.item("risk-level").options == ("Low", "Medium", "High")
    assert hotfix.item("issue-severity").options == ("Emergency", "Critical")
    required = {item.id for item in hotfix.items() if item.required}
    for must in ("issue-severity", "problem-statement", "root-cause", "changes-made", "risk-level",
                 "rollback-strategy-documented", "approval-technical-lead", "priority-level"):
        assert must in required


def test_qualification_and_phases_come_from_the_process(hotfix):
    qualification = hotfix.section("qualification")
    assert not qualification.in_body
    assert [i.label for i in qualification.items()][:4] == [
        "Critical business impact", "Production system affected",
        "No viable workaround", "Immediate action required"]
    assert [p.title for p in hotfix.phases] == [
        "Qualification", "Development", "Code Review", "Testing", "Deployment",
        "Verification", "Documentation", "Merge to Main"]
    assert all(section.phase for section in hotfix.sections)


def test_item_parse_checks_the_kind(hotfix):
    assert hotfix.item("automated-tests").parse("true") is True
    assert hotfix.item("automated-tests").parse("false") is False
    assert hotfix.item("risk-level").parse("high") == "High"
    assert hotfix.item("files-modified").parse("a.py\n\nb.py\n") == ("a.py", "b.py")
    with pytest.raises(ValueInputError, match="true or false"):
        hotfix.item("automated-tests").parse("maybe")
    with pytest.raises(ValueInputError, match="Low, Medium, High"):
        hotfix.item("risk-level").parse("extreme")


MINIMAL = """\
name = "mini"

[[sections]]
id = "one"
title = "One"

  [[sections.blocks]]
  id = "a"
  kind = "check"
  label = "A"

  [[sections.blocks]]
  id = "b"
  kind = "{kind}"
  label = "B"
"""


def test_validation_names_file_line_and_reason(tmp_path: Path):
    path = tmp_path / "bad.toml"
    path.write_text(MINIMAL.replace("{kind}", "chekbox"))
    with pytest.raises(ChecklistError) as caught:
        load_checklist(path)
    assert str(caught.value) == (
        f"{path}:14: item 'b': kind 'chekbox' is not one of text, longtext, check, choice, list")


def test_validation_reports_duplicates_and_toml_errors(tmp_path: Path):
    duplicate = MINIMAL.replace("{kind}", "text").replace('id = "b"', 'id = "a"')
    with pytest.raises(ChecklistError, match=r":13: duplicate item id 'a'"):
        parse_checklist(duplicate, tmp_path / "dup.toml")
    with pytest.raises(ChecklistError, match=r"broken.toml: invalid TOML: .*line 3"):
        parse_checklist("name = [\n\nx", tmp_path / "broken.toml")
    with pytest.raises(ChecklistError, match="unsupported schema_version 9"):
        parse_checklist("schema_version = 9\n" + MINIMAL, tmp_path / "future.toml")
    with pytest.raises(ChecklistError, match="a choice needs 'options'"):
        parse_checklist(MINIMAL.replace("{kind}", "choice"), tmp_path / "choice.toml")


def test_the_format_docs_example_renders_as_documented():
    from hotfix_tui.core.markdown.render import render_body

    doc = (Path(__file__).parents[2] / "docs" / "checklist-format.md").read_text()
    example = doc.split("```toml\n")[1].split("```")[0]
    rendered = doc.split("```markdown\n")[1].split("```")[0]
    checklist = parse_checklist(example)
    assert render_body(checklist, lambda item: item.default) == rendered
