"""The app's part that records what the user changes: each edit, tick, N/A and approval
as a change of the session (saved by the autosave), undo and redo of them, and the edits
still on their way when the app must save now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial

from textual import on

from hotfix_tui.core.errors import HotfixError
from hotfix_tui.core.model.checklist import Value
from hotfix_tui.core.model.record import phase_approvals
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.safety.secrets import secrets_in
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.autosave import Autosave
from hotfix_tui.tui.keys import OrderedKeys
from hotfix_tui.tui.messages import (
    ItemChanged,
    MarkedGroupNotApplicable,
    MarkedNotApplicable,
    PhaseApprovalChanged,
    Reconfirmed,
)
from hotfix_tui.tui.notices import Notices
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.undo import UNDO_HINT, History, Shown, Step, describe_step, shown, taken_away


class EditingApp(OrderedKeys):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        # Set once a session is open: keeps it, and saves it.
        self.autosave: Autosave | None = None
        self.notices = Notices(self)
        self.history = History()
        # Per item, the serial of the last change its field reported that arrived here.
        self._arrived: dict[str, int] = {}
        self._warned_secrets: set[str] = set()

    @property
    def session(self) -> Session | None:
        return self.autosave.session if self.autosave is not None else None

    @property
    def unsaved(self) -> bool:
        return self.autosave is not None and self.autosave.dirty

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    @on(ItemChanged)
    def _item_changed(self, event: ItemChanged) -> None:
        if self.session is None:
            return
        if event.serial <= self._arrived.get(event.item_id, -1):
            return  # taken in already, before a quit or an export
        self._arrived[event.item_id] = event.serial
        item = self.session.checklist.item(event.item_id)
        if item.approval and event.value is True and not self.session.is_done(item):
            self._ask_who_approved(item.label, partial(self._approve_item, item.id))
            return
        self._warn_of_secrets(event.item_id, event.value)
        self._change_item(item.id, Shown(event.value), typing=item.kind != "check"
                          and item.kind != "choice")
        if self.main_screen is not None:
            self.main_screen.checked_again(event.item_id)

    def _ask_who_approved(self, what: str, then: Callable[[str | None], None]
                          | Callable[[str | None], Awaitable[None]]) -> None:
        """An approval is recorded once it is said who gave it: you, unless you type who
        approved on the phone."""
        from hotfix_tui.tui.screens.approval import ApprovalScreen  # loaded when first asked

        self.push_screen(ApprovalScreen(what, self.workspace.author), then)

    async def _approve_item(self, item_id: str, name: str | None) -> None:
        if self.session is None:
            return
        if name is None:  # not approved after all: the box unticked again
            if self.main_screen is not None:
                await self.main_screen.show_item_value(item_id, False)
            return
        self._change_item(item_id, Shown(True, by=name), typing=False)

    # --- the incident record: N/A, phase approvals, who holds the session ---------------

    @on(MarkedNotApplicable)
    def _marked_na(self, event: MarkedNotApplicable) -> None:
        if self.session is None:
            return
        try:  # a pasted reason may hold what a reason must not (a control character)
            self._change_item(event.item_id, Shown(True, event.reason), typing=False)
        except HotfixError as exc:
            self.notify(str(exc), title="Not marked N/A", severity="error", timeout=15)

    @on(MarkedGroupNotApplicable)
    def _marked_group_na(self, event: MarkedGroupNotApplicable) -> None:
        """Boxes marked N/A with one reason: one step to undo."""
        if self.session is None:
            return
        changes = []
        try:
            for item_id in event.item_ids:
                before, after = shown(self.session, item_id), Shown(True, event.reason)
                self._change_item(item_id, after, typing=False, remember=False)
                changes.append((item_id, before, after))
        except HotfixError as exc:
            self.notify(str(exc), title="Not marked N/A", severity="error", timeout=15)
        if changes:
            self.history.items_changed(changes)

    @on(Reconfirmed)
    def _reconfirmed(self, event: Reconfirmed) -> None:
        """A stale tick checked again: a fresh tick by whoever is at the keyboard, now
        (nothing to undo: the box stays ticked)."""
        if self.session is None:
            return
        reason = self.session.na_reason(event.item_id)
        self._record(self.workspace.mark_na(self.session, event.item_id, reason) if reason
                     else self.workspace.change(self.session, event.item_id, True))
        if self.main_screen is not None:
            self.main_screen.checked_again(event.item_id)
        self.notify(f"Re-confirmed: {self.session.checklist.item(event.item_id).label}",
                    markup=False, timeout=3)

    @on(PhaseApprovalChanged)
    def _phase_approval_changed(self, event: PhaseApprovalChanged) -> None:
        """A withdrawal is recorded at once; an approval once it is said who gave it (you,
        unless you type who approved on the phone)."""
        if self.session is None:
            return
        phase_id, role = event.phase_id, event.role
        if not event.approved:
            had = next((given.approval.by for given in phase_approvals(self.session)
                        if given.phase.id == phase_id and given.role == role
                        and given.approval is not None), None)
            self._change_phase(phase_id, role, False)
            self.history.phase_changed(phase_id, role, False, by=had)
            return

        def approved_by(name: str | None) -> None:
            if name is None or self.session is None:
                if self.main_screen is not None:
                    self.main_screen.show_approvals_again(phase_id, role)
                return
            self._change_phase(phase_id, role, True, by=name)
            self.history.phase_changed(phase_id, role, True, by=name)

        phase = next(p for p in self.session.checklist.phases if p.id == phase_id)
        self._ask_who_approved(f"{phase.title}, {role}", approved_by)

    def _change_item(self, item_id: str, after: Shown, typing: bool,
                     remember: bool = True) -> None:
        """Record the user's change of an item (remembered for undo), and say so when it
        took a tick, an N/A or an approval away."""
        session = self.session
        assert session is not None
        before = shown(session, item_id)
        if after.na is not None:
            changed = self.workspace.mark_na(session, item_id, after.na)
        else:
            changed = self.workspace.change(session, item_id, after.value, after.by)
        self._record(changed)
        filled = session.checklist.same_questions.get(item_id, ())
        if filled and self.main_screen is not None:
            self.main_screen.show_values(changed)  # the same question answered elsewhere
        if remember:
            self.history.item_changed(item_id, before, after, typing)
        if (message := taken_away(session.checklist.item(item_id), before, after)) is not None:
            self.notices.show(f"taken-{item_id}", message, title="Taken back?", timeout=8)

    def _change_phase(self, phase_id: str, role: str, approved: bool,
                      by: str | None = None) -> None:
        assert self.session is not None
        self._record(self.workspace.approve_phase(self.session, phase_id, role, approved, by))
        if not approved:
            self.notices.show(f"taken-{phase_id}-{role}", f"Withdrew the {role} approval. "
                              f"{UNDO_HINT}", title="Taken back?", timeout=8)

    async def action_undo(self) -> None:
        await self._step(self.history.undo(), back=True)

    async def action_redo(self) -> None:
        await self._step(self.history.redo(), back=False)

    async def _step(self, step: Step | None, back: bool) -> None:
        """Set a step's value back (undo) or again (redo), as a change like any other."""
        if step is None or self.session is None:
            self.notify("Nothing to undo." if back else "Nothing to redo.", timeout=3)
            return
        target = step.before if back else step.after
        for part in step.parts:
            await self._step_item(part, back)
        if step.phase is not None and isinstance(target, bool):
            self._change_phase(*step.phase, target, by=step.by if target else None)
            if self.main_screen is not None:
                self.main_screen.show_progress(self.session)
        elif step.item_id is not None:
            await self._step_item(step, back)
        self.notify(f"{'Undone' if back else 'Redone'}: {describe_step(self.session, step)}",
                    timeout=3, markup=False)

    async def _step_item(self, step: Step, back: bool) -> None:
        target = step.before if back else step.after
        if step.item_id is not None and isinstance(target, Shown):
            self._change_item(step.item_id, target, typing=False, remember=False)
            if self.main_screen is not None:
                await self.main_screen.show_item_value(step.item_id, target.value)

    def _record(self, session: Session) -> None:
        """A change made here (typed, N/A, approval, git pre-fill): counted at once,
        saved shortly."""
        assert self.autosave is not None
        self.autosave.changed(session)
        if self.main_screen is not None:
            self.main_screen.show_progress(session)

    def _warn_of_secrets(self, item_id: str, value: Value) -> None:
        kinds = secrets_in(value)
        if kinds and item_id not in self._warned_secrets:
            self._warned_secrets.add(item_id)
            label = self.session.checklist.item(item_id).label if self.session else item_id
            self.notify(f"{label} looks like it holds {' and '.join(kinds)}. The session file "
                        "is meant to be committed: remove it before you commit.",
                        title="Secret?", severity="warning", timeout=20)

    def take_pending_edits(self) -> None:
        """Record what the editors hold but have not reported yet (the last keys before a
        quit or an export may still be on their way as messages)."""
        if self.main_screen is not None:
            for item_id, value, serial in self.main_screen.pending_edits(self._arrived):
                self._item_changed(ItemChanged(item_id, value, serial))

