"""One save, two files: the session and the writer's event log agree after any kill or
failed write, and item times are precise enough to order two changes within a second."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

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
