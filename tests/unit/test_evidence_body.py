"""Evidence in the PR body as a markdown parser sees it: whatever a command prints
(markdown, HTML, `-->`, backticks, `- [ ]` lines), the exported body keeps the template's
headings and checkbox count, and import-body reads it back changing nothing and taking
no command.

The parser is markdown-it-py (it comes with Textual) in CommonMark mode with GFM's tables
and strikethrough; task list items are counted as GitHub finds them: list items whose
paragraph starts with `[ ]` or `[x]`, so a box in a code or HTML block is no box.
"""

from __future__ import annotations

from pathlib import Path

import git
import pytest
from markdown_it import MarkdownIt

from hotfix_tui.core.markdown.body_import import read_body
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.events import RUN_EVENTS
from hotfix_tui.core.model.evidence import check_status, evidence
from tests import gfm
from tests.checkrepos import checks_repo, workspace


# What a hostile command prints: every shape that could add, hide or end structure (in two
# halves, each within an excerpt's lines).
def _quoted(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


HOSTILE = "\n".join([
    "# Not a heading", "## Nor this", "Setext heading?", "===", "---", "- [ ] not a box",
    "- [x] not a tick", "* [ ] starred", "1. [ ] numbered", "    - [ ] indented box",
    "\t- [ ] tabbed box", "```", "````python", "~~~", "`` `inline` ``", "<!-- opens a comment",
    "-->", "</details>", "<details><summary>fake</summary>", "</summary>", "<script>x</script>",
    "| a | b |", "|---|---|", "> quote", "[link]: https://example.com", "\\", "",
    "- [ ] after a blank line", "\r- [ ] after a carriage return", "\x00\x1b[31mred\x1b[0m",
])
HALF = len(HOSTILE.split("\n")) // 2
# The command itself has backticks, a comment opener and a pipe: it shows on the summary line.
COMMAND = "sh hostile.sh {part} # ``` <!-- | -->"
SCRIPT = (f"lines={_quoted(HOSTILE)}\n"
          f'if [ "$1" = 1 ]; then printf "%s\\n" "$lines" | head -n {HALF}; '
          f'else printf "%s\\n" "$lines" | tail -n +{HALF + 1}; fi\n'
          "echo ran >> runs.txt\n")


def parsed(body: str) -> dict[str, object]:
    """Headings and task list items as GitHub's markdown would find them."""
    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    tokens = md.parse(body)
    headings, boxes, ticked = [], 0, 0
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            headings.append((token.tag, tokens[index + 1].content))
        if (token.type == "list_item_open" and tokens[index + 1].type == "paragraph_open"):
            text = tokens[index + 2].content
            if text[:4] in ("[ ] ", "[x] ", "[X] ") or text in ("[ ]", "[x]", "[X]"):
                boxes += 1
                ticked += text[1] in "xX"
    details = sum(token.content.count("<details>") for token in tokens if token.type == "html_block")
    return {"headings": headings, "boxes": boxes, "ticked": ticked, "details": details}


@pytest.fixture
def ran(tmp_path: Path):
    """A session whose three checks all passed, printing HOSTILE."""
    commands = {"tests": COMMAND.format(part=1), "error-scenario": COMMAND.format(part=2),
                "health": COMMAND.format(part=1)}
    repo: git.Repo = checks_repo(tmp_path / "repo", commands, {"hostile.sh": SCRIPT})
    ws = workspace(Path(repo.working_tree_dir or ""))
    ws.checks.trust(ws.checklist("hotfix"))
    session = ws.create("s")
    for item_id in ("automated-tests", "error-scenario", "application-health"):
        session, result = ws.checks.run(session, item_id)
        assert result.passed
    return ws, session


def test_hostile_output_keeps_the_templates_headings_and_checkbox_count(ran, seed_template):
    ws, session = ran
    body = pr_body(session)
    assert "  <!-- opens a comment" in body and "  - [ ] not a box" in body  # it is in there
    # The same session without its runs: the same ticks and git's values, no evidence.
    # (Compared with it rather than the bare template: an empty list's `- ` under a label
    # reads as a setext heading in the template, and git filled that list.)
    states = {k: v for k, v in session.states.items() if k != "after"}
    bare = session._replace(states=states, events=tuple(
        e for e in session.events if e.event not in RUN_EVENTS))
    assert parsed(body) == {**parsed(pr_body(bare)), "details": 3}
    assert parsed(body)["boxes"] == parsed(seed_template)["boxes"] == 94
    assert parsed(body)["ticked"] == 3
    # And as GitHub itself renders it (cmark-gfm).
    on_github, bare_on_github = gfm.structure(body), gfm.structure(pr_body(bare))
    assert on_github.headings == bare_on_github.headings
    assert (on_github.boxes, on_github.ticked, on_github.details) == (
        bare_on_github.boxes, bare_on_github.ticked, 3)
    assert gfm.structure(seed_template).boxes == on_github.boxes == 94
    # With the log folded under it, too.
    assert parsed(pr_body(session, timeline=True))["boxes"] == 94


def test_the_excerpt_sits_in_a_fence_longer_than_any_backtick_run(ran):
    _, session = ran
    run = evidence(session, session.checklist.item("automated-tests"))
    assert run is not None and run.excerpt is not None and "````python" in run.excerpt
    body = pr_body(session)
    assert "  `````text\n  # Not a heading\n" in body
    assert "  Evidence: ```` sh hostile.sh 1 # ``` <!-- | --> ```` passed: exit status 0, " in body


def test_import_body_of_such_a_body_changes_nothing_and_takes_no_command(ran):
    ws, session = ran
    runs_before = (ws.root / "runs.txt").read_text()
    trusted_before = ws.layout.trusted_commands.read_bytes()
    events_before = ws.load("s").events
    reading = read_body(session.checklist, pr_body(session))
    assert (reading.problems, reading.stray) == ((), ())
    imported = ws.import_body(session, pr_body(session))
    assert imported.changed == ()
    assert ws.load("s").events == events_before
    assert (ws.root / "runs.txt").read_text() == runs_before
    assert ws.layout.trusted_commands.read_bytes() == trusted_before


def test_a_forged_evidence_block_in_a_body_is_no_evidence(ran):
    """A body edited to show evidence under a box no run ticked: the tick is read (a
    person may tick in the body), the evidence is not, and nothing runs."""
    ws, session = ran
    body = pr_body(session)
    forged = body.replace("- [ ] **Primary Workflow**: Main user workflow tested and working",
                          "- [x] **Primary Workflow**: Main user workflow tested and working\n"
                          "  Evidence: ` rm -rf / ` passed: exit status 0, 0.1 s, "
                          "2026-11-23 14:02 +00:00, by Mallory")
    assert forged != body
    runs_before = (ws.root / "runs.txt").read_text()
    imported = ws.import_body(session, forged)
    assert imported.changed == ("primary-workflow",) and imported.reading.stray == ()
    item = imported.session.checklist.item("primary-workflow")
    assert imported.session.value(item) is True
    assert evidence(imported.session, item) is None and check_status(imported.session, item).last is None
    assert not [e for e in imported.session.events if e.event in RUN_EVENTS and e.item == item.id]
    assert "rm -rf" not in pr_body(imported.session)
    assert (ws.root / "runs.txt").read_text() == runs_before


def test_a_broken_evidence_block_is_reported_as_stray_lines_never_read_as_values(ran):
    ws, session = ran
    body = pr_body(session)
    broken = body.replace("  </details>\n", "", 1)  # the first block, cut short by an edit
    reading = read_body(session.checklist, broken)
    assert reading.stray and all(line.startswith("  ") or not line for _, line in reading.stray)
    assert reading.values["automated-tests"] is True
    values = {k: v for k, v in reading.values.items() if k != "automated-tests"}
    assert values == {k: v for k, v in read_body(session.checklist, body).values.items()
                      if k != "automated-tests"}
