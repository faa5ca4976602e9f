"""The session's log: events are facts, never changed once recorded, so two writers'
logs merge as their union. Pure: no I/O, no clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from hotfix_tui.core.safety.terminal import is_plain

# What an event records (`Event.event`).
EDITED = "edited"  # a text, choice or list item changed (once per run of one person's edits)
TICKED, UNTICKED = "ticked", "unticked"
APPROVED, WITHDRAWN = "approved", "approval-withdrawn"  # an approval item or phase approval
NOT_APPLICABLE = "not-applicable"
QUALIFIED = "qualified"  # the change that completed the Qualification section
EXPORTED = "exported"  # the PR body, complete (drafts are not recorded)
HANDOFF = "handoff"
SUPERSEDED = "superseded"  # a value a git merge replaced with the later one (kept here)
STARTED = "started"  # not stored: the session's created_at and created_by
# A box's check was run (model/evidence.py): it passed, failed (or timed out), or was
# cancelled; the event holds the command, exit status, duration and an output excerpt.
CHECK_PASSED, CHECK_FAILED, CHECK_CANCELLED = "check-passed", "check-failed", "check-cancelled"
RUN_EVENTS = frozenset({CHECK_PASSED, CHECK_FAILED, CHECK_CANCELLED})
# Changes to values: the first of them is when the incident was responded to.
VALUE_EVENTS = frozenset({EDITED, TICKED, UNTICKED, APPROVED, WITHDRAWN, NOT_APPLICABLE})
# An N/A reason is a short note on one line of the PR body.
MAX_REASON = 200
# A person's name (who changed, who holds the session) and a handoff note: kept to this,
# and checked so on read too, since a teammate's committed file holds them.
MAX_NAME = 100
MAX_NOTE = 10_000


def is_name(text: str) -> bool:
    """A name as `--as` takes it: printable (no control or bidi character), one line,
    at most MAX_NAME characters. Also an item, phase or role id, an event's kind."""
    return 0 < len(text) <= MAX_NAME and text.isprintable()


def printable_name(text: str) -> str:
    """A name from elsewhere (git's user.name) made one `is_name` takes: what is not
    printable shown escaped, cut to MAX_NAME characters."""
    name = "".join(char if char.isprintable() else f"\\u{ord(char):04x}"
                   for char in " ".join(text.split()))
    return name[:MAX_NAME] or "someone"


def is_reason(text: str) -> bool:
    """An N/A reason: one line of plain text, at most MAX_REASON characters."""
    return len(text) <= MAX_REASON and is_plain(text)


def is_note(text: str) -> bool:
    """A handoff note: plain text on any number of lines, at most MAX_NOTE characters."""
    return len(text) <= MAX_NOTE and is_plain(text, lines=True)


class Event(NamedTuple):
    """One entry of the session's log. Events are never changed once recorded, so merging
    two writers' logs is their union."""

    at: datetime
    by: str
    event: str
    item: str | None = None  # the item it is about
    phase: str | None = None  # a phase approval: the phase and the role that approved
    role: str | None = None
    to: str | None = None  # a handoff: who holds the session now
    note: str | None = None  # an N/A reason, a handoff note, what was exported, why a run failed
    # A run of a check: what ran, how it ended (None: killed) and how long it took (s),
    # and the last lines of its output, secrets masked.
    command: str | None = None
    exit_status: int | None = None
    duration: float | None = None
    excerpt: str | None = None

    @property
    def sort_key(self) -> datetime:
        # A time without offset (hand-edited) is local time, as everywhere else.
        return self.at if self.at.tzinfo is not None else self.at.astimezone()


def merge_events(*logs: Iterable[Event]) -> tuple[Event, ...]:
    """The union of event logs, each event once, in time order (ties keep their order)."""
    seen: dict[Event, None] = {}
    for log in logs:
        seen.update(dict.fromkeys(log))
    return tuple(sorted(seen, key=lambda event: event.sort_key))



def aware(at: datetime) -> datetime:
    """A time with its UTC offset; one without (written by hand) is local time."""
    return at if at.tzinfo is not None else at.astimezone()


def iso_time(at: datetime) -> str:
    """ISO 8601 with the UTC offset, to the second: `2026-11-23T14:02:00+00:00`."""
    return aware(at).isoformat(timespec="seconds")


def short_time(at: datetime) -> str:
    """For people: `2026-11-23 14:02 +00:00`."""
    at = aware(at)
    offset = at.strftime("%z")
    return f"{at:%Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"

