"""The template importer: every template comes back byte for byte from an untouched
session, and the template's constructs become the right items."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hotfix_tui.core.definition.front_matter import without_front_matter
from hotfix_tui.core.definition.loader import load_checklist, parse_checklist
from hotfix_tui.core.definition.template_import import import_template, template_to_toml
from hotfix_tui.core.markdown.render import pr_body, render_body
from hotfix_tui.core.model.checklist import Checklist, Item, TextBlock
from hotfix_tui.core.model.session import Session
from tests.conftest import HOTFIX_CHECKLIST, PROJECT, SEED_TEMPLATE, SHARED, needs_shared

REAL_TEMPLATES = SHARED / "templates"
OWN_TEMPLATES = PROJECT / "tests" / "data" / "templates"
WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)


def read(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # bytes: read_text would turn CRLF into LF


def imported(text: str) -> Checklist:
    return parse_checklist(template_to_toml(text, "imported", "Imported", "template.md"))


def untouched(checklist: Checklist) -> str:
    return render_body(checklist, lambda item: item.default)


def items(text: str) -> dict[str, Item]:
    return {item.id: item for item in imported(text).items()}


@needs_shared
def test_the_real_templates_are_there():
    assert len(list(REAL_TEMPLATES.glob("*.md"))) >= 27


@needs_shared
@pytest.mark.parametrize("path", sorted(REAL_TEMPLATES.glob("*.md")), ids=lambda p: p.name)
def test_every_real_template_round_trips_byte_for_byte(path: Path):
    text = read(path)
    toml = template_to_toml(text, "imported", "Imported", path.name)
    assert tomllib.loads(toml) == import_template(text, "imported", "Imported", path.name)
    assert untouched(parse_checklist(toml)) == text


@pytest.mark.parametrize("path", sorted(OWN_TEMPLATES.glob("*.md")), ids=lambda p: p.name)
def test_every_own_template_round_trips_byte_for_byte(path: Path):
    text = read(path)
    toml = template_to_toml(text, "imported", "Imported", path.name)
    assert tomllib.loads(toml) == import_template(text, "imported", "Imported", path.name)
    assert untouched(parse_checklist(toml)) == text


LINES = ["", "", "", "# Title", "## Section", "### Sub", "#### Deep", "##", "---", "***",
         "**Bold caption:**", "- [ ] box", "* [x] **Bold**: desc", "  + [X] nested",
         "1. [ ] numbered", "- [ ]", "**Label:**", "**Label:** ", "**Label**: hint",
         "- **Bug**: Fixes #", "- ", "Notes:", "- Incident:", "text", "<!-- comment -->", "<!--",
         "-->", "```", "~~~", "| a | b |", "<details>", "Label: ", "\r", "- [ ] box\r",
         "**L:** \r", "## H\r", "x <!-- open", "emoji 🚑"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=25), st.sampled_from(["\n", "\r\n", "\r"]),
       st.integers(0, 3))
@example(["---", "Label: ", "---"], "\n", 0)  # front matter, found once by chance
def test_any_mix_of_constructs_round_trips(lines: list[str], newline: str, final: int):
    text = newline.join(lines) + newline * final
    # YAML front matter (`---`, `key: value` lines, `---`) is the forge's, not the body's.
    assert untouched(imported(text)) == without_front_matter(text)


# Pieces of markdown syntax, to build any text out of.
SYNTAX = [*"#-*+_ []xX:\n\r\t`~<!->|1.)aé🚑", "**", "<!--", "-->", "```", "- [ ] ", "**L:**",
          "\n\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SYNTAX), max_size=60).map("".join))
@example("**L:**\r-\n\n")  # a "\r" inside a line is not a line end
def test_any_text_round_trips(text: str):
    assert untouched(imported(text)) == text


def test_checkboxes_of_every_kind_become_check_items():
    found = items(read(OWN_TEMPLATES / "boxes.md"))
    checks = {item_id: item for item_id, item in found.items() if item.kind == "check"}
    assert list(checks) == [
        "dash", "star", "plus", "ticked", "ticked-capital", "two-spaces-before-the-label",
        "checkbox", "numbered-dot", "numbered-paren", "nested-under-a-plain-item",
        "nested-ticked", "nested-deeper", "bold-label", "bold-label-with-colon",
        "box-with-an-inline-comment"]
    assert [i for i, item in checks.items() if item.default is True] == [
        "ticked", "ticked-capital", "nested-ticked"]
    assert checks["nested-deeper"].line == "    - [ ] nested deeper"
    assert checks["bold-label"].label == "Bold label"
    assert checks["bold-label"].description == "with a description"


def test_boxes_in_fences_and_comments_and_malformed_ones_stay_text():
    checklist = imported(read(OWN_TEMPLATES / "boxes.md"))
    section = checklist.section("not-boxes")
    assert not any(item.kind == "check" for item in section.items())
    text = "\n".join(b.text for b in section.blocks if isinstance(b, TextBlock))
    for kept in ("- [ ] in a backtick fence", "* [x] in a tilde fence",
                 "- [ ] in a multi-line comment", "<!-- - [ ] in a one-line comment -->",
                 "-[ ] no space", "- [] empty", "- [y] not a mark"):
        assert kept in text


def test_bold_and_plain_labels_become_fields():
    found = items(read(OWN_TEMPLATES / "fields.md"))
    kinds = {item_id: item.kind for item_id, item in found.items()}
    assert kinds == {
        "severity": "text", "impact": "longtext", "owner": "text", "maintainer": "text",
        "bug": "text", "incident": "text", "version": "longtext", "target": "longtext",
        "files": "list", "fixes": "longtext", "incident-2": "longtext", "issue": "longtext",
        "release": "longtext"}
    assert found["impact"].blank_lines == 2
    assert found["maintainer"].placeholder == "@<github-user>"
    assert found["bug"].line == "- **Bug**: Fixes #"  # the value completes the line
    assert found["incident"].line == "- **Incident**: "
    assert found["incident"].placeholder == "[link to incident]"


def test_a_value_replaces_a_placeholder_and_completes_a_reference():
    checklist = imported(read(OWN_TEMPLATES / "fields.md"))
    values = {"maintainer": "@dana", "bug": "123", "version": "v23.05", "files": ("a.py",)}
    body = render_body(checklist, lambda item: values.get(item.id, item.default))
    assert "**Maintainer:** @dana\n" in body
    assert "- **Bug**: Fixes #123\n" in body
    assert "- **Version:**\nv23.05\n- **Target:**\n" in body
    assert "**Files:**\n- a.py\n\n" in body


def test_captions_prose_and_lists_after_a_colon_are_not_fields():
    checklist = imported(read(OWN_TEMPLATES / "fields.md"))
    text = "\n".join(b.text for b in checklist.section("fields").blocks
                     if isinstance(b, TextBlock))
    assert "**Note**: Read this first." in text
    assert "**Caption over a list:**\n- first" in text
    assert "Prose that ends in a colon introducing a list:" in text


def test_tables_details_quotes_and_emoji_stay_verbatim():
    checklist = imported(read(OWN_TEMPLATES / "blocks.md"))
    assert checklist.preamble == "# 🚑 Release checklist"
    assert checklist.title == "🚑 Release checklist"
    assert [s.title for s in checklist.sections] == [
        "📋 Table", "🔽 Details", "🔗 Prose, links and quotes", "Reviewer checklist"]
    table = checklist.section("table").blocks[0]
    assert isinstance(table, TextBlock) and "| Breaking? | yes / no |" in table.text
    details = [item.label for item in checklist.section("details").items()]
    assert details == ["a box inside details is still a box"]


def test_a_section_without_fields_gets_one_to_write_in():
    checklist = imported("## Summary\n<!-- describe -->\n\n## Risk\n\n### Level\n- [ ] low\n")
    summary = checklist.section("summary")
    assert [(i.id, i.kind, i.label, i.line, i.blank_lines) for i in summary.items()] == [
        ("summary", "longtext", "Summary", "", 1)]
    assert checklist.section("risk").own_items() == ()  # it only groups subsections
    body = render_body(checklist, lambda item: "It broke." if item.id == "summary"
                       else item.default)
    assert body == "## Summary\n<!-- describe -->\nIt broke.\n\n## Risk\n\n### Level\n- [ ] low\n"


def test_headings_become_sections_and_subsections():
    checklist = imported(read(OWN_TEMPLATES / "levels.md"))
    assert checklist.preamble == "# Title"  # a lone top heading with nothing under it
    outline = [(s.id, [sub.id for sub in s.subsections]) for s in checklist.sections]
    assert outline == [("deep-first", []), ("section", ["deeper-subsection", "subsection"]),
                       ("after-a-rule", [])]
    assert checklist.section("after-a-rule").heading == "---\n\n## After a rule"


def test_a_top_heading_with_text_under_it_is_a_section():
    checklist = imported("## Summary\n\nSay what.\n\n### Checklist\n- [ ] done\n")
    assert checklist.preamble == ""
    assert [s.id for s in checklist.sections] == ["summary", "checklist"]
    assert checklist.sections[1].subsections == ()


def test_text_before_the_first_heading():
    only_text = imported("<!-- hi -->\n\n## A\n")
    assert only_text.preamble == "<!-- hi -->" and only_text.sections[0].gap == 1
    with_items = imported(read(OWN_TEMPLATES / "intro_with_items.md"))
    assert with_items.sections[0].heading == ""
    assert [i.id for i in with_items.sections[0].items()] == ["box-before-any-heading"]
    no_headings = imported(read(OWN_TEMPLATES / "no_headings.md"))
    assert [(s.heading, s.title) for s in no_headings.sections] == [("", "Imported")]


def test_line_endings_and_final_newlines():
    crlf = imported(read(OWN_TEMPLATES / "crlf.md"))
    assert crlf.newline == "\r\n" and crlf.final_newline
    assert not any("\r" in (item.line + item.label) for item in crlf.items())
    assert imported(read(OWN_TEMPLATES / "lone_cr.md")).newline == "\r"
    assert not imported(read(OWN_TEMPLATES / "no_final_newline.md")).final_newline
    extra = imported(read(OWN_TEMPLATES / "extra_final_newlines.md"))
    assert extra.final_newline and untouched(extra).endswith("- [ ] done\n\n\n\n")


def test_values_keep_the_templates_line_endings():
    crlf = imported(read(OWN_TEMPLATES / "crlf.md"))
    values = {"reviewer": "Dana", "notes": "one\ntwo", "tests": True}
    body = render_body(crlf, lambda item: values.get(item.id, item.default))
    assert "- [x] **Tests**: added or updated\r\n" in body
    assert "**Reviewer:** Dana\r\n**Notes:**\r\none\r\ntwo\r\n\r\n\r\n## Links" in body
    assert body.count("\n") == body.count("\r\n")
    mixed = imported(read(OWN_TEMPLATES / "mixed_endings.md"))
    values = {"owner": "Dana", "hint": "Lee"}
    body = render_body(mixed, lambda item: values.get(item.id, item.default))
    assert "**Owner:** Dana\r\n**Hint**: Lee\r\n" in body  # the value goes before the "\r"


def test_crlf_checklists_are_written_readably():
    toml = template_to_toml(read(OWN_TEMPLATES / "crlf.md"), "crlf", "Crlf", "crlf.md")
    assert 'newline = "\\r\\n"' in toml
    assert '"""' in toml  # multi-line strings everywhere else


