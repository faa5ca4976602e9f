"""What is left to do in a session, most pressing first: required items not done, ticks a
newer code commit made stale, approvals the process phases still need, then optional items
still open. The app's review lists it; `hotfix status --left` prints it.

Pure: the session and the ticks git found stale in (`Workspace.stale_items`), a list out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple, TypeAlias

from hotfix_tui.core.model.checklist import Checklist, Item, Phase, Section
from hotfix_tui.core.model.record import phase_approvals
from hotfix_tui.core.model.session import Session

LeftKind: TypeAlias = Literal["required", "stale", "approval", "optional"]
# The order entries are listed in: what blocks the merge first.
KINDS: tuple[LeftKind, ...] = ("required", "stale", "approval", "optional")


class Left(NamedTuple):
    """One thing left. For an item: its id and label; for an approval: the phase's id,
    `role` the role still to approve and `label` says both."""

    kind: LeftKind
    section_id: str
    id: str
    label: str
    role: str = ""
    required: bool = True  # whether it stands in the way of the merge

    @property
    def is_approval(self) -> bool:
        return self.kind == "approval"


def approval_section(checklist: Checklist, phase: Phase) -> str:
    """The section whose screen asks a phase's approvals: the first section of that phase,
    else the last section."""
    host = next((s for s in checklist.sections if s.phase == phase.id), checklist.sections[-1])
    return host.id


def what_is_left(session: Session, stale: Sequence[Item] = ()) -> list[Left]:
    """Everything left, in `KINDS` order, each kind in checklist order. A stale tick is
    listed once, as stale, whether required or not."""
    stale_ids = {item.id for item in stale}
    items = session.checklist.items()
    found = [_item("required", item) for item in items
             if item.required and not session.is_done(item)]
    found += [_item("stale", item) for item in items if item.id in stale_ids]
    for needed in phase_approvals(session):
        if needed.approval is None:
            phase = needed.phase
            found.append(Left("approval", approval_section(session.checklist, phase), phase.id,
                              f"{phase.title}: approval by {needed.role}", role=needed.role))
    found += [_item("optional", item) for item in items
              if not item.required and item.id not in stale_ids and not session.is_done(item)]
    return found


def _item(kind: LeftKind, item: Item) -> Left:
    return Left(kind, item.section_id, item.id, item.label, required=item.required)


def open_boxes(session: Session, section: Section) -> list[Item]:
    """The boxes of a section (its subsections' included) still open: what marking the
    section N/A at once would mark. Approval boxes are never among them: an approval is
    given or not, it does not fail to apply."""
    return [item for item in section.items()
            if item.kind == "check" and not item.approval and not session.is_done(item)]


def group_of(checklist: Checklist, item: Item) -> Section:
    """The group an item is in: its subsection, else its section."""
    section = checklist.section(item.section_id)
    found = [section]
    while found and item.group_id is not None:
        current = found.pop()
        if current.id == item.group_id:
            return current
        found.extend(current.subsections)
    return section
