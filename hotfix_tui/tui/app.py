"""The hotfix app: opens a session, walks its sections, saves every change through the core."""

from __future__ import annotations

import asyncio
import gc
import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import datetime
from functools import partial

from textual import on, work
from textual.app import SystemCommand
from textual.screen import Screen
from textual.timer import Timer

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.exports import ExportPlan, github_size_problem
from hotfix_tui.core.git.repo import RepoSnapshot
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.checklist import Value
from hotfix_tui.core.model.events import merge_events
from hotfix_tui.core.model.merge import merge_states
from hotfix_tui.core.model.record import holder
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.report import describe_age
from hotfix_tui.core.safety.secrets import secrets_in
from hotfix_tui.core.sessions import Saved
from hotfix_tui.core.workspace import Workspace, now
from hotfix_tui.tui.commands import MAIN_COMMANDS
from hotfix_tui.tui.holder import holder_notice, is_someone_else
from hotfix_tui.tui.messages import (
    ItemChanged,
    MarkedNotApplicable,
    PhaseApprovalChanged,
    SectionShown,
)
from hotfix_tui.tui.safe_app import SafeApp
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.start import StartChoice, StartScreen
from hotfix_tui.tui.text import palette_text

# Typing bursts are written once they pause this long; well inside the 300 ms promise.
SAVE_DELAY = 0.1
# A failed save (disk full, read-only folder) is tried again this often until it works.
SAVE_RETRY = 2.0
# How often the session file is checked for changes saved by someone else.
OUTSIDE_CHECK = 1.0


