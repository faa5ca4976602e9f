"""Undo and redo of the user's own changes in this app, without Textual.

A step is one change as the user made it: a box ticked, a choice picked, an N/A with its
reason (or one reason for a group of boxes), a phase approval, or a run of typing in one
field (keys in one field with no pause longer than `RUN_PAUSE` and nothing else changed
between). Undoing a step sets the value back as a new change, recorded like any other;
the history only remembers what to set.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple

from hotfix_tui.core.model.checklist import Item, Value
from hotfix_tui.core.model.record import item_approval
from hotfix_tui.core.model.session import Session

# Typing that pauses longer than this starts a new step.
RUN_PAUSE = 1.5
UNDO_HINT = "ctrl+z brings it back."


class Shown(NamedTuple):
    """What an item shows: its value and, for a box, its N/A reason."""

    value: Value
    na: str | None = None
    by: str | None = None  # who gave an approval (it may be someone on the phone)


class Step(NamedTuple):
    item_id: str | None  # an item's change, or
    phase: tuple[str, str] | None  # a phase approval: (phase id, role), or
    before: Shown | bool
    after: Shown | bool
    at: float
    parts: tuple[Step, ...] = ()  # items changed together (a group marked N/A at once)
    by: str | None = None  # a phase approval's giver, given again on undo or redo


class History:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._done: list[Step] = []
        self._undone: list[Step] = []

    def item_changed(self, item_id: str, before: Shown, after: Shown, typing: bool) -> None:
        """A change the user made to an item; `typing` when it is text typed into a field
        (runs of it are one step)."""
        now = self._clock()
        last = self._done[-1] if self._done else None
        if (typing and last is not None and last.item_id == item_id and isinstance(last.after,
                Shown) and not self._undone and now - last.at <= RUN_PAUSE):
            self._done[-1] = last._replace(after=after, at=now)
        else:
            self._done.append(Step(item_id, None, before, after, now))
        self._undone.clear()

    def items_changed(self, changes: list[tuple[str, Shown, Shown]]) -> None:
        """Items the user changed at once (item id, before, after): one step."""
        now = self._clock()
        parts = tuple(Step(item_id, None, before, after, now) for item_id, before, after in changes)
        self._done.append(Step(None, None, False, True, now, parts))
        self._undone.clear()

    def phase_changed(self, phase_id: str, role: str, approved: bool,
                      by: str | None = None) -> None:
        """An approval given (`by` whom) or withdrawn (`by`: who had given it)."""
        self._done.append(Step(None, (phase_id, role), not approved, approved, self._clock(),
                               by=by))
        self._undone.clear()

    def undo(self) -> Step | None:
        """The step to take back (set its `before`), or None when there is none."""
        if not self._done:
            return None
        step = self._done.pop()
        self._undone.append(step)
        return step

    def redo(self) -> Step | None:
        """The step to make again (set its `after`), or None."""
        if not self._undone:
            return None
        step = self._undone.pop()
        self._done.append(step._replace(at=float("-inf")))  # never merged with new typing
        return step


def shown(session: Session, item_id: str) -> Shown:
    item = session.checklist.item(item_id)
    given = item_approval(session, item)
    return Shown(session.entered(item), session.na_reason(item_id),
                 given.by if given is not None else None)


def taken_away(item: Item, before: Shown, after: Shown) -> str | None:
    """What to tell the user when a change took a tick, an N/A or an approval away (a
    slip of the space bar is easy at 3 a.m.); None for any other change."""
    if item.kind != "check" or before.value is not True or after.value is True:
        return None
    if before.na is not None:
        return f"“{item.label}” is no longer N/A ({before.na}). {UNDO_HINT}"
    if item.approval:
        return f"Withdrew the approval “{item.label}”. {UNDO_HINT}"
    return f"Unticked “{item.label}”. {UNDO_HINT}"


def describe_step(session: Session, step: Step) -> str:
    if step.parts:
        return f"the {len(step.parts)} boxes marked N/A at once"
    if step.phase is not None:
        return f"the {step.phase[1]} approval"
    checklist = session.checklist
    item_id = step.item_id or ""
    return checklist.item(item_id).label if checklist.has_item(item_id) else item_id
