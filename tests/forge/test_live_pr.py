"""`hotfix pr` end to end in the core: the real gh, a local GitHub, a real git repo.

The PR is opened, and then kept in step both ways: what the session changes is pushed,
what people change on the website comes into the session (logged as from the PR), and
neither side's change is ever lost.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import git
import pytest

from hotfix_tui.core.errors import ForgeError
from hotfix_tui.core.markdown.render import pr_body
from hotfix_tui.core.model.events import TICKED
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.pr_sync import pr_summary
from hotfix_tui.core.workspace import Workspace
from tests.fakegithub import FakeGitHub
from tests.forge.conftest import BRANCH, SESSION


def hotfix_files(repo: Path) -> dict[str, bytes]:
    """Every file the session keeps in the repo (not exports, locks or temp files)."""
    folder = repo / ".hotfix"
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*")
            if path.is_file() and "out" not in path.relative_to(folder).parts
            and not path.name.startswith(".")}


def on_the_website(github: FakeGitHub, old: str, new: str, number: int = 1) -> None:
    body = github.pulls[number].body.replace("\r\n", "\n")
    assert old in body
    github.edit_on_web(number, body.replace(old, new, 1))


def complete(ws: Workspace, session: Session) -> Session:
    session = ws.change(session, "problem-statement", "Login crashes after the deploy")
    return ws.save(ws.change(session, "tested", True))


def opened(ws: Workspace, session: Session) -> Session:
    return ws.sync_pr(ws.set_value(session, "problem-statement", "Login crashes\nafter deploy")
                      ).session


def test_a_new_pr_is_a_draft_while_required_items_are_unmet(ws, session, github, repo):
    session = ws.set_value(session, "problem-statement", "Login crashes\nafter the deploy")
    result = ws.sync_pr(session)

    pull = github.pulls[1]
    assert result.created and result.pr.number == 1 and result.pr.url.endswith("/pull/1")
    assert (pull.draft, pull.head, pull.base) == (True, BRANCH, "main")
    assert pull.title == "Login crashes"  # the problem statement's first line
    assert pull.body == pr_body(session)
    # The branch had no upstream: pushed, and it tracks origin now.
    assert result.pushed_branch is not None and result.pushed_branch.remote == "origin"
    with git.Repo(repo) as clone:
        assert clone.heads[BRANCH].tracking_branch().name == f"origin/{BRANCH}"
    # What the session knows of its PR is committed with it, not git-ignored.
    record = ws.pr_record(session)
    assert record is not None and (record.number, record.url) == (1, result.pr.url)
    base = ws.layout.pr_base(ws.session_path(SESSION))
    assert base.read_text() == pull.body
    with git.Repo(repo) as clone:
        assert not clone.ignored(str(base), str(ws.layout.pr_record(ws.session_path(SESSION))))
    assert pr_summary(result) == [
        f"pushed {BRANCH} to origin (it had no upstream)",
        f"opened GitHub PR #1 as a draft (required items are unmet): {result.pr.url}"]


def test_a_complete_session_opens_a_ready_pr(ws, session, github):
    result = ws.sync_pr(complete(ws, session))
    assert result.created and not github.pulls[1].draft and not result.pr.draft


def test_the_title_is_the_sessions_name_without_a_problem_statement(ws, session, github):
    ws.sync_pr(ws.set_value(session, "tested", True))
    assert github.pulls[1].title == "Login crash"


def test_a_title_that_looks_like_a_flag_is_still_the_title(ws, session, github):
    ws.sync_pr(ws.set_value(session, "problem-statement", "--draft users cannot log in"))
    assert github.pulls[1].title == "--draft users cannot log in"


def test_a_draft_is_marked_ready_when_the_last_required_item_is_done(ws, session, github):
    session = opened(ws, session)
    result = ws.sync_pr(ws.set_value(session, "tested", True))
    assert result.marked_ready and not github.pulls[1].draft
    assert pr_summary(result)[-1] == "marked ready for review: every required item is done"


def test_a_local_tick_is_pushed(ws, session, github):
    session = opened(ws, session)
    result = ws.sync_pr(ws.set_value(session, "reviewed", True))
    assert result.body_pushed and result.sent == ("reviewed",) and github.body_edits == 1
    assert "- [x] Reviewed" in github.pulls[1].body
    assert github.pulls[1].body == pr_body(result.session)


def test_a_tick_on_the_website_comes_in_logged_as_from_the_pr(ws, session, github):
    session = opened(ws, session)
    on_the_website(github, "- [ ] Reviewed", "- [x] Reviewed")
    ticked_at = github.pulls[1].updated_at
    result = ws.sync_pr(session)

    assert [(c.item_id, c.said.value) for c in result.pulled] == [("reviewed", True)]
    saved = ws.load(SESSION)  # saved, not only returned
    state = saved.state("reviewed")
    assert state is not None and state.value is True
    assert (state.updated_by, state.updated_at) == ("GitHub PR #1", ticked_at)
    event = saved.events[-1]
    assert (event.event, event.item, event.by, event.at) == (TICKED, "reviewed", "GitHub PR #1",
                                                              ticked_at)
    # The PR already says what the session says now (in CRLF): nothing to push.
    assert not result.body_pushed and github.body_edits == 0
    assert pr_summary(result)[1:] == ["from the PR: Reviewed: ticked"]


def test_changes_to_different_items_on_both_sides_are_both_kept(ws, session, github):
    session = opened(ws, session)
    session = ws.set_value(session, "deployed", True)
    on_the_website(github, "- [ ] Reviewed", "- [x] Reviewed")
    result = ws.sync_pr(session)

    assert [c.item_id for c in result.pulled] == ["reviewed"] and result.sent == ("deployed",)
    saved = ws.load(SESSION)
    assert saved.value(saved.checklist.item("reviewed")) is True
    assert saved.value(saved.checklist.item("deployed")) is True
    body = github.pulls[1].body
    assert "- [x] Reviewed" in body and "- [x] Deployed" in body and github.body_edits == 1


def test_the_same_item_changed_on_both_sides_keeps_the_sessions_and_says_so(ws, session, github):
    session = opened(ws, session)
    session = ws.set_value(session, "ticket", "INC-1")
    on_the_website(github, "**Ticket:** ", "**Ticket:** INC-2")
    result = ws.sync_pr(session)

    assert [(c.item_id, c.label, c.ours.value, c.theirs.value) for c in result.conflicts] == [
        ("ticket", "Ticket", "INC-1", "INC-2")]
    assert result.pulled == ()
    assert ws.load(SESSION).value(session.checklist.item("ticket")) == "INC-1"
    assert "**Ticket:** INC-1" in github.pulls[1].body
    assert pr_summary(result)[1:] == [
        "to the PR: Ticket",
        "conflict: Ticket changed on both sides: kept the session's 'INC-1', not the PR's 'INC-2'"]
    # Reported once: the PR now says what the session says.
    again = ws.sync_pr(result.session)
    assert again.conflicts == () and not again.body_pushed


def test_a_second_sync_with_nothing_new_writes_nothing(ws, session, github, repo):
    session = opened(ws, session)
    session = ws.sync_pr(ws.set_value(session, "reviewed", True)).session
    edits, before, asked = github.body_edits, hotfix_files(repo), len(github.operations)
    result = ws.sync_pr(session)
    assert not result.body_pushed and result.pulled == () and github.body_edits == edits
    assert github.operations[asked:] == ["PullRequestByNumber"]  # one read, no write
    assert pr_summary(result) == [f"GitHub PR #1: {result.pr.url}",
                                  "already in step: nothing to take in, nothing to push"]
    assert hotfix_files(repo) == before


def test_offline_is_one_line_and_nothing_changes(ws, session, github, repo):
    session = opened(ws, session)
    session = ws.set_value(session, "reviewed", True)
    before = hotfix_files(repo)
    github.stop()
    with pytest.raises(ForgeError) as failed:
        ws.sync_pr(session)
    message = str(failed.value)
    assert "\n" not in message and "out of reach" in message and "hotfix pr" in message
    assert hotfix_files(repo) == before
    # The body it would have pushed is kept, and the message says where.
    kept = ws.layout.unpushed_body(SESSION)
    assert kept.read_text() == pr_body(session) and "pr-unpushed.md" in message


def test_github_in_trouble_says_to_try_again_later(ws, session, github, repo):
    session = ws.set_value(opened(ws, session), "reviewed", True)
    before = hotfix_files(repo)
    github.trouble = 502
    with pytest.raises(ForgeError) as failed:
        ws.sync_pr(session)
    message = str(failed.value)
    assert "\n" not in message and "HTTP 502" in message and "`hotfix pr` again later" in message
    assert hotfix_files(repo) == before


def test_a_push_that_fails_leaves_the_session_as_it_was(ws, session, github, repo):
    session = opened(ws, session)
    session = ws.set_value(session, "deployed", True)
    on_the_website(github, "- [ ] Reviewed", "- [x] Reviewed")
    before = hotfix_files(repo)
    github.refuse.add("PullRequestUpdate")
    with pytest.raises(ForgeError) as failed:
        ws.sync_pr(session)
    assert "\n" not in str(failed.value) and "update PR #1" in str(failed.value)
    # Not even what came from the website is saved: the next `hotfix pr` does it again.
    assert hotfix_files(repo) == before
    unpushed = ws.layout.unpushed_body(SESSION).read_text()
    assert "- [x] Reviewed" in unpushed and "- [x] Deployed" in unpushed

    github.refuse.clear()
    result = ws.sync_pr(session)
    assert [c.item_id for c in result.pulled] == ["reviewed"] and result.body_pushed
    assert not ws.layout.unpushed_body(SESSION).exists()


def test_not_signed_in_names_gh_auth_login(ws, session, github, repo, monkeypatch):
    monkeypatch.delenv("GH_TOKEN")
    monkeypatch.delenv("GH_HOST")  # gh takes a GH_HOST for a signed-in host
    before = hotfix_files(repo)
    with pytest.raises(ForgeError) as failed:
        ws.sync_pr(session)
    assert "\n" not in str(failed.value) and "`gh auth login`" in str(failed.value)
    assert hotfix_files(repo) == before and github.operations == []


def test_a_token_github_refuses_names_gh_auth_login(ws, session, github, monkeypatch):
    monkeypatch.setenv("GH_TOKEN", "expired")
    with pytest.raises(ForgeError, match="`gh auth login`"):
        ws.sync_pr(session)


def test_gh_missing_says_how_to_install_it(ws, session, tmp_path, monkeypatch):
    git_program = shutil.which("git")
    assert git_program is not None
    bin_dir = tmp_path / "bin"  # git alone
    bin_dir.mkdir()
    (bin_dir / "git").symlink_to(git_program)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(ForgeError, match="`gh` is not installed: install it"):
        ws.sync_pr(session)


def test_no_remote_says_to_add_one(ws, session, repo):
    with git.Repo(repo) as clone:
        clone.git.remote("remove", "origin")
    with pytest.raises(ForgeError, match=r"no git remote: add the GitHub one \(`git remote add"):
        ws.sync_pr(session)


def test_a_merged_pr_cannot_be_synced(ws, session, github, repo):
    session = opened(ws, session)
    github.set_state(1, "MERGED")
    session = ws.set_value(session, "deployed", True)
    before = hotfix_files(repo)
    with pytest.raises(ForgeError, match="GitHub PR #1 is merged: `hotfix pr` cannot sync a merged"):
        ws.sync_pr(session)
    assert hotfix_files(repo) == before and github.body_edits == 0


def test_a_closed_pr_says_to_reopen_it(ws, session, github):
    session = opened(ws, session)
    github.set_state(1, "CLOSED")
    with pytest.raises(ForgeError, match=r"GitHub PR #1 is closed: reopen it \(http://"):
        ws.sync_pr(session)


def test_a_crlf_body_from_the_website_reads_back_exactly(ws, session, github):
    session = opened(ws, session)
    typed = "Login crashes\n\n- when the cache is cold\n# not a heading\n  indented <!-- x"
    on_the_website(github, "Login crashes\nafter deploy", typed.replace("# not", "\\# not")
                   .replace("<!--", "\\<!--"))
    assert "\r\n" in github.pulls[1].body
    result = ws.sync_pr(session)
    assert ws.load(SESSION).value(session.checklist.item("problem-statement")) == typed
    assert not result.body_pushed  # the same body, only its line endings differ
    assert not ws.sync_pr(result.session).pulled


def test_text_added_outside_the_template_is_kept(ws, session, github):
    session = opened(ws, session)
    on_the_website(github, "## Checks\n", "## Checks\nReviewer: checked on staging, fine.\n")
    on_the_website(github, "- [ ] Deployed\n", "- [ ] Deployed\n\nThanks, Lee\n")
    result = ws.sync_pr(ws.set_value(session, "deployed", True))

    body = github.pulls[1].body
    assert result.body_pushed and result.kept == ("Reviewer: checked on staging, fine.",
                                                  "Thanks, Lee")
    assert "## Checks\nReviewer: checked on staging, fine.\n- [ ] **Tested**" in body
    assert body.endswith("- [x] Deployed\n\nThanks, Lee\n")
    edits = github.body_edits
    assert not ws.sync_pr(result.session).body_pushed and github.body_edits == edits


def test_a_change_on_the_website_while_syncing_is_merged_too(ws, session, github):
    session = opened(ws, session)
    reads = []

    def reviewer_ticks(operation: str) -> None:
        reads.append(operation)
        if operation == "PullRequestByNumber" and reads.count(operation) == 2:
            on_the_website(github, "- [ ] Reviewed", "- [x] Reviewed")

    github.meanwhile = reviewer_ticks
    result = ws.sync_pr(ws.set_value(session, "deployed", True))
    github.meanwhile = None
    body = github.pulls[1].body
    assert "- [x] Reviewed" in body and "- [x] Deployed" in body
    assert [c.item_id for c in result.pulled] == ["reviewed"]


def test_a_pr_opened_by_hand_is_adopted_without_losing_its_ticks(ws, session, github, repo):
    session = ws.set_value(session, "problem-statement", "Login crashes")
    with git.Repo(repo) as clone:
        clone.git.push("--set-upstream", "origin", BRANCH)
    body = pr_body(session).replace("- [ ] Reviewed", "- [x] Reviewed")
    github.pulls[7] = github_pull(github, 7, body)
    result = ws.sync_pr(ws.set_value(session, "deployed", True))

    assert not result.created and result.pr.number == 7
    assert [c.item_id for c in result.pulled] == ["reviewed"]
    assert "- [x] Reviewed" in github.pulls[7].body and "- [x] Deployed" in github.pulls[7].body
    assert ws.pr_record(result.session).number == 7


def github_pull(github: FakeGitHub, number: int, body: str):
    from tests.fakegithub import Pull

    return Pull(number, "By hand", body, BRANCH, "main", False, github.tick())


def test_the_session_and_its_pr_record_are_committed_together(ws, session, repo):
    session = opened(ws, session)
    assert ws.commit(session) is not None
    with git.Repo(repo) as clone:
        files = clone.git.show("--name-only", "--format=", "HEAD").split()
    assert f".hotfix/{SESSION}.pr/record.toml" in files
    assert f".hotfix/{SESSION}.pr/base.md" in files


def test_the_hotfix_checklist_round_trips_through_github(repo, github):
    """The built-in checklist, filled in from git: ticks and text from the website (CRLF)
    come in, a reviewer's note stays, and the body is not pushed back for line endings."""
    ws = Workspace.open(repo)
    session = ws.create(SESSION)  # the built-in checklist, with what git knows
    session = ws.set_value(session, "problem-statement", "Login crashes after deploy")
    assert ws.sync_pr(session).created
    box = "- [ ] **Automated Tests**: All existing tests pass"
    on_the_website(github, box, box.replace("[ ]", "[x]"))
    on_the_website(github, "**Root Cause:**\n", "**Root Cause:**\nStale cache key\n  after the deploy\n")
    on_the_website(github, "## Risk Assessment\n", "## Risk Assessment\nLee: agreed, low risk.\n")
    result = ws.sync_pr(session)

    assert sorted(c.item_id for c in result.pulled) == ["automated-tests", "root-cause"]
    saved = ws.load(SESSION)
    assert saved.value(saved.checklist.item("root-cause")) == "Stale cache key\n  after the deploy"
    assert result.kept == ("Lee: agreed, low risk.",) and not result.body_pushed
    pushed = ws.sync_pr(ws.set_value(saved, "monitoring-plan", True))
    assert pushed.body_pushed and "Lee: agreed, low risk." in github.pulls[1].body


def test_a_body_emptied_on_the_website_is_written_again_and_said_briefly(ws, session, github):
    session = opened(ws, session)
    github.edit_on_web(1, "")
    result = ws.sync_pr(session)
    assert result.pulled == () and result.body_pushed
    assert github.pulls[1].body == pr_body(session)
    assert [line for line in pr_summary(result) if line.startswith("not read")] == [
        f"not read from the PR: {item}: not found in the body ({label})" for item, label in (
            ("problem-statement", "Problem Statement"), ("ticket", "Ticket"),
            ("tested", "Tested"), ("reviewed", "Reviewed"), ("deployed", "Deployed"))]
