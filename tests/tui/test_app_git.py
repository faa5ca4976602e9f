"""The app and git: refresh fills in what git knows, stale ticks are marked, export writes
the release notes next to the PR body."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import git

from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.gitrepos import commit
from tests.tui.helpers import app_for, until


def tagged_repo(path: Path) -> git.Repo:
    repo = make_repo(path, branch="main")
    repo.create_tag("v1.4.2")
    repo.git.checkout("-b", "hotfix/login-crash")
    commit(repo, "Fix token refresh", {"auth.py": "fixed\n"}, when="2026-11-23T10:00:00+00:00")
    return repo


async def test_refresh_fills_in_new_files_and_keeps_typed_values(tmp_path: Path):
    repo = tagged_repo(tmp_path / "repo")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(120, 40)) as pilot:
        # A new session is filled in from git once the screen is up.
        await until(pilot, lambda: app.session.value(
            app.session.checklist.item("files-modified")) == ("auth.py",))
        commit(repo, "Also fix the session cache", {"cache.py": "x\n"})
        await pilot.press("ctrl+g")
        await until(pilot, lambda: len(app.session.value(
            app.session.checklist.item("files-modified"))) == 2)
        await until(pilot, lambda: any(n.title == "Refreshed from git" for n in app._notifications))
        await app.screen.show_section("components-affected")
        editor = app.screen.query_one("#item-files-modified")
        assert editor.text.splitlines() == ["auth.py", "cache.py"]
        await until(pilot, lambda: not app.unsaved)
    saved = Workspace.open(tmp_path / "repo").load("hotfix-login-crash")
    assert saved.value(saved.checklist.item("files-modified")) == ("auth.py", "cache.py")


async def test_ticks_made_before_the_newest_commit_are_marked_stale(tmp_path: Path):
    repo = tagged_repo(tmp_path / "repo")
    ws = Workspace.open(tmp_path / "repo")
    session = ws.create("hotfix-login-crash")
    before = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    session = session.with_value("primary-workflow", True, at=before, by="Dana Tester")
    ws.save(session)
    commit(repo, "Late change", {"late.py": "x\n"}, when="2026-11-23T11:00:00+00:00")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("testing-verification")
        await until(pilot, lambda: "primary-workflow" in app.screen.stale)
        fields = {f.item.id: f for f in app.screen.query("ItemField")}
        assert fields["primary-workflow"].has_class("stale")
        assert not fields["error-scenario"].has_class("stale")


async def test_export_writes_release_notes_for_the_next_patch(tmp_path: Path):
    tagged_repo(tmp_path / "repo")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        shown = str(app.screen.query_one("#export-result").render())
    out = tmp_path / "repo" / ".hotfix" / "out"
    assert (out / "hotfix-login-crash.pr-body.md").is_file()
    notes = (out / "hotfix-login-crash.release-notes.md").read_text()
    assert "1.4.3" in notes and "Release notes 1.4.3" in shown


async def test_export_without_a_release_tag_says_why_there_are_no_notes(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await until(pilot, lambda: any("No release notes" in str(n.message) for n in app._notifications))
    assert not (repo_path / ".hotfix" / "out" / "hotfix-login-crash.release-notes.md").exists()


async def test_a_stale_tick_checked_again_loses_its_mark(tmp_path: Path):
    repo = tagged_repo(tmp_path / "repo")
    ws = Workspace.open(tmp_path / "repo")
    session = ws.create("hotfix-login-crash")
    before = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    ws.save(session.with_value("primary-workflow", True, at=before, by="Dana Tester"))
    commit(repo, "Late change", {"late.py": "x\n"}, when="2026-11-23T11:00:00+00:00")
    app = app_for(tmp_path / "repo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("testing-verification", focus_item="primary-workflow")
        await until(pilot, lambda: "primary-workflow" in app.screen.stale)
        await pilot.press("space", "space")  # untick, tick again: looked at anew
        fields = {f.item.id: f for f in app.screen.query("ItemField")}
        await until(pilot, lambda: not fields["primary-workflow"].has_class("stale"))
        assert "primary-workflow" not in app.screen.stale
