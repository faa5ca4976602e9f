"""What git can fill in for a person, and which ticks newer commits made stale.

Pure functions over a RepoSnapshot (snapshot.py reads it): no I/O, no clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from hotfix_tui.core.git.snapshot import FileChange, RepoSnapshot
from hotfix_tui.core.model.checklist import Item, Value
from hotfix_tui.core.model.session import GitContext, Session


class Prefilled(NamedTuple):
    session: Session
    updated: tuple[str, ...]  # items whose value git (re)filled just now
    kept: tuple[str, ...]  # items git has a value for, left alone because a person typed them
    # Items git now finds nothing for, their earlier value kept: a refresh never empties a
    # filled item by itself (a base that moved, a clone with odd remote refs).
    held: tuple[str, ...] = ()

    def held_note(self) -> str:
        """Why a refresh left filled items as they were, for people."""
        labels = ", ".join(self.session.checklist.item(item_id).label for item_id in self.held)
        git = self.session.git
        against = f"since the merge base with {git.base}" if git and git.base else "without a base branch"
        return (f"kept {labels}: git now finds nothing {against}; if the base is wrong, set it "
                "in .hotfix/config.toml (base = \"main\")")


def files_modified(snapshot: RepoSnapshot) -> list[str]:
    """One entry per file: the branch's changes, then uncommitted ones, marked so."""
    committed = {change.path for change in snapshot.committed}
    dirty = {change.path for change in snapshot.uncommitted}
    entries = []
    for change in snapshot.committed:
        extra = " (+ uncommitted changes)" if change.path in dirty else ""
        entries.append(_describe(change) + extra)
    for change in snapshot.uncommitted:
        if change.path not in committed:
            entries.append(_describe(change, "uncommitted"))
    return entries


def _describe(change: FileChange, *marks: str) -> str:
    text = f"{change.old_path} -> {change.path}" if change.change == "renamed" else change.path
    notes = [{"deleted": "deleted", "untracked": "new"}.get(change.change, ""), *marks]
    notes = [note for note in notes if note]
    return f"{text} ({', '.join(notes)})" if notes else text


def commit_subjects(snapshot: RepoSnapshot) -> list[str]:
    """The branch's commit subjects, oldest first; merge commits say nothing of the fix."""
    return [commit.subject for commit in snapshot.commits if not commit.is_merge]


def prefill(session: Session, snapshot: RepoSnapshot, *, at: datetime, by: str) -> Prefilled:
    """Fill the items git knows about, except where a person typed, and record the branch,
    base and head. A value git gives again unchanged keeps its time (no needless diff)."""
    found = {"git-files": files_modified(snapshot),
             "git-commits": [f"- {subject}" for subject in commit_subjects(snapshot)]}
    updated, kept, held = [], [], []
    for fill, lines in found.items():
        item = session.checklist.filled_by(fill)
        if item is None:
            continue
        item_id = item.id
        value = _as_value(item, lines)
        if value is None:
            continue
        if session.typed(item_id):
            if item.is_done(value):
                kept.append(item_id)
            continue
        state = session.state(item_id)
        if (state.value == value) if state else not item.is_done(value):
            continue
        if not item.is_done(value):
            held.append(item_id)
            continue
        session = session.with_prefill(item_id, value, at=at, by=by)
        updated.append(item_id)
    context = GitContext(snapshot.branch, snapshot.base, snapshot.head)
    return Prefilled(session._replace(git=context), tuple(updated), tuple(kept), tuple(held))


def _as_value(item: Item, lines: list[str]) -> Value | None:
    """Lines in the shape the item holds; None for kinds a list of lines cannot fill."""
    if item.kind == "list":
        return tuple(lines)
    if item.kind == "longtext":
        return "\n".join(lines)
    if item.kind == "text":
        return "; ".join(line.removeprefix("- ") for line in lines)
    return None


def stale_ticks(session: Session, last_change_at: datetime) -> list[Item]:
    """Ticked boxes of the phases declared `stale_after_commit`, and boxes with a check (in
    any phase: a run vouches for the code it ran on), ticked before the newest commit: what
    they vouched for has changed since. Boxes marked N/A are not ticks of that kind."""
    stale = []
    phases = session.checklist.stale_phases
    for item in session.checklist.items():
        if item.kind != "check" or item.phase not in phases and not item.has_check:
            continue
        state = session.state(item.id)
        # An N/A is a decision about the box, not a tick vouching for the code it saw.
        if (state is None or state.value is not True or state.updated_at is None
                or state.na is not None):
            continue
        ticked = state.updated_at
        if ticked.tzinfo is None:
            ticked = ticked.astimezone()  # a time without offset is local time
        if ticked < last_change_at:
            stale.append(item)
    return stale
