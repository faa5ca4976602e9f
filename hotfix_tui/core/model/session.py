"""A session: one checklist being filled in, its values and who changed them when.

Pure data and transitions; reading and writing files is storage's job. Besides the values,
a session holds its event log (ticks, N/A, approvals, exports, handoffs), from which come
the incident clock (here: a session's own times) and the rest of the record (record.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from types import MappingProxyType
from typing import NamedTuple

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.model.checklist import Checklist, Item, Section, Value
from hotfix_tui.core.model.events import (
    APPROVED,
    EDITED,
    EXPORTED,
    HANDOFF,
    MAX_NAME,
    MAX_NOTE,
    MAX_REASON,
    NOT_APPLICABLE,
    QUALIFIED,
    TICKED,
    UNTICKED,
    VALUE_EVENTS,
    WITHDRAWN,
    Event,
    aware,
    is_name,
    is_note,
    is_reason,
    iso_time,
)

# `ItemState.source` of a value filled in from git rather than typed: a refresh may
# replace such a value, never one a person typed.
FROM_GIT = "git"
# ... and of a value a check's passing run wrote (a longtext's `evidence_of`): a later
# passing run may replace it, a person's typing never.
FROM_RUN = "run"


class ItemState(NamedTuple):
    value: Value
    updated_at: datetime | None = None
    updated_by: str | None = None
    source: str | None = None  # None: typed by a person
    na: str | None = None  # a box marked not applicable: the reason (its value is True)


class GitContext(NamedTuple):
    """Where the session's work lives, as last seen: recorded in the session file."""

    branch: str | None = None  # None on a detached HEAD
    base: str | None = None
    head: str | None = None


class Progress(NamedTuple):
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


# A session with nothing set yet; read-only, so sessions can share it.
NO_STATES: Mapping[str, ItemState] = MappingProxyType({})


