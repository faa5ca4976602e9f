"""The incident as a timeline, for the app's timeline screen: the process's phases in order
with where the incident stands, the incident clock, and the log with who and when, times in
UTC (everyone on an incident reads the same clock). Pure: no I/O, no clock.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, NamedTuple, TypeAlias

from hotfix_tui.core.model.events import aware
from hotfix_tui.core.model.record import describe, holder, timeline
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.report import PhaseProgress, clock_times, duration, phase_progress, standing

# A phase on the flow: settled (nothing in it blocks the merge), where the incident
# stands (the first phase not settled), or after that one.
StepState: TypeAlias = Literal["settled", "current", "ahead"]


class Step(NamedTuple):
    title: str
    state: StepState
    progress: PhaseProgress


class ClockLine(NamedTuple):
    label: str
    when: str  # `14:03 UTC`, what a person typed, or `not yet`
    after_start: str  # `3 min`, or "" when `when` is not a time


class EventLine(NamedTuple):
    day: str  # `2026-11-23`
    time: str  # `14:03`
    by: str
    text: str


class Timeline(NamedTuple):
    session: str
    title: str  # the checklist's
    holder: str
    started: str  # `2026-11-23 14:00 UTC`
    steps: tuple[Step, ...]
    clock: tuple[ClockLine, ...]
    events: tuple[EventLine, ...]

    @property
    def current(self) -> Step | None:
        return next((step for step in self.steps if step.state == "current"), None)


def incident_timeline(session: Session) -> Timeline:
    progress = phase_progress(session)
    here = standing(progress)
    steps = []
    state: StepState = "settled"
    for part in progress:
        if part.phase == here:
            state = "current"
        steps.append(Step(part.phase.title, state, part))
        if state == "current":
            state = "ahead"
    started = _utc(session.created_at)
    clock = tuple(
        ClockLine(time.item.label,
                  f"{_utc(time.at):%H:%M} UTC" if time.at else time.text or "not yet",
                  duration(time.after_start) if time.after_start is not None else "")
        for time in clock_times(session))
    events = tuple(EventLine(f"{at:%Y-%m-%d}", f"{at:%H:%M}", event.by,
                             " ".join(describe(event, session).split()))
                   for event in timeline(session) for at in (_utc(event.at),))
    return Timeline(session.name, session.checklist.title, holder(session),
                    f"{started:%Y-%m-%d %H:%M} UTC", tuple(steps), clock, events)


def _utc(at: datetime) -> datetime:
    return aware(at).astimezone(UTC)
