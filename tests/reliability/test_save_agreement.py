"""One save, two files: the session and the writer's event log agree after any kill or
failed write, and item times are precise enough to order two changes within a second."""

from __future__ import annotations

import errno
import os
import random
import re
import signal
import subprocess
import sys
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hotfix_tui.core.errors import FileError
from hotfix_tui.core.model.events import TICKED, Event, merge_events
from hotfix_tui.core.storage.log_view import with_events
from hotfix_tui.core.workspace import Workspace

# After the session's start, which `create` records with the real clock.
T0 = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)


def test_two_changes_within_one_second_merge_as_they_happened(repo_path: Path):
    ann, bob = Workspace.open(repo_path, "Ann"), Workspace.open(repo_path, "Bob")
    ann.create("s")
    earlier, later = T0.replace(microsecond=200_000), T0.replace(microsecond=700_000)
    mine = ann.load("s").with_value("critical-bug", "INC-1", at=earlier, by="Ann")
    theirs = bob.load("s").with_value("critical-bug", "INC-2", at=later, by="Bob")
    bob.save(theirs)  # the later change reaches the file first
    merged = ann.save(mine)
    item = merged.checklist.item("critical-bug")
    assert merged.value(item) == "INC-2"
    reloaded = Workspace.open(repo_path).load("s")
    assert reloaded.value(item) == "INC-2"
    assert reloaded.state("critical-bug").updated_at == later
    assert later.isoformat(timespec="microseconds")[11:26] in ann.session_path("s").read_text()


# A save run in a child process that dies at a chosen point of its real write path: just
# before the session file is renamed into place (the events appended), or halfway through
# appending the events.
CHILD = """
import os, signal, sys
from pathlib import Path
from hotfix_tui.core.workspace import Workspace

point, real_replace, real_write = sys.argv[2], os.replace, os.write

def replace(source, target, *args, **kwargs):
    if point == "before-session" and str(target).endswith(os.sep + "s.toml"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real_replace(source, target, *args, **kwargs)

def write(fd, data):
    if point == "mid-append" and b"[[events]]" in data:
        real_write(fd, data[:len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)
    return real_write(fd, data)

os.replace, os.write = replace, write
ws = Workspace.open(Path(sys.argv[1]), "Ann")
ws.set_value(ws.load("s"), "automated-tests", True)
"""


