"""The hotfix app: opens a session, walks its sections, saves every change through the core."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import SystemCommand
from textual.screen import Screen

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.model.record import holder
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.report import describe_age
from hotfix_tui.core.sessions import Saved
from hotfix_tui.core.workspace import Workspace, now
from hotfix_tui.tui.autosave import LOCK_WAIT, Autosave
from hotfix_tui.tui.branch_watch import BranchWatch
from hotfix_tui.tui.check_runs import CheckRunsApp
from hotfix_tui.tui.commands import APP_COMMANDS, MAIN_COMMANDS, bindings
from hotfix_tui.tui.git_reading import GitReadingApp
from hotfix_tui.tui.holder import holder_notice, is_someone_else
from hotfix_tui.tui.memory import Memory
from hotfix_tui.tui.messages import ChecklistShown, SectionShown
from hotfix_tui.tui.palette import go_to_commands
from hotfix_tui.tui.pull_request import PullRequestApp
from hotfix_tui.tui.screens.main import STYLESHEETS as MAIN_STYLESHEETS
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.start import StartChoice, StartScreen

if TYPE_CHECKING:
    from hotfix_tui.core.left import Left

# How often the session file is checked for changes saved by someone else.
OUTSIDE_CHECK = 1.0


class HotfixApp(PullRequestApp, CheckRunsApp, GitReadingApp):
    # The checklist screen's too, so the stylesheet is parsed once, before the first paint
    # (a screen's own CSS_PATH is read when it is pushed, and everything is parsed again).
    CSS_PATH = ["app.tcss", *(f"screens/{name}" for name in MAIN_STYLESHEETS)]
    TITLE = "hotfix"
    BINDINGS = bindings(APP_COMMANDS)

    def __init__(self, workspace: Workspace, session: Session | None, *, new_session: str,
                 choices: list[StartChoice], resumed: bool = False,
                 clock: Callable[[], datetime] = now) -> None:
        super().__init__(workspace)
        self.new_session = new_session
        self.choices = choices
        self.resumed = resumed
        self.clock = clock
        self._session = session
        # The session as last shown: what came in since is news (a handoff, say).
        self._shown = session
        self._quit_unsaved = False
        self.memory: Memory | None = None
        self.branch_watch: BranchWatch | None = None
        workspace.warn = self._warn
        # A session known from the start is the default screen, opened once it is shown;
        # keys typed before its first field has focus wait for it.
        self._open_when_shown = session is not None
        if session is not None:
            self.hold_keys()
            self._start_saving(session)

    def get_default_screen(self) -> Screen[Any]:
        """The checklist itself when the session is known: painted as the app starts,
        not pushed over an empty screen once the app has mounted."""
        if self._session is None:
            return super().get_default_screen()
        return MainScreen(self._session, self._start_section(self._session, self.resumed))

    @property
    def session(self) -> Session | None:
        """The newest session: what the screen shows, saved or about to be."""
        return self.autosave.session if self.autosave is not None else self._session

    # --- opening -----------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.session is None:
            self.push_screen(StartScreen(self.new_session, self.choices), self._start_chosen)

    @on(ChecklistShown)
    async def _checklist_shown(self) -> None:
        if self._open_when_shown and self.session is not None:
            self._open_when_shown = False
            self._opened(self.session, self.resumed)
        await self.release_keys()

    async def _start_chosen(self, choice: StartChoice | None) -> None:
        if choice is None:
            return
        try:
            if choice.action == "resume":
                session, resumed = self.workspace.load(choice.target), True
            else:
                session = self.workspace.create(self.new_session, choice.target,
                                                from_git=False)
                resumed = False
        except HotfixError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", timeout=10)
            self.push_screen(StartScreen(self.new_session, self.choices), self._start_chosen)
            return
        await self.open_session(session, resumed)

    async def open_session(self, session: Session, resumed: bool) -> None:
        """Show a session chosen on the start screen. Awaiting the screen holds back keys
        typed meanwhile until its first field has focus: nothing typed is dropped."""
        self._start_saving(session)
        await self.push_screen(MainScreen(session, self._start_section(session, resumed)))
        self._opened(session, resumed)

    def _start_saving(self, session: Session) -> None:
        store = self.workspace.store
        self.autosave = Autosave(session, partial(store.save, wait=LOCK_WAIT), store.sync,
                                 on_saved=self._take_in, on_failed=self._save_failed)

    def _start_section(self, session: Session, resumed: bool) -> str:
        start = session.checklist.sections[0].id
        self.memory = Memory(self.workspace, session.name, resumed)
        return self.memory.get("section") or start

    def _opened(self, session: Session, resumed: bool) -> None:
        """The checklist is on screen: follow the checkout and others' saves from now."""
        assert self.autosave is not None
        self.show_pr_status()
        self.branch_watch = BranchWatch(self.workspace.checked_out, self.autosave, self.notices)
        self.set_interval(OUTSIDE_CHECK, self._check_outside)
        # The checklist is painted first; git (GitPython's loading holds the interpreter
        # for tens of milliseconds, even in a thread) and the notices come after.
        self.call_after_refresh(self._after_first_paint, session, resumed)

    async def _check_outside(self) -> None:
        """Follow the checkout, then take in what others saved."""
        assert self.autosave is not None and self.branch_watch is not None
        self.branch_watch.check()
        await self.autosave.check_outside()

    def _after_first_paint(self, session: Session, resumed: bool) -> None:
        gc.enable()  # off while the app started (cli/__init__.py)
        # A new session is filled in from git now; and who changes are recorded as is read.
        self.read_git(refresh=not resumed, announce=False)
        if resumed:
            self.notify(self.resume_notice(session), title="Resumed", timeout=6)
        orphans = session.orphans()
        if orphans:
            self.notify(f"{len(orphans)} saved value(s) have no item in this checklist any more: "
                        f"{', '.join(orphans)}. They are kept in the file; see the review.",
                        title="Orphaned values", severity="warning", timeout=15)

    def resume_notice(self, session: Session) -> str:
        last = session.last_change()
        if last is None or last.updated_at is None:
            return f"resumed {session.name} - no changes yet"
        return (f"resumed {session.name} - last change by {last.updated_by}, "
                f"{describe_age(last.updated_at, self.clock())}")

    def know_who_i_am(self, me: str) -> None:
        """Say who held the session before, the note and what is left; warn when it is
        someone else's."""
        super().know_who_i_am(me)
        if self.session is not None:
            self._announce_holder(self.session)

    def _announce_holder(self, session: Session) -> None:
        self._show_holder(session)
        told = self.memory.get("handoff-told") if self.memory is not None else None
        notice = holder_notice(session, self.me, told) if self.me is not None else None
        if notice is not None:
            if self.memory is not None:
                self.memory.remember("handoff-told", notice.handoff)
            self.notices.show("holder", notice.message, title=notice.title,
                              severity=notice.severity, timeout=20)

    def _show_holder(self, session: Session) -> None:
        if self.main_screen is not None:
            mine = self.me is None or not is_someone_else(session, self.me)
            self.main_screen.show_holder(holder(session), someone_else=not mine)

    def _record_changed(self, before: Session) -> None:
        """Events came in from elsewhere: show them, and tell of a new handoff."""
        assert self.session is not None
        if self.main_screen is not None:
            self.main_screen.show_progress(self.session)
        if holder(before) != holder(self.session):
            self._announce_holder(self.session)

    def _refresh_notifications(self) -> None:
        super()._refresh_notifications()
        self.notices.keep_focus_clear()

    def _warn(self, message: str) -> None:
        """A warning from the core (what looks like a secret in an N/A reason, in what git
        filled in)."""
        self.notify(message[0].upper() + message[1:], title="Secret?", severity="warning",
                    timeout=20)

    def save_before_crash(self) -> bool:
        """The app is going down: what was typed is saved now, on this thread, waiting for
        no lock longer than a running save would."""
        self.cancel_check()
        if self.autosave is None:
            return True
        self.take_pending_edits()
        if not self.autosave.dirty:
            return True
        self.workspace.store.save(self.autosave.session, wait=LOCK_WAIT)
        return True

    def _save_failed(self, exc: HotfixError) -> None:
        self.notices.show("save", f"{exc}\nYour changes are kept and saving is retried.",
                          title="Not saved", severity="error", timeout=30)

    def _take_in(self, synced: Saved) -> None:
        """A save or a read of the file is in: show what it brought."""
        before = self._shown
        self._shown = synced.session
        if self.notices.showing("save") and not self.unsaved:
            self.notices.show("save", "All changes saved.", title="Saved", timeout=5)
        if before is not None and before.events != synced.session.events:
            self._record_changed(before)
        session = self.session
        if not synced.from_others or session is None:
            return
        if self.main_screen is not None:
            self.main_screen.show_values(session)
        changes = []
        for item_id in synced.from_others:
            state = session.state(item_id)
            label = (session.checklist.item(item_id).label
                     if session.checklist.has_item(item_id) else item_id)
            changes.append(f"{label} ({state.updated_by if state else 'someone'})")
        self.notify("Changed elsewhere: " + ", ".join(changes), title="Session updated",
                    timeout=8)

    @on(SectionShown)
    def _section_shown(self, event: SectionShown) -> None:
        if self.memory is not None:
            self.memory.remember("section", event.section_id)

    async def flush(self) -> bool:
        """Save every change made so far, now."""
        self.take_pending_edits()
        return self.autosave is None or await self.autosave.flush()

    async def action_quit(self) -> None:
        await self.end_checks()  # a check's processes end with the app, its run recorded
        if self._quit_unsaved or await self.flush():
            if self.autosave is not None:
                self.autosave.stop()
            self.exit()
            return
        why = (self.branch_watch.away_message() if self.branch_watch and self.branch_watch.is_away
               else "Changes could not be saved. Fix the problem.")
        self.notices.show("save", f"{why} Or press ctrl+q again to quit and lose them.",
                          title="Not saved", severity="error", timeout=30)
        self._quit_unsaved = True

    def action_help(self) -> None:
        """The keys of the screen in front, what the marks mean, the focused item's id."""
        from hotfix_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen.of(self.screen))

    # --- review and export -------------------------------------------------------------

    def action_review(self) -> None:
        if self.session is not None:
            from hotfix_tui.tui.screens.review import ReviewScreen

            checklist = self.session.checklist
            stale = self.main_screen.stale if self.main_screen is not None else set()
            self.push_screen(ReviewScreen(self.session, [checklist.item(item_id) for item_id
                                                         in stale if checklist.has_item(item_id)]),
                             self._review_done)

    def action_timeline(self) -> None:
        if self.session is not None:
            from hotfix_tui.tui.screens.timeline import TimelineScreen  # loaded when first opened

            self.push_screen(TimelineScreen(self.session))

    async def _review_done(self, entry: Left | None) -> None:
        if entry is not None and self.main_screen is not None:
            await self.main_screen.show_left(entry)

    async def action_export(self) -> None:
        """Write the PR body, and the release notes when a release tag names the version."""
        if self.session is None or self.autosave is None:
            return
        if self.branch_watch is not None and self.branch_watch.is_away:
            self.notices.show("branch", self.branch_watch.away_message(), title="Not exported",
                              severity="warning", timeout=15)
            return
        await self.flush()
        from hotfix_tui.core.exports import ExportPlan  # the renderer: not needed to start

        ws = self.workspace
        try:
            version: str | None = ws.release_version()
            notes = ""
        except HotfixError as exc:
            version, notes = None, f"No release notes: {exc}"
        body_path = ws.out_path(self.session, "pr-body")
        notes_path = ws.out_path(self.session, "release-notes") if version else None
        # What looks like a secret is exported (to a git-ignored folder) with a warning.
        plan = ExportPlan(pr_body=body_path, release_notes=notes_path, version=version,
                          draft=True, allow_secret=True)
        done_for = self.session
        try:
            done = await self.autosave.exclusive(partial(ws.export, done_for, plan))
        except HotfixError as exc:
            self.notify(str(exc), title="Export failed", severity="error", timeout=15)
            return
        if self.session is done_for:
            self.autosave.adopt(done.session)
        for finding in done.secrets:
            self.notify(f"{finding.where} looks like it holds {finding.kind}: remove it before "
                        "the PR body goes out.", title="Secret?", severity="warning", timeout=20)
        self._take_in(Saved(done.session, ()))
        body = ws.display_path(body_path)
        if notes_path is not None:
            notes = f"Release notes {version}: {ws.display_path(notes_path)}"
        unmet = len(done.session.unmet_required())
        draft = f" (draft: {unmet} required item(s) missing)" if unmet else ""
        self.notify(f"Wrote {body}{draft}\n{notes}\n{self.pr_next_step()}",
                    title="Exported", timeout=15)
        from hotfix_tui.tui.screens.review import ReviewScreen

        if isinstance(self.screen, ReviewScreen):
            self.screen.show_export(body, notes)
        await self.exported()

    def action_copy_body(self) -> None:
        if self.session is not None:
            from hotfix_tui.core.export_guards import github_size_problem
            from hotfix_tui.core.markdown.render import pr_body

            body = pr_body(self.session)
            self.copy_to_clipboard(body)
            problem = github_size_problem(self.session, body)
            if problem is not None:
                self.notify(f"Copied, but GitHub will refuse it: {problem}.", severity="warning",
                            timeout=20)
            else:
                self.notify("PR body copied to the clipboard.")

    # --- command palette ---------------------------------------------------------------

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not isinstance(screen, MainScreen) or self.session is None:
            return
        yield from go_to_commands(self.session, screen)
        for command in (*MAIN_COMMANDS, APP_COMMANDS[0]):
            if command.action not in ("app.quit", "run_check"):
                yield SystemCommand(command.title, command.help,
                                    partial(screen.run_action, command.action))
        yield from self.check_commands(screen)
