"""The palette also finds a subsection by its title and a phase's approval by its phase and
role, and opens it with focus there."""

from __future__ import annotations

from pathlib import Path

from hotfix_tui.tui.widgets.phase_approvals import approval_id
from tests.tui.helpers import app_for, until


async def test_the_palette_finds_a_subsection_and_focuses_its_first_item(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await pilot.press("ctrl+p", *"risk mitigation")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: app.focused is not None
                    and app.focused.id == "item-automated-tests")
        assert app.screen.current == "risk-assessment"


async def test_the_palette_finds_a_phase_approval_and_focuses_its_box(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.focused is not None)
        await app.screen.show_section("risk-assessment")
        await pilot.press("ctrl+p", *"approval: qualification - technical lead")
        await pilot.pause(0.3)
        await pilot.press("enter")
        phase = app.screen.session.checklist.phases[0]
        await until(pilot, lambda: app.focused is not None
                    and app.focused.id == approval_id(phase, "Technical Lead"))
        assert app.screen.current == "qualification"
