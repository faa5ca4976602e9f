"""The app left open across `git checkout`: saving pauses while another branch is checked
out (the session file is that branch's), nothing typed is lost, and saving resumes on
return."""

from __future__ import annotations

from pathlib import Path

from hotfix_tui.cli import main
from tests.conftest import make_repo
from tests.tui.helpers import app_for, saved_value, until


async def test_saving_pauses_on_another_branch_and_resumes_on_return(tmp_path: Path):
    repo = make_repo(tmp_path / "repo")
    root = tmp_path / "repo"
    assert main(["new", "--repo", str(root), "--as", "Dana"]) == 0
    repo.git.add("-A")
    repo.git.commit("-q", "-m", "hotfix session")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.show_section("critical-issue-description")
        await until(pilot, lambda: app.focused is not None)
        repo.git.checkout("-q", "-b", "other-work")
        await until(pilot, lambda: app.notices.showing("branch"))
        assert app.branch_watch.away == "other-work"

        app.screen.query_one("#item-root-cause").focus()
        await pilot.press(*"stale key")
        await until(pilot, lambda: app.unsaved)
        assert not await app.flush()  # not written onto the other branch
        assert saved_value(root, "root-cause") == ""
        await pilot.press("ctrl+q")  # quitting now would lose it: it says so first
        assert app.is_running

        repo.git.checkout("-q", "hotfix/login-crash")  # the file is the branch's again
        await until(pilot, lambda: app.branch_watch.away is None)
        await until(pilot, lambda: not app.unsaved)
        assert saved_value(root, "root-cause") == "stale key"
    assert repo.git.status("--porcelain", ".hotfix/hotfix-login-crash.toml").startswith(" M")
