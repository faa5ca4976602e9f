"""What the app holds to whatever the files it shows hold: notices are plain text, nothing
painted acts on the terminal, and an error nothing caught neither loses what was typed nor
passes for a clean exit."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import App
from textual.filter import LineFilter
from textual.notifications import SeverityLevel
from textual.worker import Worker, WorkerState

from hotfix_tui.core.safety.terminal import shown
from hotfix_tui.tui.text import TerminalSafeFilter


class SafeApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self._terminal_safe = TerminalSafeFilter()
        # After a crash: whether what was typed could be saved first (None: no crash).
        self.saved_before_crash: bool | None = None

    def save_before_crash(self) -> bool:
        """Write what is pending, now and without waiting on the event loop (it is going
        down); True when nothing is left unsaved. An app holding nothing has nothing to
        write."""
        return True

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notice is plain text, whatever the caller asks: notices carry names,
        notes, labels and errors quoting files, never to be read as markup."""
        super().notify(shown(message, lines=True), title=shown(title), severity=severity,
                       timeout=timeout, markup=False)

    def get_line_filters(self) -> Sequence[LineFilter]:
        return [*super().get_line_filters(), self._terminal_safe]

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker's unexpected error (git read in a thread) is told, not dropped."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(f"{type(error).__name__}: {error}", title="Unexpected error",
                        severity="error", timeout=30)

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing caught: save what was typed first, then let Textual stop the
        app (exit code 1, its traceback after)."""
        try:
            self.saved_before_crash = self.save_before_crash()
        except Exception:  # the save itself may be what broke: the crash is told either way
            self.saved_before_crash = False
        super()._handle_exception(error)
