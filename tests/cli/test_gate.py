"""`hotfix check` as a merge gate, in real temporary git repos: required items, phase
approvals, stale required ticks (and `--allow-stale`), a PR body that disagrees, no
session at all, and the all-clear."""

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import git
import pytest

from hotfix_tui.cli import main
from tests.conftest import PROJECT
from tests.gitrepos import commit

GATE_CHECKLIST = PROJECT / "tests" / "data" / "checklists" / "gate.toml"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def gated(in_repo: Path, capsys) -> Path:
    """A session of the gate checklist with every required item done and the approval given."""
    (in_repo / ".hotfix" / "checklists").mkdir(parents=True)
    shutil.copy(GATE_CHECKLIST, in_repo / ".hotfix" / "checklists")
    for args in (["new", "--checklist", "gate"], ["set", "root-cause", "Stale cache key"],
                 ["set", "risk", "Low"], ["set", "tests-pass", "true"],
                 ["approve", "review", "Technical Lead"]):
        assert main(args) == 0, args
    capsys.readouterr()
    return in_repo


def check_json(capsys, *args: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, "check", "--json", *args)
    return code, json.loads(out)


def test_all_clear_exits_0(gated, capsys):
    code, out, err = run(capsys, "check")
    assert (code, err) == (0, "")
    assert out == ("hotfix-login-crash: all required items done (3/4 overall); every approval "
                   "given; no stale required ticks\n")
    code, verdict = check_json(capsys)
    assert code == 0
    assert verdict == {"session": "hotfix-login-crash", "passed": True, "unmet": [],
                       "approvals": [], "stale": [], "stale_accepted": False, "body": None}


def test_a_missing_phase_approval_fails(gated, capsys):
    assert main(["approve", "review", "Technical Lead", "--withdraw"]) == 0
    code, _, err = run(capsys, "check")
    assert code == 1
    assert err == ("hotfix: hotfix-login-crash: not ready to merge\n"
                   "approvals the process phases require are missing:\n"
                   "  - review: Technical Lead (Review)\n")
    code, verdict = check_json(capsys)
    assert code == 1 and verdict["passed"] is False
    assert verdict["approvals"] == [{"id": "review", "label": "Technical Lead",
                                     "section": "Review"}]


def test_unmet_required_items_are_listed_with_their_section(gated, capsys):
    assert main(["set", "root-cause", ""]) == 0
    code, _, err = run(capsys, "check")
    assert code == 1
    assert "required items are unmet:\n  - root-cause: Root Cause (Summary)\n" in err
    assert check_json(capsys)[1]["unmet"] == [{"id": "root-cause", "label": "Root Cause",
                                              "section": "Summary"}]


def commit_code_after_the_ticks(repo_path: Path) -> None:
    later = (datetime.now().astimezone() + timedelta(hours=1)).isoformat()
    commit(git.Repo(repo_path), "fix the cache key", {"app.py": "print('fixed')\n"}, when=later)


def test_a_required_tick_made_stale_by_a_newer_commit_fails_and_allow_stale_lets_it_through(
        gated, capsys):
    assert main(["set", "docs-updated", "true"]) == 0  # optional: stale, but in no one's way
    commit_code_after_the_ticks(gated)
    code, _, err = run(capsys, "check")
    assert code == 1
    assert err == ("hotfix: hotfix-login-crash: not ready to merge\n"
                   "required ticks are stale, made before the latest code commit (tick them "
                   "again, or --allow-stale):\n"
                   "  - tests-pass: Tests pass (Testing)\n")
    code, out, err = run(capsys, "check", "--allow-stale")
    assert (code, err) == (0, "")
    assert out.endswith("stale required ticks let through (--allow-stale):\n"
                        "  - tests-pass: Tests pass (Testing)\n")
    code, verdict = check_json(capsys, "--allow-stale")
    assert code == 0
    assert verdict["passed"] is True and verdict["stale_accepted"] is True
    assert [found["id"] for found in verdict["stale"]] == ["tests-pass"]