def test_ids_are_readable_unique_and_stable():
    text = "## Yes or no\n- [ ] Yes\n- [ ] No\n## Again\n- [ ] Yes\n- [ ] ¿Qué pasó?\n"
    assert [item.id for item in imported(text).items()] == ["yes", "no", "yes-2", "que-paso"]
    assert template_to_toml(text, "a", "A", "t.md") == template_to_toml(text, "a", "A", "t.md")
    long = imported("- [ ] " + "word " * 40 + "\n").items()[0]
    assert len(long.id) <= 48 and not long.id.endswith("-")
    wordless = imported("## 🚑\n**<!-- who -->:** \n- [ ]\n\n---\n**🔥**\n")
    assert [s.title for s in wordless.sections] == ["🚑", "🔥"]
    assert [(i.id, i.label) for i in wordless.items()] == [("field", "Field"),
                                                          ("checkbox", "Checkbox"),
                                                          ("item", "🔥")]


# --- the seed template and the shipped checklist -----------------------------------------


@pytest.fixture(scope="module")
def shipped() -> Checklist:
    return load_checklist(HOTFIX_CHECKLIST)


@pytest.fixture(scope="module")
def seed() -> Checklist:
    return imported(read(SEED_TEMPLATE))


def test_importing_the_seed_renders_what_the_shipped_checklist_does(shipped, seed):
    assert untouched(seed) == untouched(shipped) == read(SEED_TEMPLATE)
    assert seed.preamble == shipped.preamble and seed.title == "Hotfix Pull Request"


