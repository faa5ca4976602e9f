"""The approvals a process phase requires (`[[phases]] approvals`), as boxes: ticking one
records who approved and when; the group's border says which are still missing."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox

from hotfix_tui.core.left import approval_section
from hotfix_tui.core.model.checklist import Checklist, Phase, Section, slugify
from hotfix_tui.core.model.record import Approval, phase_approvals
from hotfix_tui.core.model.session import Session
from hotfix_tui.tui.messages import PhaseApprovalChanged
from hotfix_tui.tui.text import plain
from hotfix_tui.tui.widgets.marks import MarkedBox


def hosted_phases(checklist: Checklist, section: Section) -> list[Phase]:
    """The phases whose approvals are asked on this section's screen: each phase's on the
    first section of that phase (the last section's when no section has the phase)."""
    return [phase for phase in checklist.phases
            if phase.approvals and approval_section(checklist, phase) == section.id]


def approval_id(phase: Phase, role: str) -> str:
    return f"approval-{phase.id}-{slugify(role, 'role')}"


class PhaseApprovals(Vertical):
    def __init__(self, phase: Phase, session: Session) -> None:
        super().__init__(id=f"phase-approvals-{phase.id}", classes="group phase-approvals")
        self.phase = phase
        self.session = session
        self.roles = {approval_id(phase, role): role for role in phase.approvals}
        self._shown: dict[str, Approval | None] = {}

    def compose(self) -> ComposeResult:
        for ident, role in self.roles.items():
            yield MarkedBox(plain(role), False, id=ident)

    def on_mount(self) -> None:
        self.border_title = plain(f"{self.phase.title} approvals", lines=False)
        self.show(self.session)

    def show(self, session: Session) -> None:
        self.session = session
        given = {needed.role: needed.approval for needed in phase_approvals(session)
                 if needed.phase.id == self.phase.id}
        missing = [role for role in self.phase.approvals if given.get(role) is None]
        self.border_subtitle = plain(f"missing: {', '.join(missing)}" if missing else "all given",
                                     lines=False)
        self.set_class(bool(missing), "-missing")
        for ident, role in self.roles.items():
            approval = given.get(role)
            if ident in self._shown and self._shown[ident] == approval:
                continue
            self._shown[ident] = approval
            box = self.query_one(f"#{ident}", Checkbox)
            with box.prevent(Checkbox.Changed):
                box.value = approval is not None
            label = plain(role)
            if approval is not None:
                label += plain(f"  approved by {approval.describe()}").stylize("dim")
            box.label = label

    def show_again(self, role: str) -> None:
        """Show the role's box as recorded, whatever was clicked since."""
        self._shown.pop(approval_id(self.phase, role), None)
        self.show(self.session)

    @on(Checkbox.Changed)
    def _changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        role = self.roles.get(event.checkbox.id or "")
        if role is not None:
            self.post_message(PhaseApprovalChanged(self.phase.id, role, event.value))
