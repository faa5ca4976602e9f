"""Evidence: what the runs of a box's check showed, kept as events of the session's log.

A passing run ticks the box and is the evidence its tick carries; a failing one leaves
the box unticked and says why; a cancelled one changes nothing. A longtext whose
`evidence_of` names the box is filled with the passing run's output unless a person typed
there. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from hotfix_tui.core.model.checklist import Item
from hotfix_tui.core.model.events import (
    CHECK_CANCELLED,
    CHECK_FAILED,
    CHECK_PASSED,
    NOT_APPLICABLE,
    RUN_EVENTS,
    UNTICKED,
    Event,
    short_time,
)
from hotfix_tui.core.model.session import FROM_RUN, Session
from hotfix_tui.core.safety.secrets import mask

# The excerpt a run keeps in the session: its last lines, bounded, secrets masked.
EXCERPT_LINES = 20
EXCERPT_CHARS = 2000
EXCERPT_LINE_CHARS = 240
# Terminal escapes (colours, cursor moves) and control characters: noise in a PR body.
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class CheckStatus(NamedTuple):
    """What the doors show of a box's check: its last run, and the passing run its tick
    carries (None while unticked, ticked by hand, or failed since)."""

    last: Event | None
    evidence: Event | None

    @property
    def state(self) -> str:
        """`never run`, `passed`, `failed` or `cancelled` (the last run's outcome)."""
        if self.last is None:
            return "never run"
        return {CHECK_PASSED: "passed", CHECK_FAILED: "failed"}.get(self.last.event, "cancelled")


def runs(session: Session, item_id: str) -> list[Event]:
    """The item's runs, oldest first."""
    return [e for e in session.events if e.item == item_id and e.event in RUN_EVENTS]


def check_status(session: Session, item: Item) -> CheckStatus:
    found = runs(session, item.id)
    return CheckStatus(found[-1] if found else None, evidence(session, item))


def evidence(session: Session, item: Item) -> Event | None:
    """The passing run a ticked box's tick carries: its last passing run, unless a failed
    run, an untick, an N/A or a tick by hand came after it."""
    carried = None
    for event in session.events:
        if event.item != item.id:
            continue
        if event.event == CHECK_PASSED:
            carried = event
        elif event.event in (CHECK_FAILED, UNTICKED, NOT_APPLICABLE):
            carried = None
    state = session.state(item.id)
    ticked = session.value(item) is True and session.na_reason(item.id) is None
    # A tick made by hand after the run (say, to clear its stale mark after a new commit)
    # is the person's word, not the run's: the run's output no longer speaks for it.
    by_the_run = carried is not None and state is not None and state.updated_at == carried.at
    return carried if ticked and by_the_run else None


def passed(session: Session, item: Item) -> bool:
    """Whether the box holds a tick that a passing run vouches for."""
    return evidence(session, item) is not None


def with_run(session: Session, item_id: str, run: Event) -> Session:
    """The session after a run of the item's check: the run recorded; passed, the box
    ticked (anew, so no longer stale) and its `evidence_of` longtexts filled unless typed;
    failed, a ticked box unticked (one marked N/A stays so); cancelled, nothing else."""
    item = session.checklist.item(item_id)
    session = session.with_event(run)
    if run.event == CHECK_PASSED:
        session = session.with_value(item_id, True, at=run.at, by=run.by)
        for target in session.checklist.items():
            if target.evidence_of == item_id and not session.typed(target.id):
                session = session.with_prefill(target.id, filled_text(run), at=run.at,
                                               by=run.by, source=FROM_RUN)
    elif run.event == CHECK_FAILED and session.na_reason(item_id) is None \
            and session.entered(item) is True:
        session = session.with_value(item_id, False, at=run.at, by=run.by)
    return session


def run_kind(outcome: str) -> str:
    return {"passed": CHECK_PASSED, "cancelled": CHECK_CANCELLED}.get(outcome, CHECK_FAILED)


def outcome_words(run: Event) -> str:
    """`passed: exit status 0`, `failed: exit status 1`, `failed: timed out after 60 s`."""
    if run.event == CHECK_CANCELLED:
        return "cancelled" + (f": {run.note}" if run.note else "")
    verdict = "passed" if run.event == CHECK_PASSED else "failed"
    why = run.note or (f"exit status {run.exit_status}" if run.exit_status is not None else "")
    return f"{verdict}: {why}" if why else verdict


def summary(run: Event) -> str:
    """`passed: exit status 0, 12.3 s, 2026-11-23 14:02 +00:00, by Dana` (without the
    command, which each door shows its own way)."""
    parts = [outcome_words(run)]
    if run.duration is not None:
        parts.append(format_duration(run.duration))
    parts += [short_time(run.at), f"by {one_line(run.by)}"]
    return ", ".join(parts)


def filled_text(run: Event) -> str:
    """What a passing run writes into a longtext that takes its evidence."""
    lines = [f"$ {one_line(run.command or '')}"]
    if run.excerpt:
        lines.extend(run.excerpt.split("\n"))
    lines.append(f"({summary(run)})")
    return "\n".join(lines)


def format_duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def one_line(text: str) -> str:
    return " ".join(text.split())


def excerpt(lines: Iterable[str]) -> str:
    """The last lines of a run's output as kept in the session: terminal escapes and
    control characters out, what looks like a secret masked, at most EXCERPT_LINES lines
    of EXCERPT_LINE_CHARS and EXCERPT_CHARS in all."""
    cleaned = [CONTROL.sub("", ANSI.sub("", line).rsplit("\r", 1)[-1]).rstrip()
               for line in lines]
    kept: list[str] = []
    size = 0
    for line in reversed(mask("\n".join(cleaned)).split("\n")):
        if len(line) > EXCERPT_LINE_CHARS:
            line = line[:EXCERPT_LINE_CHARS - 1] + "…"
        size += len(line) + 1
        if len(kept) == EXCERPT_LINES or size > EXCERPT_CHARS:
            break
        kept.append(line)
    while kept and not kept[-1]:
        kept.pop()  # blank lines at the top of the excerpt say nothing
    return "\n".join(reversed(kept)).strip("\n")