def counterparts(shipped: Checklist, seed: Checklist) -> list[tuple[Item, list[Item]]]:
    """Each item of the shipped body with the imported item(s) for the same lines: a
    choice drawn as boxes has one box per option."""
    ours = [item for s in shipped.sections if s.in_body for item in s.items()]
    theirs = list(seed.items())
    pairs = []
    for item in ours:
        count = len(item.option_lines) or 1
        pairs.append((item, theirs[:count]))
        theirs = theirs[count:]
    assert theirs == []
    return pairs


def test_the_seed_filled_like_the_shipped_checklist_renders_the_same_body(shipped, seed):
    ours, theirs = blank(shipped), blank(seed)
    for item, matching in counterparts(shipped, seed):
        value = item.options[-1] if item.kind == "choice" else {
            "check": True, "text": "INC-42 <!-- x", "longtext": "# not a heading\nline",
            "list": ("src/a.py", "- b")}[item.kind]
        ours = ours.with_value(item.id, value, at=WHEN, by="Dana")
        for index, other in enumerate(matching):
            assert other.line == (item.option_lines[index] if item.option_lines else item.line)
            theirs = theirs.with_value(
                other.id, index == len(matching) - 1 if item.option_lines else value,
                at=WHEN, by="Dana")
    # The shipped checklist's approval boxes (`approval = true`) also say who approved
    # and when; an imported template knows no approvals. Otherwise the bodies are one.
    approved = " (approved by Dana, 2026-11-23 14:02 +00:00)"
    assert pr_body(ours).count(approved) == sum(item.approval for item in shipped.items())
    assert pr_body(theirs) == pr_body(ours).replace(approved, "")
    assert pr_body(ours) != read(SEED_TEMPLATE)


def blank(checklist: Checklist) -> Session:
    return Session(name="s", checklist=checklist, created_at=WHEN, created_by="Dana")


def test_labels_propose_what_fields_are_for():
    found = items(read(OWN_TEMPLATES / "incident_fields.md"))
    assert found["files-changed"].fill == "git-files"
    assert found["root-cause"].release == "root-cause"
    assert {item.id for item in found.values() if item.fill or item.release} == {
        "files-changed", "root-cause"}


@needs_shared
def test_a_real_hotfix_template_gets_its_root_cause_and_fix_proposed():
    found = items(read(REAL_TEMPLATES / "27_UniversalStandards__GOFAP__hotfix.md"))
    assert found["root-cause"].release == "root-cause"
    assert found["fix-summary"].release == "fix"
