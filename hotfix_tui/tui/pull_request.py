"""The app's part that keeps the session's pull request in step: on demand, and every
minute and after each export while the user has that turned on.

The sync runs in a thread, on the session as saved (everything typed is saved first);
what it brings in from the PR reaches the screen as a change saved by another writer,
merged item by item with what is typed meanwhile. A failure is one notice, updated
rather than stacked, and leaves the session as it was.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual.timer import Timer

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.editing import EditingApp
from hotfix_tui.tui.notices import Severity

if TYPE_CHECKING:  # the sync's modules load with the first sync
    from hotfix_tui.core.pr_sync import PrSync
    from hotfix_tui.core.storage.pr_record import PrRecord

EVERY = 60.0  # seconds between syncs while "every minute" is on


def pr_status(record: PrRecord | None) -> str | None:
    """The header's words for the session's PR: `PR #12 · in step 14:05`."""
    if record is None:
        return None
    return f"PR #{record.number} · in step {record.synced_at.astimezone():%H:%M}"


class PullRequestApp(EditingApp):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self._pr_timer: Timer | None = None  # syncing every minute, while it is on
        self._pr_syncing = False

    @property
    def pr_every_minute(self) -> bool:
        return self._pr_timer is not None

    def show_pr_status(self) -> None:
        """Show the PR the session last synced with (read from the repo alone)."""
        if self.session is None or self.main_screen is None:
            return
        try:
            record = self.workspace.pr_record(self.session)
        except HotfixError:
            record = None  # a broken record: the next sync finds the PR again
        self.main_screen.show_pr(pr_status(record))

    def pr_next_step(self) -> str:
        """What to do with an exported body: sync the PR it belongs to, or open one."""
        record = None
        if self.session is not None:
            with suppress(HotfixError):
                record = self.workspace.pr_record(self.session)
        if record is not None:
            return f"ctrl+o brings PR #{record.number} into step with it"
        return "ctrl+o opens the pull request with it"

    async def action_sync_pr(self) -> None:
        await self.sync_pr_now(announce=True)

    async def sync_pr_now(self, announce: bool) -> None:
        """Save what is typed, then sync in a thread; `announce`: say so even when the two
        were in step already (asked for, not a timed sync)."""
        if self.session is None or self.autosave is None:
            return
        if self._pr_syncing:
            if announce:
                self.notices.show("pr", "A sync with the pull request is under way.",
                                  title="Pull request")
            return
        self.take_pending_edits()
        await self.autosave.flush()
        self._pr_syncing = True
        if announce:
            self.notices.show("pr", "Syncing with the pull request…", title="Pull request")
        self._sync_in_thread(self.session.name, announce)

    def _sync_in_thread(self, name: str, announce: bool) -> None:
        self.run_worker(lambda: self._sync(name, announce), thread=True, group="pr",
                        exit_on_error=False)

    def _sync(self, name: str, announce: bool) -> None:
        from hotfix_tui.core.pr_sync import sync_saved

        try:
            result = sync_saved(self.workspace, name)
        except HotfixError as exc:
            self.call_from_thread(self._pr_failed, exc)
            return
        self.call_from_thread(self._pr_synced, result, announce)

    def _pr_synced(self, result: PrSync, announce: bool) -> None:
        from hotfix_tui.core.pr_sync import pr_summary

        self._pr_syncing = False
        if self.autosave is not None:  # what came from the PR, onto the screen
            self.call_later(self.autosave.check_outside)
        self.show_pr_status()
        news = result.created or result.pulled or result.body_pushed or result.conflicts
        if announce or news or self.notices.showing("pr"):
            severity: Severity = "warning" if result.conflicts else "information"
            self.notices.show("pr", "\n".join(pr_summary(result)), title=result.reference,
                              severity=severity, timeout=15)

    def _pr_failed(self, exc: HotfixError) -> None:
        self._pr_syncing = False
        self.notices.show("pr", f"{exc}\nThe session is as it was; ctrl+o tries again.",
                          title="Pull request not synced", severity="error", timeout=20)

    async def action_toggle_pr_every_minute(self) -> None:
        if self._pr_timer is None:
            self._pr_timer = self.set_interval(EVERY, self._timed_sync)
            self.notices.show("pr-every-minute", "The pull request is synced every minute "
                              "and after each export, while the app is open.",
                              title="Pull request")
            await self.sync_pr_now(announce=False)
        else:
            self._pr_timer.stop()
            self._pr_timer = None
            self.notices.show("pr-every-minute", "The pull request is synced only when you ask "
                              "(ctrl+o).",
                              title="Pull request")

    async def _timed_sync(self) -> None:
        await self.sync_pr_now(announce=False)

    async def exported(self) -> None:
        """After an export from the app: sync too, while syncing every minute is on."""
        if self.pr_every_minute:
            await self.sync_pr_now(announce=False)
