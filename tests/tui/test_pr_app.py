"""The app's pull request: its action opens the PR through the real gh (a local GitHub),
the header shows it, a tick on the website comes in while typing goes on, and a failure
is one notice that leaves the session as it was."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from hotfix_tui.tui.screens.main import MainScreen
from tests.conftest import make_repo
from tests.fakegithub import FakeGitHub, add_github_remote
from tests.tui.helpers import app_for, saved_value, until

BOX = "- [ ] **Automated Tests**: All existing tests pass"


@pytest.fixture
def repo(tmp_path: Path, github: FakeGitHub) -> Path:
    path = tmp_path / "repo"
    with make_repo(path) as clone:
        add_github_remote(clone, github)
    return path


def header(app) -> str:
    return str(app.screen.query_one("#pr", Static).content)


def notices(app, title: str) -> list[str]:
    return [notice.message for notice in app._notifications if notice.title == title]


def failures(app) -> list[object]:
    return [notice for notice in app._notifications if notice.title == "Pull request not synced"]


async def test_the_pr_action_opens_the_pr_and_the_header_shows_it(repo, github):
    app = app_for(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert not app.screen.query_one("#pr", Static).display  # no PR yet: nothing shown
        await pilot.press("ctrl+o")
        await until(pilot, lambda: header(app).startswith("PR #1 · in step "))
        assert app.screen.query_one("#pr", Static).display
        pull = github.pulls[1]
        assert pull.draft and pull.head == "hotfix/login-crash"
        await until(pilot, lambda: notices(app, "GitHub PR #1"))
        assert notices(app, "GitHub PR #1") == [
            "pushed hotfix/login-crash to origin (it had no upstream)\n"
            "opened GitHub PR #1 as a draft (required items are unmet): "
            "http://github.localhost/owner/repo/pull/1"]


async def test_a_tick_on_the_website_comes_in_while_typing_goes_on(repo, github):
    app = app_for(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+o")
        await until(pilot, lambda: 1 in github.pulls and not app._pr_syncing)
        body = github.pulls[1].body
        github.edit_on_web(1, body.replace(BOX, BOX.replace("[ ]", "[x]")))
        # The website answers slowly: the sync waits on it while the user types.
        answer = threading.Event()
        github.meanwhile = lambda operation: answer.wait(15)
        screen = app.screen
        await screen.show_section("critical-issue-description", focus_item="problem-statement")
        await pilot.press("ctrl+o")
        await pilot.press(*"Login fails")
        await until(pilot, lambda: saved_value(repo, "problem-statement") == "Login fails")
        assert app._pr_syncing  # the sync is still waiting for GitHub
        answer.set()
        github.meanwhile = None
        await until(pilot, lambda: not app._pr_syncing)
        await until(pilot, lambda: app.session.value(app.session.checklist.item(
            "automated-tests")) is True)
        await pilot.press(*" at once")
        await app.flush()
        assert saved_value(repo, "automated-tests") is True
        assert saved_value(repo, "problem-statement") == "Login fails at once"
        state = app.session.state("automated-tests")
        assert state is not None and state.updated_by == "GitHub PR #1"


async def test_a_failed_sync_is_one_notice_and_the_session_untouched(repo, github):
    app = app_for(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await pilot.press("ctrl+o")
        await until(pilot, lambda: 1 in github.pulls and not app._pr_syncing)
        await pilot.press("space")  # a tick, saved, that the PR does not hold yet
        await until(pilot, lambda: not app.unsaved)
        session_file = repo / ".hotfix" / "hotfix-login-crash.toml"
        before = session_file.read_bytes()
        github.stop()
        await pilot.press("ctrl+o")
        await until(pilot, lambda: failures(app))
        first = failures(app)
        await pilot.press("ctrl+o")  # again: the notice is replaced, not stacked
        await until(pilot, lambda: failures(app) and failures(app)[0] is not first[0])
        failed = notices(app, "Pull request not synced")
        assert len(failed) == 1 and "GitHub is out of reach" in failed[0]
        assert session_file.read_bytes() == before
        assert header(app).startswith("PR #1 · in step ")  # as it was last in step


async def test_syncing_every_minute_syncs_now_and_after_each_export(repo, github):
    app = app_for(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert not app.pr_every_minute  # off until asked for
        await app.run_action("toggle_pr_every_minute")
        await until(pilot, lambda: 1 in github.pulls and not app._pr_syncing)
        assert app.pr_every_minute
        reads = github.operations.count("PullRequestByNumber")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: github.operations.count("PullRequestByNumber") > reads
                    and not app._pr_syncing)
        await app.run_action("toggle_pr_every_minute")
        assert not app.pr_every_minute
        reads = github.operations.count("PullRequestByNumber")
        await pilot.press("ctrl+e")
        await until(pilot, lambda: notices(app, "Exported"))
        await pilot.pause()
        assert github.operations.count("PullRequestByNumber") == reads


async def test_the_palette_offers_both_pr_commands(repo, github):
    app = app_for(repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Sync pull request" in titles and "Sync PR every minute" in titles