class Session(NamedTuple):
    name: str
    checklist: Checklist
    created_at: datetime
    created_by: str
    # Only items that were ever set; values for ids the checklist no longer has are
    # kept here too (orphans) so a changed checklist never drops what someone entered.
    states: Mapping[str, ItemState] = NO_STATES
    git: GitContext | None = None
    # Every writer's events, in time order (store.py keeps them in files per writer).
    events: tuple[Event, ...] = ()

    def value(self, item: Item) -> Value:
        """The item's value as the PR body shows it: what was entered, else for the
        incident clock's items the time the record gives (see `clock_value`)."""
        entered = self.entered(item)
        if item.clock is not None and not (isinstance(entered, str) and entered.strip()):
            return clock_value(self, item) or entered
        return entered

    def entered(self, item: Item) -> Value:
        """The value a person (or git) entered, nothing computed."""
        state = self.states.get(item.id)
        if state is None or not item.accepts(state.value):
            return item.default
        return state.value

    def na_reason(self, item_id: str) -> str | None:
        state = self.states.get(item_id)
        return state.na if state is not None else None

    def state(self, item_id: str) -> ItemState | None:
        return self.states.get(item_id)

    def with_value(self, item_id: str, value: Value, *, at: datetime, by: str) -> Session:
        item = self.checklist.item(item_id)
        if isinstance(value, list):
            value = tuple(value)
        if not item.accepts(value):
            raise ValueInputError(f"item {item_id!r} ({item.kind}) cannot hold {value!r}")
        if any(not _is_text(part) for part in (value if isinstance(value, tuple) else (value,))):
            raise ValueInputError(f"item {item_id!r}: value is not valid text (undecodable bytes)")
        if item.kind == "choice" and value and value not in item.options:
            raise ValueInputError(
                f"item {item_id!r} is one of: {', '.join(item.options)} (got {value!r})")
        old = self.states.get(item_id)
        if (item.approval and old is not None and old.na is None and old.value == value):
            return self  # approved again: the box keeps who approved it and when
        # Any other box ticked again is checked anew: its time moves on (no longer stale).
        states = dict(self.states)
        states[item_id] = ItemState(value, at, by)
        return self._changed(item, self._replace(states=states), at, by)

    def with_na(self, item_id: str, reason: str, *, at: datetime, by: str) -> Session:
        """Mark a box not applicable: it counts as done, and shows the reason."""
        item = self.checklist.item(item_id)
        if item.kind != "check":
            raise ValueInputError(f"item {item_id!r} is a {item.kind}, not a checkbox: only a "
                                  "checkbox can be marked N/A")
        reason = " ".join(reason.split())
        if not reason:
            raise ValueInputError(f"item {item_id!r}: marking it N/A needs a reason")
        if len(reason) > MAX_REASON:
            raise ValueInputError(f"item {item_id!r}: keep the N/A reason short (at most "
                                  f"{MAX_REASON} characters, got {len(reason)})")
        if not _is_text(reason) or not is_reason(reason):
            raise ValueInputError(f"item {item_id!r}: reason is not valid text (give plain "
                                  "text: no control characters, no undecodable bytes)")
        states = dict(self.states)
        states[item_id] = ItemState(True, at, by, na=reason)
        return self._changed(item, self._replace(states=states), at, by)

    def with_event(self, event: Event) -> Session:
        return self._replace(events=(*self.events, event))

    def with_phase_approval(self, phase_id: str, role: str, approved: bool, *, at: datetime,
                            by: str) -> Session:
        """Record (or withdraw) an approval a process phase requires (`[[phases]]`)."""
        phase = next((p for p in self.checklist.phases if p.id == phase_id), None)
        if phase is None:
            known = ", ".join(p.id for p in self.checklist.phases if p.approvals) or "none"
            raise ValueInputError(f"checklist {self.checklist.name!r} has no phase "
                                  f"{phase_id!r} (phases with approvals: {known})")
        wanted = next((r for r in phase.approvals if r.lower() == role.strip().lower()), None)
        if wanted is None:
            roles = ", ".join(phase.approvals) or "none"
            raise ValueInputError(f"phase {phase_id!r} needs no approval from {role!r} "
                                  f"(it needs: {roles})")
        kind = APPROVED if approved else WITHDRAWN
        return self.with_event(Event(at, by, kind, phase=phase.id, role=wanted))

    def with_handoff(self, to: str, note: str, *, at: datetime, by: str) -> Session:
        """Hand the session to someone, with a note for them."""
        to, note = " ".join(to.split()), note.strip()
        if not to:
            raise ValueInputError("hand the session to whom? give a name")
        if not is_name(to):
            raise ValueInputError(f"hand the session to {to!r}? give a name of printable text, "
                                  f"at most {MAX_NAME} characters")
        if not is_note(note):
            raise ValueInputError(f"give the note as plain text (no control characters, at most "
                                  f"{MAX_NOTE} characters)")
        return self.with_event(Event(at, by, HANDOFF, to=to, note=note or None))

    def _changed(self, item: Item, after: Session, at: datetime, by: str) -> Session:
        """`after` with the events this change of `item` makes."""
        old, new = self.states.get(item.id), after.states[item.id]
        before = (old.value, old.na) if old is not None else (item.default, None)
        if before == (new.value, new.na):
            return after
        if new.na is not None:
            kind = NOT_APPLICABLE
        elif item.kind == "check":
            if new.value is True:
                kind = APPROVED if item.approval else TICKED
            else:
                kind = WITHDRAWN if item.approval else UNTICKED
        else:
            last = next((e for e in reversed(self.events) if e.item == item.id), None)
            if last is not None and last.event == EDITED and last.by == by:
                return after  # a run of edits is one event: the log shows who filled what
            kind = EDITED
        after = after.with_event(Event(at, by, kind, item=item.id, note=new.na))
        qualification = self.checklist.qualification
        if (qualification is not None and item.section_id == qualification.id
                and not self.qualified() and after.qualified()):
            after = after.with_event(Event(at, by, QUALIFIED))
        return after

    def qualified(self) -> bool:
        """Whether every item of the qualification section is done (False without one)."""
        section = self.checklist.qualification
        items = section.items() if section is not None else ()
        return bool(items) and all(self.is_done(item) for item in items)

    def typed(self, item_id: str) -> bool:
        """Whether a person set this item (even to empty), as opposed to git or nobody."""
        state = self.states.get(item_id)
        return state is not None and state.source is None

    def with_prefill(self, item_id: str, value: Value, *, at: datetime, by: str,
                     source: str = FROM_GIT) -> Session:
        """A value from git (or a run); an empty one puts the item back to untouched."""
        if self.typed(item_id):
            raise ValueInputError(f"item {item_id!r} was set by a person: not replacing it")
        item = self.checklist.item(item_id)
        states = dict(self.states)
        if item.is_done(value):
            checked = self.with_value(item_id, value, at=at, by=by)  # refuses what cannot fit
            states[item_id] = checked.states[item_id]._replace(source=source)
        else:
            states.pop(item_id, None)
        return self._replace(states=states)

    def is_done(self, item: Item) -> bool:
        """Done: filled in, ticked, or marked not applicable (which ticks the box)."""
        return item.is_done(self.value(item))

    def progress(self, section: Section | None = None) -> Progress:
        items = section.items() if section else self.checklist.items()
        return Progress(sum(self.is_done(item) for item in items), len(items))

    def unmet_required(self) -> list[Item]:
        return [i for i in self.checklist.items() if i.required and not self.is_done(i)]

    def orphans(self) -> dict[str, str]:
        """Values the checklist has no place for any more, by id, with the reason: kept in
        the session file and shown, never dropped."""
        found = {}
        for item_id, state in self.states.items():
            if not self.checklist.has_item(item_id):
                found[item_id] = "no such item in the checklist any more"
            elif not self.checklist.item(item_id).accepts(state.value):
                found[item_id] = f"the item is now a {self.checklist.item(item_id).kind}"
        return found

    def last_change(self) -> ItemState | None:
        changed = [s for s in self.states.values() if s.updated_at is not None]
        return max(changed, key=lambda s: s.updated_at or self.created_at, default=None)


