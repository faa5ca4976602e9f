"""`hotfix pr` as people run it: the console script, the real gh, a local GitHub."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from hotfix_tui.core.workspace import Workspace
from tests.fakegithub import FakeGitHub
from tests.forge.conftest import BRANCH, SESSION
from tests.forge.test_live_pr import hotfix_files, on_the_website


def hotfix(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The installed `hotfix` command, with the environment gh was pointed with."""
    program = shutil.which("hotfix")
    assert program is not None
    return subprocess.run([program, *args], cwd=repo, capture_output=True, text=True,
                          env=os.environ.copy(), timeout=120, check=False)


def test_hotfix_pr_opens_the_pr_then_keeps_it_in_step_both_ways(repo, session, github: FakeGitHub):
    assert hotfix(repo, "set", "problem-statement", "Login crashes after deploy").returncode == 0
    opened = hotfix(repo, "pr")
    assert (opened.returncode, opened.stderr) == (0, "")
    url = "http://github.localhost/owner/repo/pull/1"
    assert opened.stdout.splitlines() == [
        f"pushed {BRANCH} to origin (it had no upstream)",
        f"opened GitHub PR #1 as a draft (required items are unmet): {url}"]
    assert github.pulls[1].draft

    # A reviewer ticks a box on the website; here someone ticks another and fills a field.
    on_the_website(github, "- [ ] Reviewed", "- [x] Reviewed")
    assert hotfix(repo, "set", "deployed", "true").returncode == 0
    synced = hotfix(repo, "pr")
    assert (synced.returncode, synced.stderr) == (0, "")
    assert synced.stdout.splitlines() == [f"GitHub PR #1: {url}",
                                          "from the PR: Reviewed: ticked",
                                          "to the PR: Deployed"]
    assert "- [x] Reviewed" in github.pulls[1].body and "- [x] Deployed" in github.pulls[1].body
    log = hotfix(repo, "log").stdout
    assert any("GitHub PR #1" in line and "ticked Reviewed" in line for line in log.splitlines())

    again = hotfix(repo, "pr")
    assert again.stdout.splitlines() == [
        f"GitHub PR #1: {url}", "already in step: nothing to take in, nothing to push"]


def test_a_conflict_is_named_and_the_sessions_value_kept(repo, session, github):
    assert hotfix(repo, "pr").returncode == 0
    assert hotfix(repo, "set", "ticket", "INC-1").returncode == 0
    on_the_website(github, "**Ticket:** ", "**Ticket:** INC-2")
    synced = hotfix(repo, "pr")
    assert synced.returncode == 0
    assert ("conflict: Ticket changed on both sides: kept the session's 'INC-1', not the PR's "
            "'INC-2'") in synced.stdout.splitlines()
    assert "**Ticket:** INC-1" in github.pulls[1].body


def test_offline_is_one_line_exit_2_and_the_session_untouched(repo, session, github):
    assert hotfix(repo, "pr").returncode == 0
    assert hotfix(repo, "set", "reviewed", "true").returncode == 0
    before = hotfix_files(repo)
    github.stop()
    failed = hotfix(repo, "pr")
    assert (failed.returncode, failed.stdout) == (2, "")
    assert failed.stderr.count("\n") == 1
    assert failed.stderr.startswith("hotfix: error: cannot read PR #1: GitHub is out of reach")
    assert "`hotfix pr` again later" in failed.stderr
    assert "pr-unpushed.md" in failed.stderr
    assert hotfix_files(repo) == before


def test_not_signed_in_names_gh_auth_login(repo, session, github, monkeypatch):
    monkeypatch.delenv("GH_TOKEN")
    monkeypatch.delenv("GH_HOST")
    failed = hotfix(repo, "pr")
    assert failed.returncode == 2 and failed.stderr.count("\n") == 1
    assert "`gh auth login`" in failed.stderr and github.operations == []


def test_a_closed_pr_says_to_reopen_it(repo, session, github):
    assert hotfix(repo, "pr").returncode == 0
    github.set_state(1, "CLOSED")
    failed = hotfix(repo, "pr")
    assert failed.returncode == 2
    assert failed.stderr.startswith("hotfix: error: GitHub PR #1 is closed: reopen it (")


def test_a_pr_gone_from_github_says_how_to_open_a_new_one(repo, session, github):
    assert hotfix(repo, "pr").returncode == 0
    del github.pulls[1]  # deleted by an admin, or the repository was recreated
    failed = hotfix(repo, "pr")
    assert failed.returncode == 2 and len(failed.stderr.splitlines()) == 1
    assert "no such pull request any more" in failed.stderr
    assert f".hotfix/{SESSION}.pr/" in failed.stderr
    shutil.rmtree(repo / ".hotfix" / f"{SESSION}.pr")
    assert hotfix(repo, "pr").returncode == 0  # the record gone: a new PR is opened
    assert len(github.pulls) == 1


def test_what_looks_like_a_secret_is_not_pushed(repo, session, github):
    token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
    assert hotfix(repo, "set", "ticket", token).returncode == 0
    failed = hotfix(repo, "pr")
    assert failed.returncode == 2 and "--allow-secret" in failed.stderr
    assert token not in failed.stderr and github.pulls == {}
    assert hotfix(repo, "pr", "--allow-secret").returncode == 0
    assert token in github.pulls[1].body


def test_no_session_is_one_line(repo, github):
    failed = hotfix(repo, "pr")
    assert failed.returncode == 2 and "no such session" in failed.stderr
    assert not Workspace.open(repo).exists(SESSION) and github.operations == []
