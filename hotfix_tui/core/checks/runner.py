"""Running one check: a shell command in a process group of its own, its output streamed
line by line, judged by its exit status (and `expect`), retried every N s until it passes
or the timeout, and cancellable from another thread.

Timeout and cancel end the whole group (SIGTERM, then SIGKILL after a grace period); when
the command ends by itself, what it left running in its group is ended too, so a check
never leaves processes behind. No session, no trust: the caller (service.py) decides what
may run and records what it showed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, NamedTuple

from hotfix_tui.core.errors import CheckError, FileError
from hotfix_tui.core.model.check import CheckSpec

OutputFn = Callable[[str], None]

PASSED, FAILED, TIMED_OUT, CANCELLED = "passed", "failed", "timed-out", "cancelled"
KILL_GRACE = 3.0  # seconds a group has to end after SIGTERM before SIGKILL
POLL = 0.05  # how often a running command is checked for its timeout and a cancel
TAIL_LINES = 60  # lines kept in memory for the excerpt (the log file has them all)
READ_CHUNK = 65536  # a line longer than this arrives in pieces


class RunResult(NamedTuple):
    command: str
    started_at: datetime
    duration: float  # seconds, every attempt and the waits between them
    outcome: str  # PASSED, FAILED, TIMED_OUT or CANCELLED
    exit_status: int | None  # the last attempt's (negative: a signal); None when killed by us
    reason: str  # why it did not pass; "" when it did
    attempts: int
    tail: tuple[str, ...]  # the last attempt's last lines, as printed
    log_path: Path | None  # the full output; None when none was kept

    @property
    def passed(self) -> bool:
        return self.outcome == PASSED


class _Attempt(NamedTuple):
    outcome: str
    exit_status: int | None
    reason: str
    tail: tuple[str, ...]


def run_command(spec: CheckSpec, cwd: Path, on_output: OutputFn | None = None,
                cancel: threading.Event | None = None, log_path: Path | None = None) -> RunResult:
    """Run `spec` in `cwd` until it passes, fails (without `retry_every`), times out or is
    cancelled. `on_output` gets each line of output as it comes, from a reader thread."""
    cancel = cancel or threading.Event()
    started_at = datetime.now().astimezone()
    start = time.monotonic()
    deadline = start + spec.timeout
    log = _Log(log_path, spec, cwd)
    attempts = 0
    try:
        while True:
            attempts += 1
            attempt = _run_once(spec, cwd, deadline, cancel, log, on_output)
            if attempt.outcome != FAILED or spec.retry_every is None:
                break
            wait = min(spec.retry_every, deadline - time.monotonic())
            log.line(f"-- not yet ({attempt.reason}); trying again in {spec.retry_every:g} s",
                     on_output)
            if wait <= 0 or cancel.wait(wait) or time.monotonic() >= deadline:
                outcome = CANCELLED if cancel.is_set() else TIMED_OUT
                reason = ("cancelled" if outcome == CANCELLED else
                          f"timed out after {spec.timeout:g} s ({attempts} attempts, the last: "
                          f"{attempt.reason})")
                attempt = attempt._replace(outcome=outcome, reason=reason)
                break
        result = RunResult(spec.run, started_at, round(time.monotonic() - start, 3),
                           attempt.outcome, attempt.exit_status, attempt.reason, attempts,
                           attempt.tail, log.path)
        log.line(f"-- {result.outcome}" + (f": {result.reason}" if result.reason else ""), None)
    finally:
        log.close()
    return result._replace(log_path=log.path)


def _run_once(spec: CheckSpec, cwd: Path, deadline: float, cancel: threading.Event,
              log: _Log, on_output: OutputFn | None) -> _Attempt:
    try:
        proc = subprocess.Popen(spec.run, shell=True, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                start_new_session=True)
    except OSError as exc:
        raise CheckError(f"{cwd}: cannot run {spec.run!r}: {exc.strerror or exc}") from None
    assert proc.stdout is not None
    tail: deque[str] = deque(maxlen=TAIL_LINES)
    pattern = spec.pattern()
    matched = threading.Event()

    def read(stream: IO[bytes]) -> None:
        for raw in iter(lambda: stream.readline(READ_CHUNK), b""):
            line = raw.decode("utf-8", "replace").removesuffix("\n")
            tail.append(line)
            if pattern is not None and pattern.search(line):
                matched.set()
            log.line(line, on_output)

    reader = threading.Thread(target=read, args=(proc.stdout,), daemon=True)
    reader.start()
    stopped = None
    while proc.poll() is None:
        if cancel.is_set():
            stopped = CANCELLED
        elif time.monotonic() >= deadline:
            stopped = TIMED_OUT
        if stopped:
            _end_group(proc)
            break
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.0, min(POLL, deadline - time.monotonic())))
    _kill_group(proc.pid)  # what the command left running in its group
    reader.join(KILL_GRACE)  # its output ends once every process holding it has ended
    proc.stdout.close()
    lines = tuple(tail)
    if stopped == CANCELLED:
        return _Attempt(CANCELLED, None, "cancelled", lines)
    if stopped == TIMED_OUT:
        return _Attempt(TIMED_OUT, None, f"timed out after {spec.timeout:g} s", lines)
    status = proc.returncode
    if status != 0:
        return _Attempt(FAILED, status, _status_words(status), lines)
    if pattern is not None and not matched.is_set():
        return _Attempt(FAILED, status, f"no line of the output matched {spec.expect!r}", lines)
    return _Attempt(PASSED, status, "", lines)


def _status_words(status: int) -> str:
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = str(-status)
        return f"killed by {name}"
    return f"exit status {status}"


def _end_group(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the whole group, then SIGKILL to whatever is left after KILL_GRACE."""
    _signal_group(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=KILL_GRACE)
    _kill_group(proc.pid)
    proc.wait()