class HotfixApp(SafeApp):
    CSS_PATH = "app.tcss"
    TITLE = "hotfix"

    def __init__(self, workspace: Workspace, session: Session | None, *, new_session: str,
                 choices: list[StartChoice], resumed: bool = False,
                 clock: Callable[[], datetime] = now) -> None:
        super().__init__()
        self.workspace = workspace
        self.session = session
        self.new_session = new_session
        self.choices = choices
        self.resumed = resumed
        self.clock = clock
        self._dirty = False
        self._save_timer: Timer | None = None
        # Saves run in a thread, one at a time; the lock keeps a save made on the UI thread
        # (quit, export) from overlapping one.
        self._saving = False
        self._save_lock = threading.Lock()
        self._save_error: str | None = None
        self._quit_unsaved = False
        self._warned_secrets: set[str] = set()
        # Who this app records changes as, once read (git's user.name loads GitPython).
        self.me: str | None = None
        workspace.warn = self._warn

    # --- opening -----------------------------------------------------------------------

    async def on_mount(self) -> None:
        if self.session is not None:
            await self.open_session(self.session, self.resumed)
        else:
            self.push_screen(StartScreen(self.new_session, self.choices), self._start_chosen)

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
        """Show a session. Awaiting the screen holds back keys typed meanwhile until its
        first field has focus: nothing typed at start-up is dropped."""
        self.session = session
        start = session.checklist.sections[0].id
        if resumed:
            start = self.workspace.load_ui_state(session.name).get("section", start)
        await self.push_screen(MainScreen(session, start))
        self.set_interval(OUTSIDE_CHECK, self._check_outside)
        # The checklist is painted first; git (GitPython's loading holds the interpreter
        # for tens of milliseconds, even in a thread) and the notices come after.
        self.call_after_refresh(self._after_first_paint, session, resumed)

    def _after_first_paint(self, session: Session, resumed: bool) -> None:
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

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    # --- changes and saving ------------------------------------------------------------

    @on(ItemChanged)
    def _item_changed(self, event: ItemChanged) -> None:
        if self.session is None:
            return
        self._warn_of_secrets(event.item_id, event.value)
        self._record(self.workspace.change(self.session, event.item_id, event.value))
        if self.main_screen is not None:
            self.main_screen.checked_again(event.item_id)

    # --- the incident record: N/A, phase approvals, who holds the session ---------------

    @on(MarkedNotApplicable)
    def _marked_na(self, event: MarkedNotApplicable) -> None:
        if self.session is None:
            return
        try:  # a pasted reason may hold what a reason must not (a control character)
            self._record(self.workspace.mark_na(self.session, event.item_id, event.reason))
        except HotfixError as exc:
            self.notify(str(exc), title="Not marked N/A", severity="error", timeout=15)

    @on(PhaseApprovalChanged)
    def _phase_approval_changed(self, event: PhaseApprovalChanged) -> None:
        if self.session is not None:
            self._record(self.workspace.approve_phase(self.session, event.phase_id, event.role,
                                                      event.approved))

    def _record(self, session: Session) -> None:
        """A change made here (typed, N/A, approval, git pre-fill): counted at once,
        saved shortly."""
        self.session = session
        self._dirty = True
        if self.main_screen is not None:
            self.main_screen.show_progress(session)
        self._save_later(SAVE_DELAY)

    def _know_who_i_am(self, me: str) -> None:
        """Say who held the session before, the note and what is left; warn when it is
        someone else's."""
        self.me = me
        if self.session is not None:
            self._announce_holder(self.session)

    def _announce_holder(self, session: Session) -> None:
        self._show_holder(session)
        notice = holder_notice(session, self.me) if self.me is not None else None
        if notice is not None:
            self.notify(notice.message, title=notice.title, severity=notice.severity,
                        timeout=20)

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

    def _warn_of_secrets(self, item_id: str, value: Value) -> None:
        kinds = secrets_in(value)
        if kinds and item_id not in self._warned_secrets:
            self._warned_secrets.add(item_id)
            label = self.session.checklist.item(item_id).label if self.session else item_id
            self.notify(f"{label} looks like it holds {' and '.join(kinds)}. The session file "
                        "is meant to be committed: remove it before you commit.",
                        title="Secret?", severity="warning", timeout=20)

    def _warn(self, message: str) -> None:
        """A warning from the core (what looks like a secret in an N/A reason, in what git
        filled in)."""
        self.notify(message[0].upper() + message[1:], title="Secret?", severity="warning",
                    timeout=20)

    def _save_later(self, delay: float) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(delay, self._save_in_background)

    async def _save_in_background(self) -> None:
        """Save in a thread: a long checklist, a slow disk or another process holding the
        session's lock must not hold up the keys typed meanwhile. What is typed while a
        save runs is saved after it."""
        self._save_timer = None  # this timer's task waits for the save: a change must not stop it
        if self._saving or not self._dirty or self.session is None:
            return
        self._saving = True
        session = self.session
        try:
            result = await asyncio.to_thread(self._save_off_the_ui_thread, session)
        finally:
            self._saving = False
        self._saved(session, result)

    def _save_off_the_ui_thread(self, session: Session) -> Saved | HotfixError:
        with self._save_lock:
            try:
                return self.workspace.save_merged(session)
            except HotfixError as exc:
                return exc

    def _saved(self, session: Session, result: Saved | HotfixError) -> None:
        if isinstance(result, HotfixError):
            if self._dirty:
                self._save_failed(result)
            return
        if self.session is not session and self.session is not None:
            # Changed while it was saved: those changes stay, on top of what was merged in.
            states, from_others = merge_states(session.states, self.session.states,
                                               result.session.states)
            events = merge_events(self.session.events, result.session.events)
            result = Saved(self.session._replace(states=states, events=events), tuple(from_others))
        else:
            self._dirty = False
        self._take_in(result)
        self._save_succeeded()
        if self._dirty:
            self._save_later(SAVE_DELAY)

    def flush(self) -> bool:
        """Write pending changes now, on this thread (quit, export); on failure keep them,
        say so, and try again later."""
        if not self._dirty or self.session is None:
            return True
        with self._save_lock:
            try:
                synced = self.workspace.save_merged(self.session)
            except HotfixError as exc:
                self._save_failed(exc)
                return False
        self._dirty = False
        self._take_in(synced)
        self._save_succeeded()
        return True

    def save_before_crash(self) -> bool:
        return self.flush()

    def _save_failed(self, exc: HotfixError) -> None:
        if str(exc) != self._save_error:
            self.notify(f"{exc}\nYour changes are kept and saving is retried.",
                        title="Not saved", severity="error", timeout=30)
        self._save_error = str(exc)
        self._save_later(SAVE_RETRY)

    def _save_succeeded(self) -> None:
        if self._save_error is not None:
            self._save_error = None
            self.notify("All changes saved.", title="Saved")

    def _check_outside(self) -> None:
        """Show what another process (a colleague's app, a CLI) saved to the session."""
        if self.session is None or self._saving:  # a save takes their changes in anyway
            return
        try:
            synced = self.workspace.sync(self.session)
        except HotfixError as exc:
            self.notify(str(exc), title="Cannot read the session file", severity="error",
                        timeout=10)
            return
        self._take_in(synced)

    def _take_in(self, synced: Saved) -> None:
        before = self.session
        self.session = synced.session
        if before is not None and before.events != self.session.events:
            self._record_changed(before)
        if not synced.from_others:
            return
        if self.main_screen is not None:
            self.main_screen.show_values(self.session)
        changes = []
        for item_id in synced.from_others:
            state = self.session.state(item_id)
            label = (self.session.checklist.item(item_id).label
                     if self.session.checklist.has_item(item_id) else item_id)
            changes.append(f"{label} ({state.updated_by if state else 'someone'})")
        self.notify("Changed elsewhere: " + ", ".join(changes), title="Session updated",
                    timeout=8)

    @on(SectionShown)
    def _section_shown(self, event: SectionShown) -> None:
        if self.session is None:
            return
        # On failure only the starting position next time is lost; values are saved apart.
        with suppress(HotfixError):
            self.workspace.save_ui_state(self.session.name, {"section": event.section_id})

    async def action_quit(self) -> None:
        if self.flush() or self._quit_unsaved:
            self.exit()
            return
        self.notify("Changes could not be saved. Fix the problem, or press ctrl+q again to "
                    "quit and lose them.", severity="error", timeout=30)
        self._quit_unsaved = True

    # --- review and export -------------------------------------------------------------

    def action_review(self) -> None:
        if self.session is not None:
            # Loaded when first opened: its Markdown and highlighting would slow every start.
            from hotfix_tui.tui.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(self.session), self._review_done)

    async def _review_done(self, item_id: str | None) -> None:
        if item_id and self.session is not None and self.main_screen is not None:
            item = self.session.checklist.item(item_id)
            await self.main_screen.show_section(item.section_id, focus_item=item_id)

    def action_export(self) -> None:
        """Write the PR body, and the release notes when a release tag names the version."""
        if self.session is None:
            return
        self.flush()
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
        try:
            done = ws.export(self.session, plan)
        except HotfixError as exc:
            self.notify(str(exc), title="Export failed", severity="error", timeout=15)
            return
        for finding in done.secrets:
            self.notify(f"{finding.where} looks like it holds {finding.kind}: remove it before "
                        "the PR body goes out.", title="Secret?", severity="warning", timeout=20)
        self._take_in(Saved(done.session, ()))
        body = ws.display_path(body_path)
        if notes_path is not None:
            notes = f"Release notes {version}: {ws.display_path(notes_path)}"
        unmet = len(done.session.unmet_required())
        draft = f" (draft: {unmet} required item(s) missing)" if unmet else ""
        self.notify(f"Wrote {body}{draft}\n{notes}\ngh pr create --body-file {body}",
                    title="Exported", timeout=15)
        from hotfix_tui.tui.screens.review import ReviewScreen

        if isinstance(self.screen, ReviewScreen):
            self.screen.show_export(body, notes)

    # --- git: refresh and stale ticks (read off the UI thread) -------------------------

    def action_refresh(self) -> None:
        self.read_git(refresh=True)

    @work(thread=True, exclusive=True, group="git", exit_on_error=False)
    def read_git(self, refresh: bool, announce: bool = True) -> None:
        """Read git in a thread: the screen stays responsive while GitPython works. The
        first read also learns who changes are recorded as (git's user.name loads
        GitPython): here, not on the UI thread by the first key press."""
        session = self.session
        if session is None:
            return
        me = self.workspace.author  # never fails: falls back to the login name
        if self.me is None:
            self.call_from_thread(self._know_who_i_am, me)
        try:
            snapshot = self.workspace.snapshot() if refresh else None
            stale = {item.id for item in self.workspace.stale_items(session)}
        except HotfixError as exc:
            self.call_from_thread(self.notify, str(exc), title="Git", severity="error")
            return
        self.call_from_thread(self._git_read, snapshot, stale, refresh, announce)

    def _git_read(self, snapshot: RepoSnapshot | None, stale: set[str], refresh: bool,
                  announce: bool) -> None:
        if self.session is None:
            return
        if refresh:
            # Applied to the newest session: what was typed meanwhile stays.
            result = self.workspace.prefill_with(self.session, snapshot)
            if result.session != self.session:
                self._record(result.session)
                if self.main_screen is not None:
                    self.main_screen.show_values(self.session)
            labels = [self.session.checklist.item(i).label for i in result.updated]
            kept = [self.session.checklist.item(i).label for i in result.kept]
            message = f"Filled in: {', '.join(labels)}" if labels else "Nothing new from git."
            if kept:
                message += f"\nKept what you typed in: {', '.join(kept)}"
            if announce:
                self.notify(message, title="Refreshed from git")
        if self.main_screen is not None:
            self.main_screen.show_stale(stale)

    def action_copy_body(self) -> None:
        if self.session is not None:
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
        for section in self.session.checklist.sections:
            # The palette reads titles as markup: a section's title is escaped for it.
            title = palette_text(section.title)
            yield SystemCommand(f"Go to: {title}", f"Show the {title} section",
                                partial(screen.show_section, section.id))
        for command in MAIN_COMMANDS:
            if command.action != "app.quit":
                yield SystemCommand(command.title, command.help,
                                    partial(screen.run_action, command.action))


