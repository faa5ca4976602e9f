"""A session: one checklist being filled in, its values and who changed them when.

Pure data and transitions; reading and writing files is store.py's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from hotfix_tui.core.checklist import Checklist, Item, Section, Value
from hotfix_tui.core.errors import ValueInputError

# `ItemState.source` of a value filled in from git rather than typed: a refresh may
# replace such a value, never one a person typed.
FROM_GIT = "git"


@dataclass(frozen=True)
class ItemState:
    value: Value
    updated_at: datetime | None = None
    updated_by: str | None = None
    source: str | None = None  # None: typed by a person


@dataclass(frozen=True)
class GitContext:
    """Where the session's work lives, as last seen: recorded in the session file."""

    branch: str | None = None  # None on a detached HEAD
    base: str | None = None
    head: str | None = None


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class Session:
    name: str
    checklist: Checklist
    created_at: datetime
    created_by: str
    # Only items that were ever set; values for ids the checklist no longer has are
    # kept here too (orphans) so a changed checklist never drops what someone entered.
    states: Mapping[str, ItemState] = field(default_factory=dict)
    git: GitContext | None = None

    def value(self, item: Item) -> Value:
        state = self.states.get(item.id)
        if state is None or not item.accepts(state.value):
            return item.default
        return state.value

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
        states = dict(self.states)
        states[item_id] = ItemState(value, at, by)
        return replace(self, states=states)

    def typed(self, item_id: str) -> bool:
        """Whether a person set this item (even to empty), as opposed to git or nobody."""
        state = self.states.get(item_id)
        return state is not None and state.source is None

    def with_prefill(self, item_id: str, value: Value, *, at: datetime, by: str) -> Session:
        """A value from git; an empty one puts the item back to untouched."""
        if self.typed(item_id):
            raise ValueInputError(f"item {item_id!r} was set by a person: not replacing it")
        item = self.checklist.item(item_id)
        states = dict(self.states)
        if item.is_done(value):
            checked = self.with_value(item_id, value, at=at, by=by)  # refuses what cannot fit
            states[item_id] = replace(checked.states[item_id], source=FROM_GIT)
        else:
            states.pop(item_id, None)
        return replace(self, states=states)

    def is_done(self, item: Item) -> bool:
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


def _is_text(value: object) -> bool:
    """Strings must be storable as UTF-8; undecodable bytes arrive as lone surrogates."""
    if not isinstance(value, str):
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