def _kill_group(pgid: int) -> None:
    """SIGKILL the group and wait (at most KILL_GRACE) until none of it runs any more, so
    that when a run returns its processes are gone, not merely signalled."""
    _signal_group(pgid, signal.SIGKILL)
    deadline = time.monotonic() + KILL_GRACE
    while _group_runs(pgid) and time.monotonic() < deadline:
        time.sleep(POLL / 10)


def _group_runs(pgid: int) -> bool:
    """Whether a process of the group still runs. A zombie (ended, waiting for whoever
    adopted it to reap it) does not; where /proc shows none, any member counts."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if fields[2] == str(pgid) and fields[0] != "Z":  # state, ppid, pgrp
            return True
    return False


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):  # the group has ended
        os.killpg(pgid, sig)


class _Log:
    """The full output of a run, written as it comes (the reader thread writes, the
    runner adds its own lines between attempts, never at the same time)."""

    def __init__(self, path: Path | None, spec: CheckSpec, cwd: Path) -> None:
        self.path = path
        self.file: IO[str] | None = None
        self.lock = threading.Lock()
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.file = path.open("w", encoding="utf-8", errors="replace")
            self.file.write(f"$ {spec.run}\n# in {cwd}\n")
        except OSError as exc:
            raise FileError(f"{path}: cannot keep the run's output: {exc.strerror or exc}") from None

    def line(self, text: str, on_output: OutputFn | None) -> None:
        with self.lock:
            if self.file is not None:
                try:
                    self.file.write(text + "\n")
                except OSError:
                    self._drop()  # a full disk costs the local copy, never the run
        if on_output is not None:
            on_output(text)

    def _drop(self) -> None:
        if self.file is not None:
            with contextlib.suppress(OSError):
                self.file.close()
        self.file, self.path = None, None

    def close(self) -> None:
        with self.lock:
            if self.file is not None:
                try:
                    self.file.close()
                except OSError:
                    self.path = None
                self.file = None
