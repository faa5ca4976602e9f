"""At 80x24 and in a narrow pane: long labels and approval lines wrap (never cut), a notice
said again replaces itself, a handoff is told once, and no notice covers the field being
typed in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from textual.widgets._toast import Toast

from hotfix_tui.core.workspace import Workspace
from tests.tui.helpers import app_for, until

SESSION = "hotfix-login-crash"
LONG_NAME = "Dana Tester-Longname of the night shift"


async def test_an_approval_line_too_long_for_80_columns_wraps_whole(repo_path: Path):
    ws = Workspace.open(repo_path, LONG_NAME)
    session = ws.create(SESSION)
    ws.save(session.with_value("approval-technical-lead", True,
                               at=datetime(2026, 11, 23, 14, 2, tzinfo=UTC), by=LONG_NAME))
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.show_section("emergency-approval-process",
                                      focus_item="approval-technical-lead")
        box = app.screen.query_one("#item-approval-technical-lead")
        await until(pilot, lambda: box.size.height > 1)
        lines = [strip.text for strip in box.render_lines(box.region.reset_offset)]
        text = " ".join(line.strip() for line in lines)
        assert f"approved by {LONG_NAME}, 2026-11-23 14:02" in text
        assert box.region.right <= app.screen.query_one("#main").region.right


async def test_a_notice_said_twice_at_once_is_shown_once(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        app.notices.show("save", "Not saved: disk full", title="Not saved")
        app.notices.show("save", "Not saved: still full", title="Not saved")
        await until(pilot, lambda: len(app.screen.query(Toast)) == 1)
        assert [str(n.message) for n in app._notifications] == ["Not saved: still full"]


async def test_a_handoff_to_me_is_told_once_not_on_every_open(repo_path: Path):
    bob = Workspace.open(repo_path, "Bob")
    bob.handoff(bob.create(SESSION), "dana tester", "Yours: deploy is half done")
    for told in (True, False):
        app = app_for(repo_path)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda app=app: app.me is not None)
            await pilot.pause()
            shown = any(n.title == "Handed to you" for n in app._notifications)
            assert shown is told
            assert app.screen.query_one("#holder").render().plain == "held by dana tester"
            await app.action_quit()


async def test_in_a_narrow_pane_a_notice_never_covers_the_field_being_typed(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(60, 20), notifications=True) as pilot:
        await pilot.pause()
        await app.screen.show_section("critical-issue-description", focus_item="root-cause")
        await until(pilot, lambda: app.focused.id == "item-root-cause")
        await pilot.press(*"cache key")
        app.notify("Someone else holds this session, handed over by Bob. Your changes are "
                   "recorded as Dana.", title="Held elsewhere", timeout=30)

        def clear() -> bool:
            toasts = [toast.region for toast in app.screen.query(Toast)]
            return bool(toasts) and all(toasts) and not any(
                region.overlaps(app.focused.region) for region in toasts)

        await until(pilot, clear)
        await pilot.press(*" again")
        await until(pilot, lambda: app.focused.text == "cache key again")


def test_the_preview_wraps_long_lines_after_a_space_and_keeps_every_character():
    from hotfix_tui.tui.widgets.text_view import wrapped

    line = "<!-- Provide a detailed description of the critical issue being fixed -->"
    rows = wrapped(line, 30)
    assert "".join(rows) == line and all(len(row) <= 30 for row in rows)
    assert rows[0] == "<!-- Provide a detailed "
    assert wrapped("x" * 70, 30) == ["x" * 30, "x" * 30, "x" * 10]
    assert all(len(row) <= 7 for row in wrapped("登录" * 20, 15))  # two cells each


async def test_the_review_preview_shows_the_whole_body_down_to_its_last_line(repo_path: Path):
    from hotfix_tui.core.markdown.render import pr_body

    app = app_for(repo_path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReviewScreen")
        preview = app.screen.query_one("#preview")
        preview.focus()
        await pilot.press("end")
        await until(pilot, lambda: preview.scroll_y == preview.max_scroll_y > 0)
        last = pr_body(app.session).rstrip("\n").splitlines()[-1]
        painted = [strip.text.rstrip() for strip in preview.render_lines(
            preview.region.reset_offset)]
        assert last.strip() in " ".join(painted)
