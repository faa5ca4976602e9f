"""Messages the app's widgets send up to the app."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from hotfix_tui.core.model.checklist import Value


@dataclass
class ItemChanged(Message):
    """A person changed an item's value in a widget: its `serial`-th change there."""

    item_id: str
    value: Value
    serial: int = 0


@dataclass
class MarkedNotApplicable(Message):
    """A person marked a checkbox not applicable, giving the reason."""

    item_id: str
    reason: str


@dataclass
class MarkedGroupNotApplicable(Message):
    """A person marked several boxes not applicable at once, with one reason."""

    item_ids: tuple[str, ...]
    reason: str


@dataclass
class Reconfirmed(Message):
    """A person checked a stale tick again: it is ticked anew."""

    item_id: str


@dataclass
class PhaseApprovalChanged(Message):
    """A person recorded (or withdrew) an approval a process phase requires."""

    phase_id: str
    role: str
    approved: bool


@dataclass
class RunCheckAsked(Message):
    """A person asked to run a box's check (or, while it runs, to cancel it)."""

    item_id: str


@dataclass
class JumpToItem(Message):
    """Show the section holding an item and focus it."""

    item_id: str


class ChecklistShown(Message):
    """The main screen is mounted, its first field focused: keys may go to it."""


@dataclass
class SectionShown(Message):
    """The main screen switched to a section (remembered for the next start)."""

    section_id: str
