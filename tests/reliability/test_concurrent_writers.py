"""Two writers on one session: no change is silently lost, the later change to the same
item wins, a killed writer's lock blocks no one, and git merges different items."""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import git
import pytest

from hotfix_tui.core.storage.files import file_lock
from hotfix_tui.core.workspace import Workspace
from tests.conftest import make_repo
from tests.terminal import HOTFIX
from tests.tui.helpers import app_for, until

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)


def value(session, item_id):
    return session.value(session.checklist.item(item_id))


def test_two_workspaces_changing_different_items_keep_both(repo_path: Path):
    first, second = Workspace.open(repo_path, "Ann"), Workspace.open(repo_path, "Bob")
    first.create("s")
    mine, theirs = first.load("s"), second.load("s")
    mine = first.set_value(mine, "root-cause", "cache")
    synced = second.save_merged(second.change(theirs, "critical-bug", "77"))
    assert value(synced.session, "root-cause") == "cache"
    assert synced.from_others == ("root-cause",)
    loaded = Workspace.open(repo_path).load("s")
    assert value(loaded, "root-cause") == "cache" and value(loaded, "critical-bug") == "77"


def test_the_later_change_to_the_same_item_wins(repo_path: Path):
    first, second = Workspace.open(repo_path, "Ann"), Workspace.open(repo_path, "Bob")
    first.create("s")
    early = first.load("s").with_value("root-cause", "early", at=T0, by="Ann")
    late = second.load("s").with_value("root-cause", "late", at=T0 + timedelta(seconds=5),
                                       by="Bob")
    second.save(late)
    kept = first.save_merged(early)  # saved last, but changed first
    assert value(kept.session, "root-cause") == "late"
    assert kept.from_others == ("root-cause",)
    assert value(Workspace.open(repo_path).load("s"), "root-cause") == "late"


def test_parallel_clis_setting_different_items_lose_nothing(repo_path: Path):
    Workspace.open(repo_path).create("s")
    items = ["critical-bug", "incident-report", "support-tickets", "production-impact",
             "affected-users", "incident-id", "authorized-by", "business-justification"]
    runs = [subprocess.Popen([str(HOTFIX), "set", "--session", "s", item, f"v-{item}"],
                             cwd=repo_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for item in items]
    for run in runs:
        assert run.wait(timeout=60) == 0, run.stderr.read() if run.stderr else ""
    loaded = Workspace.open(repo_path).load("s")
    assert {item: value(loaded, item) for item in items} == {i: f"v-{i}" for i in items}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_killed_writers_lock_blocks_no_one(repo_path: Path):
    workspace = Workspace.open(repo_path)
    session = workspace.create("s")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child holds the lock until it is killed
        path = workspace.session_path("s")
        with file_lock(path, workspace.layout.lock(path)):
            os.write(write_end, b"locked")
            signal.pause()
        os._exit(0)
    assert os.read(read_end, 6) == b"locked"
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    # Would wait LOCK_WAIT seconds and fail if the dead process still held the lock.
    workspace.set_value(session, "root-cause", "after the kill")
    assert value(Workspace.open(repo_path).load("s"), "root-cause") == "after the kill"


async def test_the_app_shows_changes_saved_by_someone_else(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        other = Workspace.open(repo_path, "Bob")
        other.set_value(other.load("hotfix-login-crash"), "no-viable-workaround", True)
        await until(pilot, lambda: value(app.session, "no-viable-workaround") is True,
                    attempts=150)
        checkbox = app.screen.query_one("#item-no-viable-workaround")
        assert checkbox.value is True
        # The notice is a message of its own: it reaches the app a moment after the value.
        await until(pilot, lambda: any("No viable workaround (Bob)" in str(n.message)
                                       for n in app._notifications))
        await pilot.press("space")  # the app's own change still saves, merged
        await until(pilot, lambda: not app.unsaved)
    loaded = Workspace.open(repo_path).load("hotfix-login-crash")
    assert value(loaded, "critical-business-impact") is True
    assert value(loaded, "no-viable-workaround") is True


def test_two_clones_merge_the_session_file_without_conflict(tmp_path: Path):
    origin = tmp_path / "origin"
    make_repo(origin)
    Workspace.open(origin).create("shared")
    repo = git.Repo(origin)
    repo.index.add([".hotfix/shared.toml"])
    repo.index.commit("start the hotfix session")
    ann = git.Repo.clone_from(origin, tmp_path / "ann", branch="hotfix/login-crash")
    bob = git.Repo.clone_from(origin, tmp_path / "bob", branch="hotfix/login-crash")
    # Neighbouring items in the file, so their changes are as close as they can be.
    for clone, item, text in ((ann, "problem-statement", "Login fails\nfor SSO users"),
                              (bob, "root-cause", "Expired cert")):
        ws = Workspace.open(Path(clone.working_tree_dir), author=item)
        ws.set_value(ws.load("shared"), item, text)
        clone.index.add([".hotfix/shared.toml"])
        clone.index.commit(f"set {item}")
    ann.remote().push("hotfix/login-crash:refs/heads/ann")
    bob.git.fetch(str(origin), "ann")
    bob.git.merge("FETCH_HEAD", "-m", "merge ann")  # raises on a conflict
    merged = Workspace.open(Path(bob.working_tree_dir)).load("shared")
    assert value(merged, "problem-statement") == "Login fails\nfor SSO users"
    assert value(merged, "root-cause") == "Expired cert"


async def test_outside_saves_while_typing_never_take_back_a_keystroke(repo_path: Path):
    """Another process saves other items (in this section and others) between the keys
    of a field being typed: every key stays, in the field and in the file."""
    app = app_for(repo_path)
    typed = "stale cache key after the deploy"
    others = ["no-viable-workaround", "critical-business-impact", "rollback-strategy-documented",
              "automated-tests"]
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.show_section("critical-issue-description")
        field = app.screen.query_one("#item-root-cause")
        field.focus()
        await pilot.pause()
        bob = Workspace.open(repo_path, "Bob")
        for i, key in enumerate(typed):
            await pilot.press("space" if key == " " else key)
            if i % 3 == 0:
                session = bob.load("hotfix-login-crash")
                if i % 2:  # a field beside the one being typed
                    bob.set_value(session, "impact-assessment", f"impact, take {i}")
                else:
                    item = others[i // 3 % len(others)]
                    bob.set_value(session, item, not session.value(session.checklist.item(item)))
                await app.autosave.check_outside()  # what the app's timer does each second
        assert field.text == typed
        await until(pilot, lambda: not app.unsaved)
        assert field.text == typed
        assert app.screen.query_one("#item-impact-assessment").text.startswith("impact, take")
    assert value(Workspace.open(repo_path).load("hotfix-login-crash"), "root-cause") == typed