def changed_sections(before: Session, after: Session) -> set[str]:
    """The sections whose counts may differ between two versions of a session: those of
    items whose state changed (told by identity: states are replaced, never changed), and
    the incident clock's, whose times come from the whole record. What a screen recounts
    on a change, instead of the whole checklist."""
    old, new = before.states, after.states
    checklist = after.checklist
    changed = {key for key in old.keys() | new.keys() if old.get(key) is not new.get(key)}
    sections = {checklist.item(key).section_id for key in changed if checklist.has_item(key)}
    return sections | {item.section_id for item in checklist.clock_items()}


def _is_text(value: object) -> bool:
    """Strings must be storable as UTF-8; undecodable bytes arrive as lone surrogates."""
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- the incident clock ----------------------------------------------------------------

# The items a checklist declares `clock = "response" | "resolution" | "authorization"`
# show these times from the record unless a person typed there.


def responded_at(session: Session) -> datetime | None:
    """The first change a person made: the first value event, or for a session from before
    events were kept, the earliest typed value's time."""
    times = [event.at for event in session.events if event.event in VALUE_EVENTS]
    times += [state.updated_at for state in session.states.values()
              if state.source is None and state.updated_at is not None]
    return min(times, key=aware, default=None)


def resolved_at(session: Session) -> datetime | None:
    """The first export of the PR body with every required item done."""
    return next((event.at for event in session.events if event.event == EXPORTED), None)


def authorized_at(session: Session) -> datetime | None:
    """When the last required approval came in, once all of them are in."""
    required = [item for item in session.checklist.items() if item.approval and item.required]
    if not required or not all(session.is_done(item) for item in required):
        return None
    times = [state.updated_at for item in required
             if (state := session.state(item.id)) is not None and state.updated_at is not None]
    return max(times, key=aware, default=None)


CLOCK = {"response": responded_at, "resolution": resolved_at, "authorization": authorized_at}


def clock_value(session: Session, item: Item) -> str:
    """The time the record gives a clock item, ISO 8601; "" while there is none (or for
    an item that is not on the clock)."""
    at = CLOCK[item.clock](session) if item.clock is not None else None
    return iso_time(at) if at is not None else ""


def computed(session: Session, item: Item) -> bool:
    """Whether the item's value comes from the record rather than from what was typed."""
    return item.clock is not None and session.value(item) != session.entered(item)

