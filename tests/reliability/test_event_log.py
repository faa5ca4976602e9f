"""The event log on disk: one file per writer, so two clones' logs merge in git without a
conflict, two processes never lose each other's events, and a file only ever grows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import git
import pytest

from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.model.record import holder, timeline
from hotfix_tui.core.storage.layout import Layout
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo

# The changes below are timed from here: after the session's start, which `create` records
# with the real clock (a fixed date went stale once the clock passed it).
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def log_of(session) -> list[tuple[str, str, str | None]]:
    return [(e.by, e.event, e.item or e.to or e.role) for e in timeline(session)]


@pytest.mark.parametrize("authors", [("Ann", "Bob"), ("Dana", "Dana")])
def test_two_clones_recording_events_merge_without_conflict(tmp_path: Path, authors):
    origin = tmp_path / "origin"
    make_repo(origin)
    ws = Workspace.open(origin, "Dana")
    ws.set_value(ws.load(ws.create("shared").name), "automated-tests", True)
    repo = git.Repo(origin)
    repo.index.add([".hotfix/shared.toml",
                    *(str(p.relative_to(origin)) for p in (origin / ".hotfix").rglob("*.events/*"))])
    repo.index.commit("start the hotfix session")
    ann = git.Repo.clone_from(origin, tmp_path / "ann", branch="hotfix/login-crash")
    bob = git.Repo.clone_from(origin, tmp_path / "bob", branch="hotfix/login-crash")
    for clone, author, minute in ((ann, authors[0], 10), (bob, authors[1], 20)):
        ws = Workspace.open(Path(clone.working_tree_dir), author)
        session = ws.load("shared")
        # Neighbouring boxes, the same phase approval, and a handoff each: as close as it gets.
        item = "manual-testing" if clone is ann else "regression-testing"
        session = session.with_value(f"mitigation-{item}", True, at=at(minute), by=author)
        session = session.with_na("database-rollback" if clone is ann else "configuration-rollback",
                                  "not touched", at=at(minute + 1), by=author)
        session = session.with_phase_approval("testing", "QA Lead", clone is ann,
                                              at=at(minute + 2), by=author)
        session = session.with_handoff(f"next-{minute}", "yours", at=at(minute + 3), by=author)
        ws.save(session)
        clone.git.add(".hotfix")
        clone.index.commit(f"{author} records events")
    ann.remote().push("hotfix/login-crash:refs/heads/ann")
    bob.git.fetch(str(origin), "ann")
    bob.git.merge("FETCH_HEAD", "-m", "merge ann")  # raises on a conflict
    merged = Workspace.open(Path(bob.working_tree_dir)).load("shared")
    first, second = authors
    assert log_of(merged) == [
        ("Dana", "started", None), ("Dana", "ticked", "automated-tests"),
        (first, "ticked", "mitigation-manual-testing"),
        (first, "not-applicable", "database-rollback"),
        (first, "approved", "QA Lead"), (first, "handoff", "next-10"),
        (second, "ticked", "mitigation-regression-testing"),
        (second, "not-applicable", "configuration-rollback"),
        (second, "approval-withdrawn", "QA Lead"), (second, "handoff", "next-20"),
    ]
    assert holder(merged) == "next-20"
    assert merged.na_reason("database-rollback") == merged.na_reason("configuration-rollback")
    files = sorted(p.name for p in Layout(Path(bob.working_tree_dir)).events(merged_path(bob)).iterdir())
    assert len(files) == 3  # Dana's in origin, and one per clone


def merged_path(clone: git.Repo) -> Path:
    return Path(clone.working_tree_dir) / ".hotfix" / "shared.toml"


def test_two_processes_in_one_clone_keep_each_others_events(repo_path: Path):
    first, second = Workspace.open(repo_path, "Ann"), Workspace.open(repo_path, "Bob")
    first.create("s")
    mine, theirs = first.load("s"), second.load("s")
    mine = first.save(mine.with_value("automated-tests", True, at=at(1), by="Ann"))
    theirs = second.sync(theirs).session  # Bob's app shows Ann's tick; Bob unticks it
    theirs = second.save(theirs.with_value("automated-tests", False, at=at(2), by="Bob"))
    # Ann's app saves again knowing nothing of Bob's event: it must not drop it.
    mine = first.save(mine.with_handoff("Bob", "", at=at(3), by="Ann"))
    expected = [("Ann", "started", None), ("Ann", "ticked", "automated-tests"),
                ("Bob", "unticked", "automated-tests"), ("Ann", "handoff", "Bob")]
    assert log_of(mine) == expected
    assert log_of(Workspace.open(repo_path).load("s")) == expected
    # Both changed one box: the later value wins, and both events stay.
    assert mine.value(mine.checklist.item("automated-tests")) is False
    assert log_of(second.sync(theirs).session) == expected


def test_a_writers_file_only_grows(repo_path: Path):
    ws = Workspace.open(repo_path, "Ann")
    session = ws.set_value(ws.create("s"), "automated-tests", True)
    (written,) = ws.layout.events(ws.session_path("s")).iterdir()
    before = written.read_text()
    ws.set_value(session, "database-testing", True)
    after = written.read_text()
    assert after.startswith(before) and after.count("[[events]]") == 2


def test_the_app_and_a_cli_in_one_clone_share_the_writer_file_safely(repo_path: Path):
    # Same person, same clone, two processes: one file, events of both kept.
    a, b = Workspace.open(repo_path, "Ann"), Workspace.open(repo_path, "Ann")
    a.create("s")
    one, two = a.load("s"), b.load("s")
    a.save(one.with_value("automated-tests", True, at=at(1), by="Ann"))
    b.save(two.with_value("database-testing", True, at=at(2), by="Ann"))
    assert len(list(a.layout.events(a.session_path("s")).iterdir())) == 1
    assert [e.item for e in Workspace.open(repo_path).load("s").events] == [
        "automated-tests", "database-testing"]


def test_a_broken_event_file_is_one_line_and_nothing_is_written(repo_path: Path):
    ws = Workspace.open(repo_path, "Ann")
    ws.set_value(ws.create("s"), "automated-tests", True)
    (written,) = ws.layout.events(ws.session_path("s")).iterdir()
    written.write_text('schema_version = 1\n[[events]]\nat = "yesterday"\nby = "x"\nevent = "y"\n')
    session_file = ws.session_path("s").read_bytes()
    with pytest.raises(SessionError) as caught:
        Workspace.open(repo_path).load("s")
    assert str(caught.value).startswith(f"{written}: event 1 needs 'at'")
    assert "\n" not in str(caught.value)
    assert ws.session_path("s").read_bytes() == session_file
