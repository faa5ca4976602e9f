"""Behaviour comes from what a checklist declares, never from its item ids: a copy of the
built-in checklist with every id renamed works exactly as the original, in a real repo."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hotfix_tui.core.definition.loader import parse_checklist
from hotfix_tui.core.errors import ChecklistError
from hotfix_tui.core.markdown.release_notes import changelog_bullets, release_notes
from hotfix_tui.core.model.events import QUALIFIED
from hotfix_tui.core.workspace import Workspace
from tests.conftest import HOTFIX_CHECKLIST
from tests.gitrepos import commit

DAY = date(2026, 11, 23)
ID = re.compile(r'^(\s*id = ")([a-z0-9-]+)"', re.MULTILINE)
# What names another id: a section's phase, a longtext filled from an item's run, the
# item asking the same question.
PHASE_REF = re.compile(r'^(\s*(?:phase|evidence_of|same_as) = ")([a-z0-9-]+)"', re.MULTILINE)


def renamed(text: str) -> str:
    """The built-in checklist with every item, section and phase id changed."""
    text = ID.sub(lambda m: f'{m[1]}team-{m[2][::-1]}"', text)
    text = PHASE_REF.sub(lambda m: f'{m[1]}team-{m[2][::-1]}"', text)
    return text.replace('name = "hotfix"', 'name = "team"', 1)


def team_id(original: str) -> str:
    return f"team-{original[::-1]}"


def fill_in(ws: Workspace, name: str, ids: dict[str, str]) -> None:
    """The same incident, typed into either checklist (ids given by the original's)."""
    session = ws.load(name)
    for original, value in (("problem-statement", "Logins fail after deploy"),
                            ("root-cause", "A stale cache key"),
                            ("why-this-solution", "Smallest safe change"),
                            ("production-impact", "Checkout down"),
                            ("critical-bug", "#4242"),
                            ("issue-severity", "Emergency"),
                            ("rollback-strategy-documented", True),
                            ("rolling-deployment", True)):
        session = ws.change(session, ids[original], value)
    ws.save(session)


def test_renamed_ids_behave_exactly_like_the_original(repo_path: Path):
    import git

    repo = git.Repo(repo_path)
    commit(repo, "Fix the stale cache key", {"src/cache.py": "KEY = 2\n"},
           when="2026-11-23T10:00:00+00:00")
    team = repo_path / ".hotfix" / "checklists" / "team.toml"
    team.parent.mkdir(parents=True)
    team.write_text(renamed(HOTFIX_CHECKLIST.read_text()))

    ws = Workspace.open(repo_path)
    original_ids = {item.id: item.id for item in ws.checklist("hotfix").items()}
    team_ids = {item_id: team_id(item_id) for item_id in original_ids}
    assert set(team_ids.values()) == {item.id for item in ws.checklist("team").items()}

    sessions = {}
    for name, checklist, ids in (("orig", "hotfix", original_ids), ("team", "team", team_ids)):
        created = ws.create(name, checklist)  # filled in from git on creation
        assert created.value(created.checklist.item(ids["files-modified"])) == ("src/cache.py",)
        assert created.value(created.checklist.item(ids["changes-made"])) == (
            "- Fix the stale cache key")
        fill_in(ws, name, ids)
        session = ws.load(name)
        # The incident clock: response time from the first change.
        assert session.value(session.checklist.item(ids["response-time"])) != ""
        # Qualification: done when its section is, recorded once.
        for item in session.checklist.qualification.items():
            value = True if item.kind == "check" else item.options[0]
            session = ws.change(session, item.id, value)
        session = ws.save(session)
        assert [e.event for e in session.events].count(QUALIFIED) == 1
        # Stale ticks: a testing box ticked before a newer code commit.
        session = ws.save(ws.change(session, ids["primary-workflow"], True))
        sessions[name] = session
    commit(repo, "Follow-up fix", {"src/cache.py": "KEY = 3\n"}, when="2099-01-01T00:00:00+00:00")
    for name, ids in (("orig", original_ids), ("team", team_ids)):
        assert [item.id for item in ws.stale_items(ws.load(name))] == [ids["primary-workflow"]]

    # The notes are named after the session: give both the same name.
    orig, renamed_session = (sessions[name]._replace(name="hotfix-login-crash")
                             for name in ("orig", "team"))
    assert release_notes(orig, "1.4.3", DAY) == release_notes(renamed_session, "1.4.3", DAY)
    assert changelog_bullets(orig) == changelog_bullets(renamed_session) == (
        "Fix the stale cache key (#4242)",)
    notes = release_notes(orig, "1.4.3", DAY)
    for said in ("Logins fail after deploy", "- Fix the stale cache key", "Smallest safe change",
                 "Fixes #4242"):
        assert said in notes


@pytest.mark.parametrize(("block", "problem"), [
    ('kind = "check"\nlabel = "X"\nfill = "git-files"', "a check item cannot be fill"),
    ('kind = "list"\nlabel = "X"\nclock = "response"', "a list item cannot be clock"),
    ('kind = "text"\nlabel = "X"\nrelease = "rollback"', "a text item cannot be release"),
    ('kind = "text"\nlabel = "X"\nclock = "lunch"', "clock 'lunch' is not one of"),
])
def test_declarations_that_do_not_fit_name_the_line(block: str, problem: str):
    text = ('name = "x"\n[[sections]]\nid = "s"\ntitle = "S"\n[[sections.blocks]]\n'
            f'id = "i"\n{block}\n')
    with pytest.raises(ChecklistError, match=f"^<checklist>:9: item 'i': {problem}"):
        parse_checklist(text)


def test_one_item_per_job():
    text = ('name = "x"\n[[sections]]\nid = "s"\ntitle = "S"\n'
            '[[sections.blocks]]\nid = "a"\nkind = "text"\nlabel = "A"\nclock = "response"\n'
            '[[sections.blocks]]\nid = "b"\nkind = "text"\nlabel = "B"\nclock = "response"\n')
    with pytest.raises(ChecklistError, match="clock 'response' is already item 'a''s"):
        parse_checklist(text)
