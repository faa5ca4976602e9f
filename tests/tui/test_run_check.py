"""Running a box's check from the app (Pilot, real temporary git repos, real commands):
asked once with the exact command shown, run in a worker while the user types elsewhere
(both land in the saved session), shown running under the box, cancellable, and a
failure shown on the item. Nothing runs when the app opens."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Static

from hotfix_tui.core.model.events import CHECK_CANCELLED, CHECK_FAILED, CHECK_PASSED, RUN_EVENTS
from hotfix_tui.core.model.evidence import evidence
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.trust import TrustScreen
from hotfix_tui.tui.widgets.check_panel import CheckPanel
from tests.checkrepos import alive, checks_repo
from tests.tui.helpers import app_for, until

SESSION = "hotfix-login-crash"
# The tests check waits for a file the test writes once it has typed: the typing surely
# happens while the check runs. Markup in the command must show as it is.
CHECKS = {"tests": "echo '[b]3 passed[/b]'; until [ -f go ]; do sleep 0.02; done; echo done",
          "error-scenario": "echo reproducing; echo 'KeyError: user'; exit 3",
          "health": "sleep 300 & echo $! > child.pid; echo started; wait"}


def make_repo(tmp_path: Path) -> Path:
    return Path(checks_repo(tmp_path / "repo", CHECKS).working_tree_dir or "")


def saved(root: Path):
    return Workspace.open(root).load(SESSION)


def panel(app, item_id: str) -> CheckPanel:
    return next(p for p in app.screen.query(CheckPanel) if p.item.id == item_id)


def status_text(app, item_id: str) -> str:
    return str(panel(app, item_id).query_one(".check-status", Static).render())


def asked(app) -> list[str]:
    """The commands the approval dialog shows (none until it is up)."""
    if not isinstance(app.screen, TrustScreen):
        return []
    return [str(s.render()) for s in app.screen.query(".trust-command").results(Static)]


async def focus(app, item_id: str) -> None:
    screen = app.main_screen
    await screen.show_section(app.session.checklist.item(item_id).section_id, focus_item=item_id)


async def test_a_check_runs_while_the_user_types_elsewhere_and_both_land(tmp_path: Path):
    root = make_repo(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await focus(app, "automated-tests")
        assert "not run yet" in status_text(app, "automated-tests")
        await pilot.press("r")
        await until(pilot, lambda: asked(app))
        assert asked(app) == [CHECKS["tests"]]  # the exact text, markup and all
        assert app.focused.id == "trust-cancel"  # typing ahead never approves
        await pilot.press("tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.running is not None)
        await until(pilot, lambda: "[b]3 passed[/b]" in str(
            panel(app, "automated-tests").query_one(".check-tail", Static).render()))
        assert status_text(app, "automated-tests").startswith("Running, ")
        await focus(app, "problem-statement")
        await pilot.press(*"Login crashes")
        await until(pilot, lambda: app.session.value(
            app.session.checklist.item("problem-statement")) == "Login crashes")
        assert app.running is not None  # typed while the check ran
        (root / "go").write_text("")
        await until(pilot, lambda: app.running is None)
        await until(pilot, lambda: not app.unsaved)
        await focus(app, "automated-tests")
        box = app.screen.query_one("#item-automated-tests", Checkbox)
        assert box.value is True
        assert status_text(app, "automated-tests").startswith("Last run: passed: exit status 0")
    session = saved(root)
    checklist = session.checklist
    assert session.value(checklist.item("problem-statement")) == "Login crashes"
    assert session.value(checklist.item("automated-tests")) is True
    run = evidence(session, checklist.item("automated-tests"))
    assert run is not None and run.event == CHECK_PASSED
    assert run.excerpt == "[b]3 passed[/b]\ndone"


async def test_a_failing_check_shows_what_failed_on_the_item_and_an_approval_is_asked_once(
        tmp_path: Path):
    root = make_repo(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await focus(app, "error-scenario")
        await pilot.press("r")
        await until(pilot, lambda: asked(app))
        await pilot.click("#trust-approve")
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.running is None
                    and app.session.events[-1].event in RUN_EVENTS)
        text = status_text(app, "error-scenario")
        assert text.startswith("Last run: failed: exit status 3")
        assert "Last line: KeyError: user" in text
        assert panel(app, "error-scenario").has_class("-failed")
        await pilot.press("r")  # approved now: no question
        await until(pilot, lambda: len([e for e in app.session.events
                                        if e.event == CHECK_FAILED]) == 2)
        assert isinstance(app.screen, MainScreen)
        await until(pilot, lambda: not app.unsaved)
    session = saved(root)
    assert session.value(session.checklist.item("error-scenario")) is not True


async def test_cancel_ends_the_check_and_ticks_nothing_and_a_refused_approval_runs_nothing(
        tmp_path: Path):
    root = make_repo(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.running is None and not (root / ".hotfix" / ".local" / "runs").exists()
        await focus(app, "application-health")
        await pilot.press("r")
        await until(pilot, lambda: asked(app))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert app.running is None and not any(e.event in RUN_EVENTS for e in app.session.events)
        await pilot.press("r")
        await until(pilot, lambda: asked(app))
        await pilot.click("#trust-approve")
        await until(pilot, lambda: app.running is not None and app.running.tail.count > 0)
        await pilot.press("r")  # on the running box: cancel
        await until(pilot, lambda: app.running is None)
        await until(pilot, lambda: not app.unsaved)
    session = saved(root)
    assert [e.event for e in session.events if e.event in RUN_EVENTS] == [CHECK_CANCELLED]
    assert session.value(session.checklist.item("application-health")) is not True


async def test_the_palette_offers_each_check_and_all_of_them(tmp_path: Path):
    root = make_repo(tmp_path)
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        titles = [str(c.title) for c in app.get_system_commands(app.screen)]
        assert {"Run check: Automated Tests", "Run check: Error Scenario",
                "Run check: Application Health", "Run all checks"} <= set(titles)
        assert "Run check" not in titles
        assert not any(t.startswith("Cancel check") for t in titles)


async def test_run_all_asks_once_for_every_command_and_runs_them_one_after_another(
        tmp_path: Path):
    root = Path(checks_repo(tmp_path / "repo", {
        "tests": "echo '3 passed'", "error-scenario": "echo 'KeyError: user'; exit 3"}
    ).working_tree_dir or "")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.run_all_checks()
        await until(pilot, lambda: asked(app))
        assert asked(app) == ["echo '3 passed'", "echo 'KeyError: user'; exit 3"]
        skipped = [n.message for n in app._notifications if n.title == "Skipped"]
        assert skipped == ["Not in .hotfix/config.toml [checks]: Application Health (health)"]
        await pilot.click("#trust-approve")
        await until(pilot, lambda: len([e for e in app.session.events
                                        if e.event in RUN_EVENTS]) == 2 and app.running is None)
        await until(pilot, lambda: not app.unsaved)
    session = saved(root)
    assert [(e.item, e.event) for e in session.events if e.event in RUN_EVENTS] == [
        ("automated-tests", CHECK_PASSED), ("error-scenario", CHECK_FAILED)]
    assert session.value(session.checklist.item("automated-tests")) is True


async def test_quitting_while_a_check_runs_ends_its_processes_and_records_it_cancelled(
        tmp_path: Path):
    root = make_repo(tmp_path)
    Workspace.open(root).checks.trust(Workspace.open(root).checklist("hotfix"), "application-health")
    app = app_for(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await focus(app, "application-health")
        await pilot.press("r")  # approved already: runs at once
        await until(pilot, lambda: app.running is not None and app.running.tail.count > 0)
        child = int((root / "child.pid").read_text())
        assert alive(child)
        await pilot.press("ctrl+q")
    assert not alive(child)
    session = saved(root)
    assert [e.event for e in session.events if e.event in RUN_EVENTS] == [CHECK_CANCELLED]