def test_a_pr_body_that_disagrees_with_the_session_fails_naming_the_items(gated, capsys):
    body_file = gated / "pr.md"
    assert main(["export", "--pr-body", str(body_file)]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "check", "--pr-body", str(body_file))
    assert code == 0 and out.endswith("; the PR body agrees\n")
    body = body_file.read_text()
    edited = (body.replace("**Root Cause:** Stale cache key", "**Root Cause:** ")
              .replace("- [x] Tests pass", "- [ ] Tests pass")
              .replace("- [ ] Docs updated", "- [x] Docs updated")
              .replace("- [x] Low risk", "- [ ] Low risk").replace("- [ ] High risk", "- [x] High risk")
              # A box commented out in the template is no box of the checklist's.
              .replace("<!-- - [ ] Load tested", "<!-- - [x] Load tested"))
    assert edited.count("[x]") == 3
    body_file.write_text(edited)
    code, _, err = run(capsys, "check", "--pr-body", str(body_file))
    assert code == 1
    assert err == ("hotfix: hotfix-login-crash: not ready to merge\n"
                   "the PR body disagrees with the session:\n"
                   "  - root-cause: Root Cause (Summary): filled in the session, empty in the body\n"
                   "  - risk: Risk (Summary): the body ticks High, the session Low\n"
                   "  - tests-pass: Tests pass (Testing): ticked in the session, not in the body\n"
                   "  - docs-updated: Docs updated (Testing): ticked in the body, not in the "
                   "session\n")
    code, verdict = check_json(capsys, "--pr-body", str(body_file))
    assert code == 1
    assert [(f["id"], f["problem"]) for f in verdict["body"]] == [
        ("root-cause", "filled in the session, empty in the body"),
        ("risk", "the body ticks High, the session Low"),
        ("tests-pass", "ticked in the session, not in the body"),
        ("docs-updated", "ticked in the body, not in the session")]


def test_a_body_without_the_checklist_misses_its_required_values(gated, capsys):
    body_file = gated / "pr.md"
    body_file.write_text("Fixes the cache.\n")
    code, _, err = run(capsys, "check", "--pr-body", str(body_file))
    assert code == 1
    assert "  - root-cause: Root Cause (Summary): filled in the session, missing from the body\n" in err
    assert ("  - tests-pass: Tests pass (Testing): ticked in the session, missing from the body\n"
            in err)


def test_no_session_on_the_branch_is_exit_2_never_a_pass(in_repo, capsys):
    for args in (["check"], ["check", "--json"], ["check", "--allow-stale"]):
        code, out, err = run(capsys, *args)
        assert (code, out) == (2, ""), args
        assert err.count("\n") == 1
        assert "no hotfix session for branch 'hotfix/login-crash'" in err
    assert not (in_repo / ".hotfix").exists()


def test_ci_names_the_branch_of_a_detached_checkout_and_can_skip_other_branches(gated, capsys):
    repo = git.Repo(gated)
    commit(repo, "the session", {})
    repo.git.checkout("--detach")
    assert run(capsys, "check")[0] == 2  # detached: no branch, no session
    code, out, _ = run(capsys, "check", "--branch", "hotfix/login-crash")
    assert code == 0 and out.startswith("hotfix-login-crash: all required items done")
    code, out, _ = run(capsys, "check", "--only-branch", "hotfix/*")
    assert (code, out) == (0, "a detached HEAD: not a branch matching 'hotfix/*': not checked\n")
    repo.git.checkout("main")
    code, out, _ = run(capsys, "check", "--only-branch", "hotfix/*")
    assert (code, out) == (0, "main: not a branch matching 'hotfix/*': not checked\n")
    repo.git.checkout("hotfix/login-crash")
    main(["set", "root-cause", ""])
    assert run(capsys, "check", "--only-branch", "hotfix/*")[0] == 1


def test_an_unreadable_pr_body_is_one_line_and_exit_2(gated, capsys):
    code, out, err = run(capsys, "check", "--pr-body", "missing.md")
    assert (code, out) == (2, "")
    assert err == "hotfix: error: missing.md: cannot read PR body: no such file or directory\n"
