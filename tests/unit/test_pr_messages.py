"""What `hotfix pr` tells people: what a sync did (no forge needed), and what gh said."""

from __future__ import annotations

from datetime import UTC, datetime

from hotfix_tui.core.definition.loader import load_checklist
from hotfix_tui.core.forge import OPEN, PullRequest
from hotfix_tui.core.markdown.body_merge import Change, Conflict, Said
from hotfix_tui.core.model.session import Session
from hotfix_tui.core.pr_sync import PrSync, pr_summary, pr_title
from tests.conftest import HOTFIX_CHECKLIST

T0 = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
URL = "https://github.example/o/r/pull/12"


def synced(**what: object) -> PrSync:
    session = Session(name="hotfix-login-crash", checklist=load_checklist(HOTFIX_CHECKLIST),
                      created_at=T0, created_by="Dana")
    pr = PullRequest(12, URL, "", OPEN, False, T0, "hotfix/login-crash")
    return PrSync(session, pr, T0, "GitHub PR #12")._replace(**what)


def test_what_came_in_went_out_and_clashed_is_named_by_label():
    result = synced(
        pulled=(Change("automated-tests", Said(True), "GitHub PR #12", T0),
                Change("database-rollback", Said(True, "No schema change"), "GitHub PR #12", T0),
                Change("root-cause", Said("Stale cache key\nafter the deploy"), "x", T0)),
        sent=("monitoring-plan", "affected-users"), body_pushed=True,
        conflicts=(Conflict("affected-users", "Affected Users", Said("EU"), Said("")),),
        kept=("Lee: agreed",))
    assert pr_summary(result) == [
        f"GitHub PR #12: {URL}",
        "from the PR: Automated Tests: ticked",
        "from the PR: Database Rollback: N/A (No schema change)",
        "from the PR: Root Cause: 'Stale cache key'",
        "to the PR: Monitoring Plan, Affected Users",
        "conflict: Affected Users changed on both sides: kept the session's 'EU', not the "
        "PR's empty",
        "kept 1 line(s) people added to the PR's body",
    ]


def test_many_parts_not_found_are_summed_up():
    lines = pr_summary(synced(problems=tuple(f"item-{n}: not found" for n in range(9))))
    assert lines[1:] == [*(f"not read from the PR: item-{n}: not found" for n in range(4)),
                         "not read from the PR: and 5 more items not found",
                         "already in step: nothing to take in, nothing to push"]


def test_the_title_is_the_problem_statements_first_line():
    session = synced().session
    assert pr_title(session) == "Login crash"
    session = session.with_value("problem-statement", "\n  Login fails for SSO users  \nmore",
                                 at=T0, by="Dana")
    assert pr_title(session) == "Login fails for SSO users"


def test_the_title_has_no_control_or_bidi_character_and_fits_github():
    session = synced().session.with_value(
        "problem-statement", "Login \x1b[31mcrash\u202e for ע\x07 users", at=T0, by="Dana")
    assert pr_title(session) == "Login [31mcrash for ע users"
    session = session.with_value("problem-statement", "x" * 5000, at=T0, by="Dana")
    assert pr_title(session) == "x" * 255 + "…"


def test_what_gh_says_reaches_the_message_as_one_plain_line():
    from hotfix_tui.core.forge.github import _explain

    message = _explain("read PR #1", 1, "warning\nGraphQL: bad \x1b[31mthing\x07 happened\n\n")
    assert message == "cannot read PR #1: GraphQL: bad \\x1b[31mthing\\x07 happened"
    assert _explain("read PR #1", 4, "To get started with GitHub CLI, please run: gh auth "
                    "login").startswith("not signed in to GitHub: run `gh auth login` once")