def killed_while_ticking(repo: Path, point: str) -> None:
    done = subprocess.run([sys.executable, "-c", CHILD, str(repo), point], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr


def ticks(session) -> list[str]:
    return [e.item for e in session.events if e.event == TICKED]


def ticked(session, item_id: str) -> bool:
    return session.value(session.checklist.item(item_id)) is True


def started(repo: Path) -> tuple[Workspace, Path]:
    ws = Workspace.open(repo, "Ann")
    ws.set_value(ws.create("s"), "database-testing", True)
    (writer,) = ws.layout.events(ws.session_path("s")).iterdir()
    return ws, writer


@pytest.mark.parametrize("point", ["before-session", "mid-append"])
def test_a_kill_between_the_two_writes_leaves_no_tick_the_session_lacks(repo_path: Path, point):
    ws, writer = started(repo_path)
    killed_while_ticking(repo_path, point)
    written = writer.read_text()  # the kill came after the events were (half) written
    assert "automated-tests" in written if point == "before-session" else written[-1] != "\n"
    after_kill = Workspace.open(repo_path, "Ann").load("s")
    assert not ticked(after_kill, "automated-tests")
    assert ticks(after_kill) == ["database-testing"]
    # Saving on: the unfinished save stays out of the log for good, the file stays whole.
    ws = Workspace.open(repo_path, "Ann")
    ws.set_value(ws.load("s"), "mitigation-manual-testing", True)
    again = Workspace.open(repo_path, "Ann").load("s")
    assert ticks(again) == ["database-testing", "mitigation-manual-testing"]
    ws.set_value(again, "automated-tests", True)
    final = Workspace.open(repo_path).load("s")
    assert ticks(final) == ["database-testing", "mitigation-manual-testing", "automated-tests"]
    assert ticked(final, "automated-tests")
    tomllib.loads(writer.read_text())


def full_disk(fails: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk fills up while writing the session file (its rename) or the events."""
    real_replace, real_write = os.replace, os.write

    def replace(source, target, *args, **kwargs):
        if fails == "session" and str(target).endswith(os.sep + "s.toml"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_replace(source, target, *args, **kwargs)

    def write(fd, data):
        if fails == "events" and b"[[events]]" in data:
            real_write(fd, data[:10])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("fails", ["session", "events"])
def test_a_failed_write_leaves_log_and_session_in_agreement(repo_path: Path, monkeypatch, fails):
    ws, writer = started(repo_path)
    log_before, session_before = writer.read_bytes(), ws.session_path("s").read_bytes()
    session = ws.change(ws.load("s"), "automated-tests", True)
    with monkeypatch.context() as patched:
        full_disk(fails, patched)
        with pytest.raises(FileError, match="No space left on device"):
            ws.save(session)
    assert ws.session_path("s").read_bytes() == session_before
    if fails == "events":
        assert writer.read_bytes() == log_before  # the half-written record taken back
    seen = Workspace.open(repo_path).load("s")
    assert not ticked(seen, "automated-tests") and ticks(seen) == ["database-testing"]
    # The app keeps the change and saves it again once the disk has room: in both, once.
    ws.save(session)
    seen = Workspace.open(repo_path).load("s")
    assert ticked(seen, "automated-tests")
    assert ticks(seen) == ["database-testing", "automated-tests"]


def test_a_session_file_of_the_first_format_holds_its_whole_log(repo_path: Path):
    ws, writer = started(repo_path)
    path = ws.session_path("s")
    text = path.read_text()
    old = re.sub(r"\[saves\]\n[^\n]*\n\n?", "", text.replace("schema_version = 2",
                                                               "schema_version = 1"))
    path.write_text(old)
    writer.write_text(re.sub(r"save = \d+\n", "", writer.read_text()))
    session = Workspace.open(repo_path).load("s")
    assert ticks(session) == ["database-testing"]
    ws = Workspace.open(repo_path, "Ann")
    ws.set_value(ws.load("s"), "mitigation-manual-testing", True)
    assert ticks(Workspace.open(repo_path).load("s")) == ["database-testing", "mitigation-manual-testing"]
    assert "schema_version = 2" in path.read_text()


def test_saving_appends_to_the_writers_file_never_rewrites_it(repo_path: Path):
    ws, writer = started(repo_path)
    inode, before = writer.stat().st_ino, writer.read_text()
    ws.set_value(ws.load("s"), "mitigation-manual-testing", True)
    assert writer.stat().st_ino == inode and writer.read_text().startswith(before)


def test_new_events_take_their_place_in_the_log_as_a_merge_puts_them():
    rng = random.Random(7)
    times = [T0 + timedelta(seconds=rng.randrange(20)) for _ in range(60)]
    events = [Event(at, "Ann", TICKED, item=f"item-{n}") for n, at in enumerate(times)]
    held = merge_events(events[:50])
    assert with_events(held, tuple(events[50:])) == merge_events(held, events[50:])
    assert with_events(held, ()) is held


@pytest.mark.parametrize("keep", ["whole lines, its save number lost", "a line cut mid-way",
                                  "a character cut in two"])
def test_an_append_cut_anywhere_leaves_the_records_before_it(repo_path: Path, keep: str):
    """A kill can cut a long append at any byte (the kernel stops between pages): after a
    newline, inside a line, inside a UTF-8 character. The cut record is no part of the
    log, the file still reads, and the next save carries on."""
    ws, writer = started(repo_path)
    whole = writer.read_bytes()
    ws.handoff(ws.load("s"), "Lee", "watch the ключ cache")  # one more record
    appended = writer.read_bytes()[len(whole):]
    record = appended.decode("utf-8")
    if keep.startswith("whole"):
        cut = appended[:len(record[:record.rindex("save = ")].encode("utf-8"))]
    elif keep.startswith("a line"):
        cut = appended[:appended.index(b"by = ") + 6]
    else:
        cut = appended[:appended.index("ключ".encode()) + 1]
    writer.write_bytes(whole + cut)
    session = Workspace.open(repo_path, "Ann").load("s")
    assert "handoff" not in [event.event for event in session.events]
    ws2 = Workspace.open(repo_path, "Ann")
    ws2.set_value(ws2.load("s"), "automated-tests", True)
    events = Workspace.open(repo_path).load("s").events
    assert "automated-tests" in [e.item for e in events]
    assert "handoff" not in [e.event for e in events]
    assert writer.read_bytes().startswith(whole) and b"\xd0\n" not in writer.read_bytes()
