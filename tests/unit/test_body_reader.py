"""Reading a filled PR body back: the values an exported body holds come back, and what
cannot be matched is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.definition.template_import import template_to_toml
from hotfix_tui.core.markdown.body_import import read_body
from hotfix_tui.core.markdown.render import render_body
from hotfix_tui.core.model.checklist import Checklist, Item, Value
from tests.conftest import HOTFIX_CHECKLIST, PROJECT, SEED_TEMPLATE, SHARED

# The real projects' templates where ../shared is beside the checkout, and always our own.
TEMPLATES = [*(pytest.param(path, marks=pytest.mark.shared, id=path.name)
               for path in sorted((SHARED / "templates").glob("*.md"))),
             *sorted([*(PROJECT / "tests" / "data" / "templates").glob("*.md"), SEED_TEMPLATE])]


def imported(path: Path) -> Checklist:
    text = path.read_bytes().decode("utf-8")
    return parse_checklist(template_to_toml(text, "imported", "Imported", path.name))


def filled(item: Item, number: int) -> Value:
    """A value for every item, with what the renderer has to escape."""
    if item.kind == "check":
        return number % 2 == 0 if item.default is False else False
    if item.kind == "list":
        return (f"src/{number}.py", "- not a nested item", "<!-- not a comment")
    if item.kind == "longtext":
        return f"# not a heading {number}\n\n- [ ] not a box\n1. not a list\n<!-- open"
    if item.kind == "choice":
        return item.options[number % len(item.options)]
    return f"INC-{number} <!-- not hidden"


def fill(checklist: Checklist) -> dict[str, Value]:
    return {item.id: filled(item, n) for n, item in enumerate(checklist.items())}


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_an_exported_filled_body_reads_back_the_same_values(path: Path):
    checklist = imported(path)
    values = fill(checklist)
    reading = read_body(checklist, render_body(checklist, lambda item: values[item.id]))
    assert (reading.values, reading.problems, reading.stray) == (values, (), ())


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_the_template_itself_reads_as_untouched(path: Path):
    checklist = imported(path)
    reading = read_body(checklist, path.read_bytes().decode("utf-8"))
    assert reading.values == {item.id: item.default for item in checklist.items()}
    assert (reading.problems, reading.stray) == ((), ())


SYNTAX = [*"#-*+_ []xX:\n\r`<!->|1.)a", "**", "<!--", "-->", "```", "- [ ] ", "**L:**", "\n\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SYNTAX), max_size=60).map("".join), st.booleans())
@example("**#:**L:**", False)  # a label with no letter in it
def test_any_template_filled_reads_back(text: str, tick: bool):
    checklist = parse_checklist(template_to_toml(text, "t", "T", "t.md"))
    values = {item.id: (not item.default if tick else item.default) if item.kind == "check"
              else filled(item, n) for n, item in enumerate(checklist.items())}
    reading = read_body(checklist, render_body(checklist, lambda item: values[item.id]))
    assert (reading.values, reading.problems, reading.stray) == (values, (), ())


@pytest.fixture(scope="module")
def shipped() -> Checklist:
    return load_checklist(HOTFIX_CHECKLIST)


def test_the_shipped_checklist_reads_back_choices_and_lists(shipped: Checklist):
    values = {item.id: filled(item, n) for n, item in enumerate(shipped.items())
              if shipped.section(item.section_id).in_body}
    body = render_body(shipped, lambda item: values.get(item.id, item.default))
    reading = read_body(shipped, body)
    assert (reading.values, reading.problems, reading.stray) == (values, (), ())


def test_a_body_edited_on_the_website_comes_back_in_crlf(shipped: Checklist):
    body = render_body(shipped, lambda item: item.default)
    body = body.replace("- [ ] **Automated Tests**", "- [X] **Automated Tests**")
    body = body.replace("**Issue Severity:** ", "**Issue Severity:** emergency")
    body = body.replace("### Risk Level\n- [ ] **Low Risk**", "### Risk Level\n- [x] **Low Risk**")
    reading = read_body(shipped, body.replace("\n", "\r\n"))
    assert reading.values["automated-tests"] is True
    assert reading.values["issue-severity"] == "Emergency"
    assert reading.values["risk-level"] == "Low"
    assert (reading.problems, reading.stray) == ((), ())


def test_what_cannot_be_matched_is_reported(shipped: Checklist):
    body = render_body(shipped, lambda item: item.default)
    body = body.replace("- [ ] **Data Migration**: Data migration required",
                        "- [x] Data migration: yes")
    body = body.replace("**Issue Severity:** ", "**Issue Severity:** Whenever")
    body = body.replace("- [ ] **Low Risk**", "- [x] **Low Risk**")
    body = body.replace("- [ ] **High Risk**", "- [x] **High Risk**")
    body = body.replace("## Security Considerations\n",
                        "## Security Considerations\nSee the audit.\n")
    body = body.replace("- [ ] **Data Protection**", "- [x] **Data Protection**")
    reading = read_body(shipped, body)
    assert reading.problems == (
        "issue-severity: 'Whenever' is not one of Emergency, Critical",
        "risk-level: several options ticked (Low, High)",
        "data-migration: not found in the body (Data Migration)")
    lines = body.split("\n")
    assert reading.stray == (
        (lines.index("- [x] Data migration: yes") + 1, "- [x] Data migration: yes"),
        (lines.index("See the audit.") + 1, "See the audit."))
    assert reading.values["data-protection"] is True
    assert "data-migration" not in reading.values and "risk-level" not in reading.values


def test_values_are_read_where_the_renderer_put_them():
    checklist = parse_checklist(template_to_toml(
        "## Notes\n<!-- hint -->\n\n## Files\n**Files:**\n- \n\n**Who:** [name]\n",
        "t", "T", "t.md"))
    body = ("## Notes\n<!-- hint -->\n\nFirst line\n\\# kept as text\n\n\n"
            "## Files\n**Files:**\n* a.py\n-   b.py\n\n**Who:** [name]\n")
    reading = read_body(checklist, body)
    assert reading.values == {"notes": "First line\n# kept as text",
                              "files": ("a.py", "b.py"), "who": ""}
    assert reading.stray == ()


# What a person may type that looks like markdown, or like the renderer's own escaping.
TYPED = st.lists(st.sampled_from(["\\", "#", "# ", "\\#", "> ", "- ", "1. ", "[x]", "`", "a",
                                  " ", "\n", "<!--", "*", "<b>", "</", "<details>", "|", "< ",
                                  "12\\."]), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=TYPED, entries=st.lists(TYPED.map(lambda s: " ".join(s.split())).filter(bool),
                                    max_size=3))
@example(text="\\#123", entries=["\\# 1"])  # a backslash the user typed is kept
@example(text="\\<!--\n<!-- a", entries=["<!-- x", "a\\<!--"])
@example(text="#42 <details><summary>ok</summary>\na | b\n\\|x", entries=["x | y", "\\<b>"])
def test_typed_text_reads_back_exactly(shipped: Checklist, text: str, entries: list[str]):
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    values = {"root-cause": text, "files-modified": tuple(entries)}
    body = render_body(shipped, lambda item: values.get(item.id, item.default))
    reading = read_body(shipped, body)
    assert (reading.values["root-cause"], reading.values["files-modified"]) == (
        text, tuple(entries))
