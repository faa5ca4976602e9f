"""The app opens what a teammate committed, markup and escapes and all, and shows it as
typed: `[/x]` crashes nothing, `github-actions[bot]` keeps its `[bot]`, `[@click=...]` is
text, no painted line carries a control character; an error nothing caught saves what
was typed first and ends the app with exit code 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widgets import Input, Static
from textual.widgets._toast import Toast

from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.widgets.sidebar import Sidebar
from tests.hostile import BOT, COLLEAGUE, NOTE, RAW, SESSION, hostile_repo
from tests.tui.helpers import app_for, saved_value, until


def notices(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def painted(app) -> str:
    """Every line every widget on screen paints, as the terminal gets it."""
    texts = []
    for widget in app.screen.walk_children(with_self=True):
        if widget.display and widget.size.area:
            for strip in widget.render_lines(Region(0, 0, *widget.size)):
                texts.extend(segment.text for segment in strip if not segment.control)
    return "".join(texts)


async def test_a_hostile_session_opens_and_shows_names_and_notes_as_typed(repo_path: Path):
    hostile_repo(repo_path)
    app = app_for(repo_path, SESSION)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: any(NOTE in notice for notice in notices(app)))
        assert any(f"{BOT} holds this session, handed over by {COLLEAGUE}" in notice
                   for notice in notices(app))
        assert app.screen.query_one(Sidebar).border_subtitle == f"held by {BOT}".replace(
            "[", "\\[")  # Textual gives a title back as markup: the bracket is escaped
        assert str(app.screen.query_one("#holder", Static).render()) == f"held by {BOT}"
        box = app.screen.query_one("#item-box")
        assert "Box \\x1b]52;c;cm0gLXJmIH4=\\x07 [/x] *  N/A: ops [/oncall] say no" in box.label.plain
        text = painted(app)
        assert "[/x]" in text and not any(raw in text for raw in RAW)
        assert app.return_code is None  # still running


async def test_the_review_and_the_palette_show_markup_as_text(repo_path: Path):
    hostile_repo(repo_path)
    app = app_for(repo_path, SESSION)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: app.screen.id != "_default" and "Review" in type(app.screen).__name__)
        await pilot.pause()
        assert not any(raw in painted(app) for raw in RAW)
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to: First")
        await pilot.pause(0.3)
        assert "First" in painted(app) and not any(raw in painted(app) for raw in RAW)
        assert app.return_code is None


async def test_a_colleague_named_with_markup_changing_the_open_session(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        other = Workspace.open(repo_path, COLLEAGUE)
        other.set_value(other.load("hotfix-login-crash"), "no-viable-workaround", True)
        await until(pilot, lambda: any(f"({COLLEAGUE})" in notice for notice in notices(app)),
                    attempts=150)
        other.handoff(other.load("hotfix-login-crash"), BOT, NOTE)
        await until(pilot, lambda: any(NOTE in notice for notice in notices(app)), attempts=150)
        assert str(app.screen.query_one("#holder", Static).render()) == f"held by {BOT}"
        assert app.return_code is None


async def test_a_click_action_in_a_note_is_not_clickable(repo_path: Path):
    hostile_repo(repo_path)
    app = app_for(repo_path, SESSION)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await until(pilot, lambda: any(NOTE in toast.render().plain
                                       for toast in app.screen.query(Toast)))
        toast = next(t for t in app.screen.query(Toast) if NOTE in t.render().plain)
        assert not any("@click" in str(span.style) for span in toast.render().spans)
        await pilot.click(toast)
        await pilot.pause()
        assert app.return_code is None and app.is_running


async def test_an_error_nothing_caught_saves_first_and_exits_1(repo_path: Path):
    app = app_for(repo_path)

    def broken() -> None:
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError, match="a bug"):
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            await app.screen.show_section("related-issues")
            await pilot.pause()
            app.screen.query_one("#item-critical-bug", Input).focus()
            await pilot.press(*"4242")
            app.call_later(broken)  # before the save the typing schedules
            await pilot.pause()
    assert app.return_code == 1 and app.saved_before_crash is True
    assert saved_value(repo_path, "critical-bug") == "4242"


async def test_a_reason_holding_a_control_character_is_refused_with_a_notice(repo_path: Path):
    from hotfix_tui.tui.messages import MarkedNotApplicable

    app = app_for(repo_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        app.post_message(MarkedNotApplicable("critical-business-impact", "pasted \x1b]2;x\x07"))
        await until(pilot, lambda: any("not valid text" in notice for notice in notices(app)))
        assert app.return_code is None
        assert app.session.na_reason("critical-business-impact") is None