def make_app(workspace: Workspace, session_name: str | None = None,
             checklist: str = "hotfix", clock: Callable[[], datetime] = now) -> HotfixApp:
    """The app for a session: resumed if it exists, else started; when the user has a real
    choice (other sessions or several checklists) a start screen asks first."""
    name = workspace.session_name(session_name)
    if workspace.exists(name):
        return HotfixApp(workspace, workspace.load(name), new_session=name, choices=[],
                         resumed=True, clock=clock)
    others = workspace.session_names()
    checklists = workspace.checklists()
    if session_name or (not others and len(checklists) <= 1) or checklist != "hotfix":
        return HotfixApp(workspace, workspace.create(name, checklist, from_git=False),
                         new_session=name, choices=[], clock=clock)
    choices = [StartChoice("start", ref, f"Start {name} with the {ref} checklist")
               for ref in checklists]
    choices += [StartChoice("resume", other, f"Resume {other}") for other in others]
    return HotfixApp(workspace, None, new_session=name, choices=choices, clock=clock)


def run(workspace: Workspace, session_name: str | None = None, checklist: str = "hotfix") -> int:
    app = make_app(workspace, session_name, checklist)
    # What is loaded by now (modules, the checklist) lives as long as the app: left to the
    # collector, every full pass walks it all again, a pause felt mid-typing.
    gc.freeze()
    app.run()
    if app.saved_before_crash is not None:
        kept = ("what was typed was saved first" if app.saved_before_crash
                else "what was typed since the last save could not be saved")
        print(f"hotfix: the app stopped on an unexpected error (above); {kept}", file=sys.stderr)
    return app.return_code or 0
