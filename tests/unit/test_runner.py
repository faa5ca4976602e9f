"""Running a check: real shell commands in their own process group. Exit status and
`expect` decide; retry until it passes; timeout and cancel end the whole group, children
included; the full output goes to the log file and a bounded tail stays in memory."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from hotfix_tui.core.checks.runner import CANCELLED, FAILED, PASSED, TAIL_LINES, TIMED_OUT, run_command
from hotfix_tui.core.errors import CheckError
from hotfix_tui.core.model.check import CheckSpec
from hotfix_tui.core.model.evidence import EXCERPT_CHARS, EXCERPT_LINES, excerpt
from tests.checkrepos import alive

# Starts a child that sleeps (and ignores SIGTERM, so only SIGKILL ends it), tells its pid,
# then waits for it: the shell itself ends on SIGTERM.
SLEEPING_CHILD = ("sh -c 'trap \"\" TERM; exec sleep 300' & echo $! > child.pid; "
                  "echo started; wait")


def test_a_command_that_exits_0_passes_and_streams_its_lines(tmp_path: Path):
    seen: list[str] = []
    log = tmp_path / "runs" / "a.log"
    result = run_command(CheckSpec("echo one; echo two >&2; echo three"), tmp_path,
                         seen.append, log_path=log)
    assert (result.outcome, result.exit_status, result.reason, result.attempts) == (PASSED, 0, "", 1)
    assert seen[:3] == ["one", "two", "three"] and result.tail == ("one", "two", "three")
    assert result.duration >= 0 and result.log_path == log
    assert log.read_text().splitlines()[2:5] == ["one", "two", "three"]


def test_a_failing_command_says_why(tmp_path: Path):
    result = run_command(CheckSpec("echo broken; exit 3"), tmp_path)
    assert (result.outcome, result.exit_status, result.reason) == (FAILED, 3, "exit status 3")
    assert not result.passed


def test_expect_needs_a_matching_line_as_well_as_exit_0(tmp_path: Path):
    degraded = run_command(CheckSpec("echo 'status: degraded'", expect=r"status: ok"), tmp_path)
    assert (degraded.outcome, degraded.reason) == (FAILED, "no line of the output matched 'status: ok'")
    assert run_command(CheckSpec("echo 'status: ok'", expect=r"^status: ok$"), tmp_path).passed


def test_it_runs_in_its_working_folder(tmp_path: Path):
    (tmp_path / "api").mkdir()
    assert run_command(CheckSpec("pwd"), tmp_path / "api").tail == (str(tmp_path / "api"),)


def test_a_timeout_ends_the_whole_process_group(tmp_path: Path):
    result = run_command(CheckSpec(SLEEPING_CHILD, timeout=1), tmp_path)
    child = int((tmp_path / "child.pid").read_text())
    assert (result.outcome, result.exit_status, result.reason) == (TIMED_OUT, None, "timed out after 1 s")
    assert not alive(child)


def test_cancel_from_another_thread_ends_the_whole_group(tmp_path: Path):
    cancel = threading.Event()

    def on_output(line: str) -> None:
        if line == "started":
            cancel.set()  # from the reader thread, as a UI's cancel key would

    result = run_command(CheckSpec(SLEEPING_CHILD), tmp_path, on_output, cancel)
    assert (result.outcome, result.reason) == (CANCELLED, "cancelled")
    assert not alive(int((tmp_path / "child.pid").read_text()))


def test_what_a_passing_command_leaves_running_is_ended(tmp_path: Path):
    result = run_command(CheckSpec("sleep 300 & echo $! > child.pid; echo done"), tmp_path)
    assert result.passed
    assert not alive(int((tmp_path / "child.pid").read_text()))


def test_retry_every_passes_once_the_file_appears(tmp_path: Path):
    spec = CheckSpec("if [ -f ready ]; then echo up; else echo 'not ready'; exit 1; fi",
                     timeout=60, retry_every=0.1)

    def on_output(line: str) -> None:
        if line == "not ready":
            (tmp_path / "ready").touch()  # the service comes up after the first attempt

    result = run_command(spec, tmp_path, on_output)
    assert (result.outcome, result.attempts, result.tail) == (PASSED, 2, ("up",))


def test_retrying_stops_at_the_timeout_and_says_what_the_last_attempt_did(tmp_path: Path):
    result = run_command(CheckSpec("exit 7", timeout=1, retry_every=0.3), tmp_path)
    assert result.outcome == TIMED_OUT and result.attempts >= 2
    assert result.reason.startswith("timed out after 1 s (") and "the last: exit status 7" in result.reason


def test_cancel_during_the_wait_between_attempts(tmp_path: Path):
    cancel = threading.Event()
    result = run_command(CheckSpec("exit 1", timeout=600, retry_every=300), tmp_path,
                         lambda line: cancel.set() if line.startswith("-- not yet") else None,
                         cancel)
    assert (result.outcome, result.attempts) == (CANCELLED, 1)


def test_long_output_is_kept_whole_in_the_log_and_bounded_in_memory(tmp_path: Path):
    log = tmp_path / "big.log"
    result = run_command(CheckSpec("seq 1 20000; printf 'x%.0s' $(seq 1 5000); echo"), tmp_path,
                         log_path=log)
    assert len(result.tail) == TAIL_LINES
    assert "20000\n" in log.read_text() and log.read_text().count("\n") > 20000
    kept = excerpt(result.tail)
    assert len(kept) <= EXCERPT_CHARS and len(kept.split("\n")) <= EXCERPT_LINES
    assert kept.split("\n")[-2] == "20000" and kept.endswith("…")


def test_a_missing_shell_folder_is_one_line(tmp_path: Path):
    with pytest.raises(CheckError, match="cannot run"):
        run_command(CheckSpec("true"), tmp_path / "missing")


def test_the_excerpt_drops_terminal_escapes_and_masks_secrets():
    token = "ghp_" + "a" * 36
    lines = ["\x1b[32mok\x1b[0m", "progress 10%\rprogress 100%", f"token {token}",
             "-----BEGIN RSA PRIVATE KEY-----", "MIIEsecretbody", "-----END RSA PRIVATE KEY-----"]
    assert excerpt(lines) == ("ok\nprogress 100%\ntoken [masked: a GitHub token]\n"
                              "[masked: a private key]")
