"""`hotfix status --brief` (a status update for chat) and `hotfix status --left` (what is
left, most pressing first, with ids), in a real temporary git repo."""

import json
import re

import git
import pytest

from hotfix_tui.cli import main
from tests.gitrepos import commit


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def incident(in_repo, capsys):
    """Dana qualifies part of the incident, ticks a testing box, approves for the Product
    Owner and hands over to Lee; then a newer code commit makes the testing tick stale."""
    for args in (("new",), ("set", "critical-business-impact", "true"),
                 ("set", "primary-workflow", "true"),
                 ("approve", "qualification", "Product Owner"),
                 ("handoff", "--to", "Lee", "--note", "tests next")):
        assert main(list(args)) == 0, args
    commit(git.Repo(in_repo), "Fix the key", {"src/cache.py": "KEY = 2\n"},
           when="2099-01-01T00:00:00+00:00")
    capsys.readouterr()
    return in_repo


def test_the_brief_is_a_few_lines_for_chat(incident, capsys):
    code, out, err = run(capsys, "status", "--brief")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert re.fullmatch(r"Hotfix Pull Request hotfix-login-crash: 3/131 done, 20 required "
                        r"item\(s\) left", lines[0])
    assert lines[1] == "stands at: Qualification"
    assert re.fullmatch(r"held by Lee, handed over by Dana Tester at "
                        r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", lines[2])
    assert re.fullmatch(r"clock: started \d{4}-\d\d-\d\d \d\d:\d\d UTC; Response Time "
                        r"\d\d:\d\d UTC \(\+\d+ s\); Resolution Time not yet; Authorization "
                        r"Time not yet", lines[3])
    assert lines[4] == "phases:"
    assert lines[5] == ("- [ ] Qualification: 1/18 done, 17 left (8 required), approval "
                        "missing: Technical Lead")
    assert lines[8] == ("- [ ] Testing: 1/10 done, 9 left (1 required), approval missing: "
                        "QA Lead")
    assert lines[-1] == "stale: 1 tick(s) made before the latest commit, to check again"
    assert len(lines) == 5 + 8 + 1  # a line per phase of the process


def test_left_lists_what_blocks_the_merge_first_with_ids(incident, capsys):
    code, out, err = run(capsys, "status", "--left")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    titles = [line for line in lines if not line.startswith("  ")]
    assert [re.sub(r": \d+$", "", title) for title in titles] == [
        "hotfix-login-crash: 134 thing(s) left",
        "required items not done (hotfix set ID VALUE)",
        "ticks made before the latest code commit (check again: hotfix set ID true; hotfix run "
        "--stale re-runs the boxes that have a check)",
        "phase approvals missing (hotfix approve PHASE ROLE)",
        "optional items still open"]
    assert lines[2].split() == ["production-system-affected", "Production", "system",
                                "affected", "(Qualification)"]
    stale = lines.index(titles[2])
    assert lines[stale + 1].split()[0] == "primary-workflow"
    approvals = [line.split(None, 1) for line in lines[lines.index(titles[3]) + 1:
                                                          lines.index(titles[4])]]
    assert approvals[0] == ["qualification",
                            "Qualification: approval by Technical Lead (Qualification)"]
    assert "primary-workflow" not in out.split(titles[4])[1]  # listed once, as stale


def test_left_as_json_and_when_nothing_is_left(incident, capsys):
    code, out, _ = run(capsys, "status", "--left", "--json")
    assert code == 0
    entries = json.loads(out)
    assert entries[0] == {"kind": "required", "section": "qualification",
                          "id": "production-system-affected",
                          "label": "Production system affected", "required": True}
    approval = next(entry for entry in entries if entry["kind"] == "approval")
    assert approval["role"] == "Technical Lead" and approval["id"] == "qualification"
    assert [entry["kind"] for entry in entries] == sorted(
        (entry["kind"] for entry in entries),
        key=["required", "stale", "approval", "optional"].index)


def test_left_and_brief_are_two_views(incident, capsys):
    code, out, err = run(capsys, "status", "--left", "--brief")
    assert (code, out) == (2, "")
    assert err == "hotfix: error: --left or --brief? give one: they are two views of the status\n"
