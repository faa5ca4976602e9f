"""`hotfix export --postmortem`, as markdown and as JSON, in a real temporary git repo: an
incident scripted with set, na, approve and handoff by two people."""

import json

import pytest
from markdown_it import MarkdownIt

from hotfix_tui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def incident(in_repo, capsys):
    """Dana starts and describes the incident, hands it to Lee, who marks a box N/A and
    approves; required items are still unmet (a postmortem is written while it is open)."""
    for args in (("new",),
                 ("set", "problem-statement", "Logins fail | with a 500"),
                 ("set", "root-cause", "## A stale cache key"),
                 ("approve", "qualification", "Product Owner"),
                 ("handoff", "--to", "Lee", "--note", "tests next"),
                 ("--as", "Lee", "na", "mitigation-performance-testing", "No perf path"),
                 ("--as", "Lee", "set", "incident-review", "true")):
        assert main(list(args)) == 0, args
    capsys.readouterr()
    return in_repo


def test_the_postmortem_goes_to_stdout_or_a_file_though_items_are_unmet(incident, capsys):
    code, out, err = run(capsys, "export", "--postmortem", "-")
    assert (code, err) == (0, "")
    tokens = MarkdownIt("commonmark").parse(out)
    heads = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert heads[0] == "Postmortem: Login crash" and "Root cause" in heads
    assert "A stale cache key" not in heads  # typed text stays text
    assert "| Dana Tester | handed the session to Lee: tests next |" in out
    assert "No perf path (decided by Lee," in out
    assert "- [ ] **Incident Review**" not in out and "- [ ] **Team Retrospective**" in out
    code, _, err = run(capsys, "export", "--postmortem", "pm.md")
    assert (code, err) == (0, "wrote pm.md\n")
    assert (incident / "pm.md").read_text("utf-8") == out


def test_the_postmortem_as_json_for_tools(incident, capsys):
    code, out, err = run(capsys, "export", "--postmortem", "-", "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data) == ["session", "title", "checklist", "started", "holder", "facts",
                          "summary", "impact", "root_cause", "resolution", "clock", "timeline",
                          "approvals", "not_applicable", "handoffs", "evidence", "follow_ups"]
    assert data["holder"] == "Lee"
    assert data["summary"][0] == {"role": "summary", "item": "problem-statement",
                                  "label": "Problem Statement", "kind": "longtext",
                                  "text": "Logins fail | with a 500"}
    assert data["handoffs"][0]["from"] == "Dana Tester" and data["handoffs"][0]["to"] == "Lee"
    assert data["handoffs"][0]["at"].endswith("+00:00")
    assert {event["event"] for event in data["timeline"]} >= {
        "started", "edited", "approved", "handoff", "not-applicable", "ticked"}
    assert set(data["timeline"][0]) == {"at", "by", "event", "text"}
    assert data["approvals"]["phases"][0] == {
        "phase": "qualification", "title": "Qualification", "role": "Product Owner",
        "by": "Dana Tester", "at": data["approvals"]["phases"][0]["at"]}
    assert [box["item"] for box in data["not_applicable"]] == ["mitigation-performance-testing"]
    assert "incident-review" not in [box["item"] for box in data["follow_ups"]]
    assert [time["clock"] for time in data["clock"]] == ["response", "resolution",
                                                         "authorization"]


def test_json_without_the_postmortem_is_refused(incident, capsys):
    code, out, err = run(capsys, "export", "--pr-body", "-", "--json")
    assert (code, out) == (2, "")
    assert "--json goes with --postmortem" in err


def test_with_the_pr_body_both_are_written_or_neither(incident, capsys):
    code, _, err = run(capsys, "export", "--postmortem", "pm.md", "--pr-body", "body.md")
    assert code != 0 and "required items are unmet" in err
    assert not (incident / "pm.md").exists() and not (incident / "body.md").exists()
    code, _, err = run(capsys, "export", "--postmortem", "pm.md", "--pr-body", "body.md",
                       "--draft")
    assert code == 0, err
    assert (incident / "pm.md").exists() and (incident / "body.md").exists()


def test_a_secret_in_the_log_keeps_the_postmortem_from_being_written(incident, capsys):
    token = "ghp_" + "a1" * 18
    assert main(["--as", "Lee", "handoff", "--to", "Dana Tester", "--note", f"use {token}"]) == 0
    capsys.readouterr()
    code, out, err = run(capsys, "export", "--postmortem", "pm.md")
    assert (code, out) == (2, "") and "looks like it holds" in err and token not in err
    assert not (incident / "pm.md").exists()
    code, _, err = run(capsys, "export", "--postmortem", "pm.md", "--allow-secret")
    assert code == 0, err
    assert token in (incident / "pm.md").read_text("utf-8")
