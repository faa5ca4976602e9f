"""Under a box that runs a check: its last run (what failed, or the evidence its tick
carries), or, while it runs, the time it has taken and the last lines of its output."""

from __future__ import annotations

import threading
import time
from collections import deque

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Static

from hotfix_tui.core.model.checklist import Item
from hotfix_tui.core.model.events import CHECK_FAILED, CHECK_PASSED, Event
from hotfix_tui.core.model.evidence import ANSI, CheckStatus, format_duration, summary
from hotfix_tui.tui.text import plain

TAIL_SHOWN = 5  # output lines shown while a check runs
LINE_CHARS = 200  # a line longer than this is cut (the log keeps it whole)
REDRAW = 0.25  # seconds between redraws of a running check: output may come far faster


class LiveTail:
    """The last lines of a running check's output: written by the runner's reader
    thread, read by the panel's timer on the UI thread."""

    def __init__(self, size: int = TAIL_SHOWN) -> None:
        self._lines: deque[str] = deque(maxlen=size)
        self._lock = threading.Lock()
        self.count = 0

    def add(self, line: str) -> None:
        with self._lock:
            self._lines.append(ANSI.sub("", line)[:LINE_CHARS])  # colours, cursor moves
            self.count += 1

    def lines(self) -> tuple[int, tuple[str, ...]]:
        """How many lines came so far, and the last of them."""
        with self._lock:
            return self.count, tuple(self._lines)


class CheckPanel(Vertical):
    """The state of one box's check. Idle, it shows `show_status`; running (`start` to
    `stop`), it redraws itself every REDRAW seconds and ignores `show_status`."""

    def __init__(self, item: Item) -> None:
        super().__init__(classes="check-panel")
        self.item = item
        self._shown: Event | None | bool = False  # the run shown (False: none yet)
        self._tail: LiveTail | None = None
        self._started = 0.0
        self._timer: Timer | None = None
        self._drawn: tuple[int, tuple[str, ...]] = (-1, ())

    def compose(self) -> ComposeResult:
        yield Static(plain(self._idle_text(None)), classes="check-status", markup=False)
        yield Static("", classes="check-tail", markup=False)

    @property
    def running(self) -> bool:
        return self._tail is not None

    def show_status(self, status: CheckStatus) -> None:
        """The box's last run, when it changed; nothing while the check runs."""
        if self.running or status.last is self._shown:
            return
        self._shown = status.last
        last = status.last
        self.set_class(last is not None and last.event == CHECK_FAILED, "-failed")
        self.set_class(status.evidence is not None, "-passed")
        self.query_one(".check-status", Static).update(plain(self._idle_text(last)))
        self._show_tail(())

    def _idle_text(self, last: Event | None) -> str:
        if last is None:
            name = f" ({self.item.check})" if self.item.check else ""
            return f"Check{name}: not run yet. r runs it."
        text = f"Last run: {summary(last)}."
        if last.event == CHECK_FAILED and last.excerpt:
            text += "\nLast line: " + last.excerpt.rsplit("\n", 1)[-1]
        if last.event != CHECK_PASSED:
            text += "\nr runs it again."
        return text

    def queued(self) -> None:
        self.query_one(".check-status", Static).update("Waiting for the check before it.")

    def start(self, tail: LiveTail, started: float) -> None:
        """Show a run under way, fed by `tail` (`started`: its time.monotonic())."""
        self._tail, self._started = tail, started
        self._drawn = (-1, ())
        self.set_class(False, "-failed")
        self.set_class(False, "-passed")
        self.add_class("-running")
        self._redraw()
        if self._timer is None:
            self._timer = self.set_interval(REDRAW, self._redraw)

    def stop(self) -> None:
        """The run ended: `show_status` shows how."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._tail = None
        self._shown = False
        self.remove_class("-running")

    def _redraw(self) -> None:
        if self._tail is None:
            return
        elapsed = format_duration(time.monotonic() - self._started)
        self.query_one(".check-status", Static).update(
            f"Running, {elapsed}. r cancels (the palette too).")
        drawn = self._tail.lines()
        if drawn != self._drawn:
            self._drawn = drawn
            self._show_tail(drawn[1])

    def _show_tail(self, lines: tuple[str, ...]) -> None:
        tail = self.query_one(".check-tail", Static)
        tail.display = bool(lines)
        tail.update(plain("\n".join(lines)))
