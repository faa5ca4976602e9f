"""The app's part that runs boxes' checks: asked for (a key on the box, the palette),
approved once per command in a modal showing it, run one at a time in a worker thread so
typing goes on, shown running under the box, cancellable, and recorded through the
autosave on the newest session, so what was typed meanwhile stays."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING, NamedTuple

from textual import on, work
from textual.app import SystemCommand
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from hotfix_tui.core.errors import HotfixError, UntrustedCommand
from hotfix_tui.core.model.evidence import outcome_words, runs
from hotfix_tui.tui.editing import EditingApp
from hotfix_tui.tui.messages import RunCheckAsked
from hotfix_tui.tui.screens.trust import AskedCommand, TrustScreen
from hotfix_tui.tui.text import palette_text
from hotfix_tui.tui.widgets.check_panel import LiveTail

if TYPE_CHECKING:
    from hotfix_tui.core.checks.runner import RunResult
    from hotfix_tui.core.checks.service import PreparedCheck
    from hotfix_tui.core.workspace import Workspace
    from hotfix_tui.tui.screens.main import MainScreen


class Running(NamedTuple):
    item_id: str
    check: PreparedCheck
    cancel: threading.Event
    tail: LiveTail
    started: float  # time.monotonic()


class CheckRunsApp(EditingApp):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self.running: Running | None = None
        self.queued: deque[str] = deque()
        self._worker: Worker[None] | None = None

    @on(RunCheckAsked)
    def _run_asked(self, event: RunCheckAsked) -> None:
        if self.running is not None and self.running.item_id == event.item_id:
            self.cancel_check()
        else:
            self.run_checks([event.item_id])

    def run_all_checks(self) -> None:
        """Every declared check not yet passed, that the config defines."""
        if self.session is None:
            return
        try:
            declared = self.workspace.checks.declared(self.session.checklist)
        except HotfixError as exc:
            self.notify(str(exc), title="Cannot run checks", severity="error", timeout=15,
                        markup=False)
            return
        undefined = {c.item.id: c.name for c in declared if c.spec is None}
        due = self.workspace.checks.to_run(self.session)
        skipped = [f"{item.label} ({undefined[item.id]})" for item in due if item.id in undefined]
        if skipped:
            self.notify(f"Not in .hotfix/config.toml [checks]: {', '.join(skipped)}",
                        title="Skipped", severity="warning", timeout=10, markup=False)
        chosen = [item.id for item in due if item.id not in undefined]
        if not chosen:
            self.notify("Every check the config defines has passed.", title="Nothing to run")
            return
        self.run_checks(chosen)

    def run_checks(self, item_ids: list[str]) -> None:
        """Queue these boxes' checks, after asking once to approve the commands this clone
        has not approved (one refused or unclear is told, the others still run)."""
        session = self.session
        if session is None:
            return
        busy = set(self.queued) | ({self.running.item_id} if self.running else set())
        ready, asked = [], []  # those to ask about are ready too, run once approved
        for item_id in item_ids:
            if item_id in busy:
                continue
            try:
                self.workspace.checks.prepare(session, item_id)
            except UntrustedCommand as exc:
                label = session.checklist.item(item_id).label
                asked.append((item_id, AskedCommand(label, exc.command, exc.changed)))
            except HotfixError as exc:
                self.notify(str(exc), title="Cannot run the check", severity="error",
                            timeout=15, markup=False)
                continue
            ready.append(item_id)
        if not asked:
            self._queue(ready)
            return

        def answered(approved: bool | None) -> None:
            if approved:
                self._approve(asked)
                self._queue(ready)
            else:
                refused = {item_id for item_id, _ in asked}
                self._queue([item_id for item_id in ready if item_id not in refused])

        self.push_screen(TrustScreen([command for _, command in asked]), answered)

    def _approve(self, asked: list[tuple[str, AskedCommand]]) -> None:
        assert self.session is not None
        for item_id, command in asked:
            try:
                self.workspace.checks.trust(self.session.checklist, item_id, shown=command.command)
            except HotfixError as exc:
                self.notify(str(exc), title="Not approved", severity="error", timeout=15,
                            markup=False)

    def _queue(self, item_ids: list[str]) -> None:
        self.queued.extend(item_ids)
        if self.main_screen is not None:
            for item_id in item_ids:
                self.main_screen.show_check_queued(item_id)
        self._start_next()

    def _start_next(self) -> None:
        while self.running is None and self.queued and self.session is not None:
            item_id = self.queued.popleft()
            try:  # cleared again: the config or an approval may have changed since
                check = self.workspace.checks.prepare(self.session, item_id)
            except HotfixError as exc:
                self.notify(str(exc), title="Not run", severity="error", timeout=15, markup=False)
                if self.main_screen is not None:
                    self.main_screen.show_check_ended(item_id, self.session)
                continue
            self.running = Running(item_id, check, threading.Event(), LiveTail(),
                                   time.monotonic())
            if self.main_screen is not None:
                self.main_screen.show_check_running(item_id, self.running.tail,
                                                    self.running.started)
            self._worker = self._run_in_thread(self.running)

    @work(thread=True, group="checks")
    def _run_in_thread(self, running: Running) -> None:
        try:
            result: RunResult | HotfixError = running.check.run(running.tail.add,
                                                                 running.cancel)
        except HotfixError as exc:  # the shell could not be started, the log not written
            result = exc
        with suppress(RuntimeError):  # the app closed meanwhile: nothing to show it on
            self.call_from_thread(self._run_ended, running, result)

    def _run_ended(self, running: Running, result: RunResult | HotfixError) -> None:
        """Record the run on the newest session (its tick merged with all typed since)."""
        self.running = None
        item_id = running.item_id
        if self.session is None or self.autosave is None:
            return
        label = self.session.checklist.item(item_id).label
        if isinstance(result, HotfixError):
            self.notify(f"{label}: {result}", title="Check not run", severity="error",
                        timeout=15, markup=False)
        else:
            self._record(self.workspace.checks.add(self.session, item_id, result))
            words = outcome_words(runs(self.session, item_id)[-1])
            self.notify(f"{label}: {words}", title="Check", timeout=8,
                        severity="information" if result.passed else "error", markup=False)
        if self.main_screen is not None:
            self.main_screen.show_check_ended(item_id, self.session)
        self._start_next()

    def cancel_check(self) -> None:
        """End the running check's whole process group (it is recorded as cancelled),
        and drop those waiting."""
        waiting = list(self.queued)
        self.queued.clear()
        if self.main_screen is not None and self.session is not None:
            for item_id in waiting:
                self.main_screen.show_check_ended(item_id, self.session)
        if self.running is not None:
            self.running.cancel.set()

    async def end_checks(self) -> None:
        """Cancel the checks (the app is closing) and wait until the running one has
        ended its processes and been recorded as cancelled."""
        self.cancel_check()
        if self._worker is not None:
            with suppress(WorkerCancelled, WorkerFailed):
                await self._worker.wait()

    # --- the palette's entries for checks ----------------------------------------------

    def check_commands(self, screen: MainScreen) -> Iterable[SystemCommand]:
        assert self.session is not None
        if self.running is not None:
            label = palette_text(self.session.checklist.item(self.running.item_id).label)
            yield SystemCommand(f"Cancel check: {label}", "End the running check and all it "
                                "started; nothing is ticked", self.cancel_check)
        checks = [item for item in self.session.checklist.items() if item.has_check]
        for item in checks:
            label = palette_text(item.label)
            yield SystemCommand(f"Run check: {label}", "Run its command (asks first if it is "
                                "not approved here); a pass ticks the box with its evidence",
                                partial(self._run_from_palette, screen, item.id))
        if checks:
            yield SystemCommand("Run all checks", "Run every check the config defines that "
                                "has not passed yet, one after another", self.run_all_checks)

    async def _run_from_palette(self, screen: MainScreen, item_id: str) -> None:
        """Show the box, then run its check: the run is seen where it happens."""
        assert self.session is not None
        await screen.show_section(self.session.checklist.item(item_id).section_id,
                                  focus_item=item_id)
        self.run_checks([item_id])
