"""Pre-fill from a repo snapshot, stale ticks, and the session file's git additions."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.errors import SessionError
from hotfix_tui.core.git.prefill import files_modified, prefill, stale_ticks
from hotfix_tui.core.git.snapshot import CommitInfo, FileChange, RepoSnapshot
from hotfix_tui.core.model.session import FROM_GIT, GitContext, Session
from hotfix_tui.core.workspace import Workspace
from tests.conftest import HOTFIX_CHECKLIST, make_repo
from tests.gitrepos import commit

WHEN = datetime(2026, 11, 23, 14, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(HOTFIX_CHECKLIST)


def blank(checklist) -> Session:
    return Session(name="s", checklist=checklist, created_at=WHEN, created_by="Dana")


def snap(committed=(), uncommitted=(), subjects=("Fix the crash",)) -> RepoSnapshot:
    commits = tuple(CommitInfo(f"{n:040x}", s, WHEN, s.startswith("Merge"))
                    for n, s in enumerate(subjects))
    return RepoSnapshot(branch="hotfix/x", head="f" * 40, last_change_at=WHEN, base="main",
                        merge_base="e" * 40, committed=tuple(committed),
                        uncommitted=tuple(uncommitted), commits=commits)


def test_files_modified_marks_each_kind_of_change():
    found = snap(
        committed=[FileChange("a.py", "modified"), FileChange("b.py", "deleted"),
                   FileChange("d.py", "renamed", "c.py")],
        uncommitted=[FileChange("a.py", "modified"), FileChange("e.py", "added"),
                     FileChange("f.py", "deleted"), FileChange("g.txt", "untracked")])
    assert files_modified(found) == [
        "a.py (+ uncommitted changes)", "b.py (deleted)", "c.py -> d.py",
        "e.py (uncommitted)", "f.py (deleted, uncommitted)", "g.txt (new, uncommitted)"]


def test_prefill_fills_untouched_items_and_records_where(checklist):
    found = snap([FileChange("a.py", "modified")],
                 subjects=("Fix the crash", "Merge branch 'main'", "Add a test"))
    result = prefill(blank(checklist), found, at=WHEN, by="Dana")
    session = result.session
    assert result.updated == ("files-modified", "changes-made") and result.kept == ()
    assert session.value(checklist.item("files-modified")) == ("a.py",)
    assert session.value(checklist.item("changes-made")) == "- Fix the crash\n- Add a test"
    assert session.state("files-modified").source == FROM_GIT
    assert session.git == GitContext("hotfix/x", "main", "f" * 40)


def test_prefill_never_replaces_what_a_person_typed(checklist):
    session = prefill(blank(checklist), snap([FileChange("a.py", "modified")]),
                      at=WHEN, by="Dana").session
    session = session.with_value("files-modified", ("my own list",), at=WHEN, by="Lee")
    assert session.typed("files-modified") and not session.typed("changes-made")
    later = WHEN + timedelta(hours=1)
    result = prefill(session, snap([FileChange("a.py", "modified"), FileChange("b.py", "added")],
                                   subjects=("Fix the crash", "More")), at=later, by="Dana")
    assert result.updated == ("changes-made",) and result.kept == ("files-modified",)
    assert result.session.value(checklist.item("files-modified")) == ("my own list",)
    assert result.session.state("files-modified").updated_by == "Lee"
    assert result.session.value(checklist.item("changes-made")) == "- Fix the crash\n- More"
    # A person's empty value is theirs too.
    cleared = result.session.with_value("changes-made", "", at=later, by="Lee")
    assert prefill(cleared, snap(), at=later, by="Dana").session.value(
        checklist.item("changes-made")) == ""


def test_prefill_again_unchanged_keeps_times_and_never_empties(checklist):
    first = prefill(blank(checklist), snap([FileChange("a.py", "modified")]),
                    at=WHEN, by="Dana").session
    again = prefill(first, snap([FileChange("a.py", "modified")]),
                    at=WHEN + timedelta(days=1), by="Lee")
    assert again.updated == () and again.session.states == first.states
    # Git finding nothing any more (a base that moved) never empties what it filled.
    emptied = prefill(first, snap(subjects=()), at=WHEN, by="Dana")
    assert emptied.updated == () and emptied.held == ("files-modified", "changes-made")
    assert emptied.session.states == first.states


def test_stale_ticks_are_review_testing_verification_and_check_boxes_older_than_the_change(checklist):
    session = blank(checklist)
    before, after = WHEN - timedelta(minutes=1), WHEN + timedelta(minutes=1)
    for item_id, at in (("error-scenario", before),        # testing
                        ("fix-verification", before),      # verification
                        ("senior-developer-review", before),  # code review
                        ("primary-workflow", after),       # ticked after the commit
                        ("mitigation-manual-testing", before),  # development phase
                        ("automated-tests", before),       # development, but it runs a check
                        ("critical-business-impact", before)):  # qualification
        session = session.with_value(item_id, True, at=at, by="Dana")
    session = session.with_value("core-features", False, at=before, by="Dana")
    naive = (WHEN - timedelta(days=1)).replace(tzinfo=None)  # local time, long before
    session = session.with_value("data-integrity", True, at=naive, by="Dana")
    # Marked N/A before the commit: a decision about the box, not a tick gone stale.
    session = session.with_na("critical-path-performance", "no hot path touched", at=before, by="Dana")
    assert [i.id for i in stale_ticks(session, WHEN)] == [
        "automated-tests", "error-scenario", "data-integrity", "senior-developer-review", "fix-verification"]


def test_session_file_keeps_git_table_and_source_in_a_stable_place(tmp_path: Path):
    repo_root = tmp_path / "repo"
    repo = make_repo(repo_root)
    commit(repo, "Fix the crash", {"app.py": "print('fixed')\n"})
    ws = Workspace.open(repo_root)
    session = ws.create("s")
    text = ws.session_path("s").read_text()
    data = tomllib.loads(text)
    assert list(data) == ["schema_version", "checklist", "checklist_hash", "created_at",
                          "created_by", "git", "items"]
    assert data["git"] == {"branch": "hotfix/login-crash", "base": "main",
                           "head": repo.head.commit.hexsha}
    assert text.index("[git]") < text.index("[items.")
    assert data["items"]["files-modified"]["value"] == ["app.py"]
    assert data["items"]["files-modified"]["source"] == "git"
    loaded = Workspace.open(repo_root).load("s")
    assert loaded.git == session.git and loaded.states == session.states
    # A person's edit drops the marker: from then on the value is theirs.
    edited = ws.set_value(loaded, "files-modified", ("app.py", "docs.md"))
    assert "source" not in tomllib.loads(ws.session_path("s").read_text())["items"]["files-modified"]
    assert ws.refresh(edited).kept == ("files-modified",)


def test_workspace_refresh_saves_only_when_something_changed(tmp_path: Path):
    repo = make_repo(tmp_path / "repo")
    ws = Workspace.open(tmp_path / "repo")
    session = ws.create("s")
    path = ws.session_path("s")
    before = path.stat().st_ino  # a save replaces the file, so a new inode
    assert ws.refresh(session).session == session
    assert path.stat().st_ino == before
    commit(repo, "Fix the crash", {"app.py": "print('fixed')\n"})
    result = ws.refresh(session)
    assert result.updated == ("files-modified", "changes-made")
    assert Workspace.open(tmp_path / "repo").load("s").git.head == repo.head.commit.hexsha


def test_bad_git_table_or_source_is_a_one_line_error(tmp_path: Path):
    ws = Workspace.open(tmp_path)
    ws.create("s")
    path = ws.session_path("s")
    good = path.read_text()
    for bad in (good.replace('created_by = "Dana Tester"\n',
                             'created_by = "Dana Tester"\ngit = 3\n'),
                good.replace("[items.critical-business-impact]\nvalue = false\n",
                             "[items.critical-business-impact]\nvalue = false\nsource = 1\n")):
        assert bad != good
        path.write_text(bad)
        with pytest.raises(SessionError, match=f"^{path}: ") as caught:
            ws.load("s")
        assert "\n" not in str(caught.value)
