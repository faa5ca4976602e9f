"""Evidence checks end to end in the core, with real commands in real git repos: a passing
run ticks the box and records its evidence; a failing one leaves it unticked and says why;
only approved commands run, and a changed one asks again; secrets never reach the session,
its log or the body; stale and not-yet-passed checks are found."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import git
import pytest

from hotfix_tui.core.errors import CheckError, HotfixError, UntrustedCommand, ValueInputError
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.events import CHECK_FAILED, CHECK_PASSED, RUN_EVENTS, TICKED, UNTICKED
from hotfix_tui.core.model.evidence import check_status, evidence
from hotfix_tui.core.model.record import describe
from hotfix_tui.core.model.session import FROM_RUN
from hotfix_tui.core.report import status_data
from tests.checkrepos import checks_repo, config_toml, workspace
from tests.gitrepos import commit

CHECKS = {"tests": "echo '3 passed' && echo ran >> runs.txt",
          "error-scenario": "echo 'login ok'; echo ran >> runs.txt",
          "health": "echo 'HTTP 503'; exit 22"}


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    return checks_repo(tmp_path / "repo", CHECKS)


@pytest.fixture
def ws(repo: git.Repo):
    ws = workspace(Path(repo.working_tree_dir or ""))
    ws.checks.trust(ws.checklist("hotfix"))
    return ws


def runs_made(ws) -> int:
    path = ws.root / "runs.txt"
    return len(path.read_text().splitlines()) if path.exists() else 0


def event_files(ws, name: str) -> str:
    return "".join(p.read_text() for p in sorted(ws.layout.events(ws.session_path(name)).glob("*")))


def test_a_passing_check_ticks_the_box_and_records_its_evidence(ws):
    session = ws.create("s")
    lines: list[str] = []
    session, result = ws.checks.run(session, "automated-tests", lines.append)
    assert result.passed and "3 passed" in lines
    saved = ws.load("s")
    item = saved.checklist.item("automated-tests")
    assert saved.value(item) is True
    run = evidence(saved, item)
    assert run is not None and run.event == CHECK_PASSED
    assert (run.by, run.command, run.exit_status, run.excerpt) == ("Dana", CHECKS["tests"], 0, "3 passed")
    assert [e.event for e in saved.events if e.item == item.id] == [CHECK_PASSED, TICKED]
    assert result.log_path is not None and result.log_path.is_relative_to(ws.layout.local)
    assert "3 passed" in result.log_path.read_text()
    body = pr_body(saved)
    assert ("- [x] **Automated Tests**: All existing tests pass\n"
            "  Evidence: ` echo '3 passed' && echo ran >> runs.txt ` passed: exit status 0, ") in body
    assert "  <details><summary>Output</summary>\n\n  ```text\n  3 passed\n  ```\n  </details>\n\n" in body


def test_a_failing_check_leaves_the_box_unticked_and_says_why(ws):
    session = ws.set_value(ws.create("s"), "application-health", True)  # ticked by hand
    session, result = ws.checks.run(session, "application-health")
    assert not result.passed and result.reason == "exit status 22"
    saved = ws.load("s")
    item = saved.checklist.item("application-health")
    assert saved.value(item) is False
    status = check_status(saved, item)
    assert (status.state, status.evidence) == ("failed", None)
    assert status.last is not None
    assert (status.last.note, status.last.excerpt) == ("exit status 22", "HTTP 503")
    assert [e.event for e in saved.events if e.item == item.id] == [TICKED, CHECK_FAILED, UNTICKED]
    shown = next(i for s in status_data(saved)["sections"] for i in s["items"] if i["id"] == item.id)
    assert shown["check"]["state"] == "failed" and shown["check"]["last_run"]["reason"] == "exit status 22"
    assert "Evidence:" not in pr_body(saved)


def test_a_passing_error_scenario_fills_after_unless_someone_typed_there(ws):
    session, _ = ws.checks.run(ws.create("s"), "error-scenario")
    after = session.checklist.item("after")
    assert session.state("after").source == FROM_RUN
    assert session.value(after).startswith("$ echo 'login ok'; echo ran >> runs.txt\nlogin ok\n(passed: ")
    typed = ws.set_value(session, "after", "Logged in fine on staging")
    rerun, _ = ws.checks.run(typed, "error-scenario")
    assert rerun.value(after) == "Logged in fine on staging"


def test_an_unapproved_command_is_refused_in_one_line_and_nothing_runs(repo):
    ws = workspace(Path(repo.working_tree_dir or ""))
    session = ws.create("s")
    with pytest.raises(UntrustedCommand) as refused:
        ws.checks.run(session, "automated-tests")
    message = str(refused.value)
    assert isinstance(refused.value, HotfixError) and "\n" not in message
    assert "not approved" in message and "hotfix trust automated-tests" in message
    assert runs_made(ws) == 0 and ws.load("s").events == ()
    listed = {c.item.id: (c.spec.run if c.spec else None, c.approved)
              for c in ws.checks.declared(session.checklist)}
    assert listed == {"automated-tests": (CHECKS["tests"], False),
                      "error-scenario": (CHECKS["error-scenario"], False),
                      "application-health": (CHECKS["health"], False)}
    ws.checks.trust(session.checklist, "automated-tests")
    assert [c.approved for c in ws.checks.declared(session.checklist)] == [True, False, False]
    assert ws.checks.run(session, "automated-tests")[1].passed and runs_made(ws) == 1


def test_a_command_changed_by_a_git_pull_asks_again(tmp_path: Path, repo):
    clone = git.Repo.clone_from(repo.working_tree_dir, tmp_path / "clone", branch="hotfix/login-crash")
    ws = workspace(Path(clone.working_tree_dir or ""))
    session = ws.create("s")
    ws.checks.trust(session.checklist)
    session, result = ws.checks.run(session, "automated-tests")
    assert result.passed and runs_made(ws) == 1
    commit(repo, "Run the tests verbosely",
           {".hotfix/config.toml": config_toml({**CHECKS, "tests": "echo ran >> runs.txt; pytest -v"})})
    clone.git.pull("-q")
    with pytest.raises(UntrustedCommand, match="its command changed since you approved it") as refused:
        ws.checks.run(session, "automated-tests")
    assert refused.value.changed and "\n" not in str(refused.value)
    assert runs_made(ws) == 1
    changed = [c for c in ws.checks.declared(session.checklist) if c.item.id == "automated-tests"]
    assert (changed[0].approved, changed[0].changed) == (False, True)


def test_a_check_the_config_lacks_says_so_when_run(tmp_path: Path):
    repo = checks_repo(tmp_path / "repo", {"tests": "true"})
    ws = workspace(Path(repo.working_tree_dir or ""))
    session = ws.create("s")
    with pytest.raises(CheckError, match=r"config\.toml: no check 'health', which item "
                                         r"'application-health' \(Application Health\) runs"):
        ws.checks.run(session, "application-health")
    missing = {c.item.id: c.problem is not None for c in ws.checks.declared(session.checklist)}
    assert missing == {"automated-tests": False, "error-scenario": True, "application-health": True}
    with pytest.raises(ValueInputError, match="has no check to run"):
        ws.checks.prepare(session, "root-cause")


def test_a_secret_a_command_prints_is_masked_in_the_session_the_log_and_the_body(tmp_path: Path):
    token = "ghp_" + "0" * 35 + "7"
    printing = ("printf 'token ghp_%036d\\n' 7; "
                "printf -- '-----BEGIN %s PRIVATE KEY-----\\nMIIE%s\\n-----END %s PRIVATE KEY-----\\n' "
                "RSA secretkeybody RSA")
    repo = checks_repo(tmp_path / "repo", {"tests": printing, "error-scenario": printing})
    ws = workspace(Path(repo.working_tree_dir or ""))
    ws.checks.trust(ws.checklist("hotfix"))
    session = ws.create("s")
    for item_id in ("automated-tests", "error-scenario"):
        session, result = ws.checks.run(session, item_id)
        assert result.passed and f"token {token}" in result.tail
    body = pr_body(session)
    kept = {"session": ws.session_path("s").read_text(), "log": event_files(ws, "s"), "body": body,
            "status": json.dumps(status_data(ws.load("s")))}
    for where, text in kept.items():
        assert token not in text and "MIIEsecretkeybody" not in text, where
    assert "[masked: a GitHub token]" in body and "[masked: a private key]" in kept["log"]


def test_run_all_takes_every_check_not_yet_passed_and_stale_those_older_than_a_commit(ws, repo):
    session = ws.create("s")
    names = lambda items: [item.id for item in items]  # noqa: E731
    assert names(ws.checks.to_run(session)) == ["automated-tests", "error-scenario", "application-health"]
    session, _ = ws.checks.run(session, "automated-tests")
    session = ws.set_value(session, "error-scenario", True)  # ticked by hand: no evidence
    session = ws.save(ws.mark_na(session, "application-health", "No deploy yet"))
    assert names(ws.checks.to_run(session)) == ["error-scenario"]
    assert ws.checks.to_run(session, stale=True) == []
    later = session.state("automated-tests").updated_at.timestamp() + 60
    commit(repo, "Fix the crash properly", {"app.py": "print('fixed')\n"}, when=f"@{int(later)} +0000")
    assert names(ws.checks.to_run(session, stale=True)) == ["automated-tests", "error-scenario"]


def test_nothing_runs_when_a_session_is_opened_or_exported(ws):
    session = ws.create("s")
    ws.load("s")
    pr_body(session)
    status_data(session)
    ws.checks.declared(session.checklist)
    assert runs_made(ws) == 0


def test_a_check_folder_must_stay_inside_the_repo(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    repo = checks_repo(tmp_path / "repo", {})
    root = Path(repo.working_tree_dir or "")
    (root / "api").symlink_to(outside)
    (root / ".hotfix" / "config.toml").write_text('[checks.tests]\nrun = "pwd"\ncwd = "api"\n'
                                                  '[checks.error-scenario]\nrun = "pwd"\ncwd = "gone"\n')
    ws = workspace(root)
    ws.checks.trust(ws.checklist("hotfix"))
    session = ws.create("s")
    with pytest.raises(CheckError, match="leads out of the repo"):
        ws.checks.run(session, "automated-tests")
    with pytest.raises(CheckError, match="does not exist"):
        ws.checks.run(session, "error-scenario")


def test_a_health_check_retries_until_the_service_answers_and_a_cancel_changes_nothing(tmp_path: Path):
    repo = checks_repo(tmp_path / "repo", {})
    root = Path(repo.working_tree_dir or "")
    (root / ".hotfix" / "config.toml").write_text(
        "[checks.health]\nrun = \"cat status 2>/dev/null || echo 'connection refused'\"\n"
        "timeout = 60\nretry_every = 0.1\nexpect = '^ok$'\n"
        "[checks.tests]\nrun = \"echo started; sleep 300\"\n")
    ws = workspace(root)
    ws.checks.trust(ws.checklist("hotfix"))
    session = ws.set_value(ws.create("s"), "automated-tests", True)

    def rollout(line: str) -> None:
        if line == "connection refused":
            (root / "status").write_text("ok\n")  # the new version comes up

    session, result = ws.checks.run(session, "application-health", rollout)
    assert result.passed and result.attempts == 2
    assert evidence(session, session.checklist.item("application-health")).excerpt == "ok"
    cancel = threading.Event()
    session, result = ws.checks.run(session, "automated-tests",
                                   lambda line: cancel.set() if line == "started" else None, cancel)
    item = session.checklist.item("automated-tests")
    assert result.outcome == "cancelled" and session.value(item) is True
    status = check_status(session, item)
    assert (status.state, status.last.note, status.evidence) == ("cancelled", None, None)
    logged = [describe(e, session) for e in session.events if e.event in RUN_EVENTS]
    assert logged[0].startswith("ran Application Health (cat status 2>/dev/null || echo "
                                "'connection refused'): passed: exit status 0, ")
    assert logged[1].startswith("ran Automated Tests (echo started; sleep 300): cancelled, ")
    assert logged[1].endswith(" s") and ": cancelled:" not in logged[1]


def test_a_tick_by_hand_after_a_new_commit_no_longer_carries_the_old_run(ws, repo):
    """Re-ticking a stale box by hand clears its stale mark; the run made on the older
    code must then stop speaking for it in the PR body."""
    session, _ = ws.checks.run(ws.create("s"), "automated-tests")
    later = session.state("automated-tests").updated_at.timestamp() + 60
    commit(repo, "Fix the crash properly", {"app.py": "print('fixed')\n"}, when=f"@{int(later)} +0000")
    assert [item.id for item in ws.stale_items(session)] == ["automated-tests"]
    session = ws.set_value(session, "automated-tests", True)  # "I checked, it is fine"
    item = session.checklist.item("automated-tests")
    assert evidence(session, item) is None
    assert "- [x] **Automated Tests**: All existing tests pass\n- [ ]" in pr_body(session)
    assert [i.id for i in ws.checks.to_run(session)] == ["automated-tests", "error-scenario",
                                                          "application-health"]


def test_an_approval_file_that_came_through_git_approves_nothing(tmp_path: Path, repo):
    """Approvals live in the clone's git folder: a copy committed under .hotfix/ (say with
    `git add -f .hotfix/.local/`) arrives in other clones as a plain file, trusted by none."""
    ws = workspace(Path(repo.working_tree_dir or ""))
    ws.checks.trust(ws.checklist("hotfix"))
    approved = ws.layout.trusted_commands
    assert approved.is_relative_to(Path(repo.git_dir))
    other = tmp_path / "other"
    git.Repo.clone_from(repo.working_tree_dir, other)
    (other / ".hotfix" / ".local").mkdir(parents=True)
    (other / ".hotfix" / ".local" / "trusted-commands.toml").write_bytes(approved.read_bytes())
    other_ws = workspace(other)
    assert not other_ws.layout.trusted_commands.exists()
    with pytest.raises(UntrustedCommand):
        other_ws.checks.prepare(other_ws.create("s"), "automated-tests")
