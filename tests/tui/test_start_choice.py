"""The start screen offers every checklist and highlights the one to prefer: the repo's
configured default, else a template named hotfix, else the built-in hotfix checklist; a
generic contributor template is offered, never preselected. An explicit `--checklist`
skips the choice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import OptionList

from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.start import StartScreen
from tests.conftest import PROJECT
from tests.tui.helpers import app_for

TEMPLATES = PROJECT / "tests" / "data" / "templates"


def add_template(repo: Path, where: str, body: str) -> None:
    path = repo / where
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(TEMPLATES / body, path)


@pytest.mark.parametrize(("hotfix_template", "config", "preferred"), [
    (False, None, "hotfix"),  # the built-in one
    (True, None, "hotfix"),  # the repo's template named hotfix, which shadows the built-in
    (True, 'checklist = "incident"\n', "incident"),
])
async def test_the_preferred_checklist_is_highlighted_and_the_generic_one_offered(
        repo_path: Path, hotfix_template, config, preferred):
    add_template(repo_path, ".github/pull_request_template.md", "boxes.md")
    add_template(repo_path, ".gitlab/merge_request_templates/incident.md", "fields.md")
    if hotfix_template:
        add_template(repo_path, ".github/PULL_REQUEST_TEMPLATE/hotfix.md", "levels.md")
    if config:
        (repo_path / ".hotfix").mkdir()
        (repo_path / ".hotfix" / "config.toml").write_text(config)
    app = app_for(repo_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        choices = app.screen.query_one("#choices", OptionList)
        prompts = [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]
        assert prompts[0] == f"Start hotfix-login-crash with the {preferred} checklist"
        assert "Start hotfix-login-crash with the pull-request-template checklist" in prompts
        assert choices.highlighted == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert app.session is not None and app.session.checklist.name == preferred
    if preferred == "hotfix":
        is_template = app.session.checklist.source != PROJECT / "checklists" / "hotfix.toml"
        assert is_template == hotfix_template


async def test_an_explicit_checklist_is_used_without_asking(repo_path: Path):
    add_template(repo_path, ".github/pull_request_template.md", "boxes.md")
    add_template(repo_path, ".github/PULL_REQUEST_TEMPLATE/hotfix.md", "levels.md")
    app = app_for(repo_path, checklist="pull-request-template")
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert app.session is not None and app.session.checklist.name == "pull-request-template"
