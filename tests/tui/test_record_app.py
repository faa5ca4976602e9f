"""The incident record in the app (Pilot, real temporary git repos): N/A with a reason,
who approved, phase approvals, computed times and who holds the session."""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Checkbox, Input, Static

from hotfix_tui.core.model.record import timeline
from hotfix_tui.core.workspace import Workspace
from hotfix_tui.tui.screens.approval import ApprovalScreen
from hotfix_tui.tui.screens.main import MainScreen
from hotfix_tui.tui.screens.reason import ReasonScreen
from hotfix_tui.tui.widgets.item_field import ItemField
from hotfix_tui.tui.widgets.phase_approvals import PhaseApprovals
from hotfix_tui.tui.widgets.sidebar import Sidebar
from tests.tui.helpers import app_for, until

SESSION = "hotfix-login-crash"
WHEN = r"\d{4}-\d\d-\d\d \d\d:\d\d [+-]\d\d:\d\d"


def saved(repo: Path):
    return Workspace.open(repo).load(SESSION)


def field(app, item_id: str) -> ItemField:
    editor = app.screen.query_one(f"#item-{item_id}")
    assert isinstance(editor.parent, ItemField)
    return editor.parent


async def test_n_on_a_checkbox_asks_why_and_marks_it_na(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.focused.id == "item-critical-business-impact"
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press("enter")  # a reason is required
        assert isinstance(app.screen, ReasonScreen)
        assert "required" in str(app.screen.query_one("#reason-error", Static).render())
        await pilot.press(*"Known outage", "enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(pilot, lambda: not app.unsaved)
        box = field(app, "critical-business-impact")
        assert box.has_class("-na")
        assert box.editor.value is True
        assert box.editor.label.plain.endswith("N/A: Known outage")
        session = saved(repo_path)
        assert session.na_reason("critical-business-impact") == "Known outage"
        assert session.is_done(session.checklist.item("critical-business-impact"))
        await pilot.press("space")  # space on an N/A box clears it, and unticks it
        await until(pilot, lambda: not app.unsaved)
        assert not box.has_class("-na") and box.editor.label.plain == "Critical business impact *"
    session = saved(repo_path)
    assert session.na_reason("critical-business-impact") is None
    assert [(e.by, e.event, e.note) for e in timeline(session)][1:] == [
        ("Dana Tester", "not-applicable", "Known outage"), ("Dana Tester", "unticked", None)]


async def test_escape_leaves_the_box_alone_and_n_is_typed_in_text(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press(*"maybe", "escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        assert field(app, "critical-business-impact").editor.value is False
        await app.screen.show_section("hotfix-overview", focus_item="production-impact")
        await pilot.pause()
        await pilot.press(*"none")
        assert isinstance(app.screen, MainScreen) and isinstance(app.focused, Input)
        assert app.focused.value == "none"
        await until(pilot, lambda: not app.unsaved)
    assert saved(repo_path).na_reason("critical-business-impact") is None


async def test_ticking_an_approval_shows_who_approved_and_when(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("emergency-approval-process",
                                      focus_item="approval-technical-lead")
        await pilot.pause()
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await pilot.press("enter")  # approved by you
        await until(pilot, lambda: "approved by" in field(
            app, "approval-technical-lead").editor.label.plain)
        label = field(app, "approval-technical-lead").editor.label.plain
        assert re.fullmatch(rf"Technical Lead \*  approved by Dana Tester, {WHEN}", label)
        await until(pilot, lambda: not app.unsaved)
        await pilot.press("space")  # withdrawn: the box says nothing more
        assert field(app, "approval-technical-lead").editor.label.plain == "Technical Lead *"
        await until(pilot, lambda: not app.unsaved)
    assert [e.event for e in timeline(saved(repo_path))][1:] == ["approved", "approval-withdrawn"]


async def test_phase_approvals_show_what_is_missing_and_record_who(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        group = app.screen.query_one("#phase-approvals-qualification", PhaseApprovals)
        assert group.border_title == "Qualification approvals"
        assert group.border_subtitle == "missing: Product Owner, Technical Lead"
        box = group.query_one("#approval-qualification-product-owner", Checkbox)
        box.focus()
        await pilot.press("space")  # who approved: you, unless you say otherwise
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        await pilot.press("enter")
        await until(pilot, lambda: group.border_subtitle == "missing: Technical Lead")
        assert re.fullmatch(rf"Product Owner  approved by Dana Tester, {WHEN}", box.label.plain)
        await until(pilot, lambda: not app.unsaved)
        # Development's approvals are asked on the first Development screen.
        await app.screen.show_section("hotfix-solution")
        await pilot.pause()
        assert app.screen.query_one("#phase-approvals-development").border_subtitle == (
            "missing: Senior Developer")
    event = timeline(saved(repo_path))[-1]
    assert (event.by, event.event, event.phase, event.role) == (
        "Dana Tester", "approved", "qualification", "Product Owner")


async def test_response_time_shows_the_time_the_record_gives(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await until(pilot, lambda: not app.unsaved)
        await app.screen.show_section("incident-response-integration")
        await pilot.pause()
        # The sidebar counts it too, though the change was on another screen.
        assert "1/10" in app.screen.query_one(Sidebar).prompts["incident-response-integration"].plain
        response = field(app, "response-time").editor
        assert isinstance(response, Input) and response.value == ""
        first = timeline(app.session)[1].at.isoformat(timespec="seconds")
        assert response.placeholder == f"{first} (from the record; typing replaces it)"
        assert field(app, "resolution-time").editor.placeholder == "Resolution Time"


async def test_opening_a_session_someone_else_holds_warns_with_the_note(repo_path: Path):
    ws = Workspace.open(repo_path)
    ws.handoff(ws.create(SESSION), "Bob", "Rollback is staged; watch the error rate")
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.me is not None)
        await until(pilot, lambda: any(n.title == "Someone else holds this session"
                                       for n in app._notifications))
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.border_subtitle == "held by Bob"
        assert sidebar.has_class("-held-elsewhere")
        (notice,) = [n for n in app._notifications if n.title == "Someone else holds this session"]
        assert notice.severity == "warning"
        assert notice.message.startswith("Bob holds this session, handed over by Dana Tester (")
        assert "“Rollback is staged; watch the error rate”" in notice.message
        assert "Your changes are recorded as Dana Tester." in notice.message
        assert "\nLeft: 21 required item(s): Critical business impact, " in notice.message


async def test_in_a_narrow_pane_the_holder_shows_beside_the_title(repo_path: Path):
    ws = Workspace.open(repo_path)
    ws.handoff(ws.create(SESSION), "Bob", "")
    app = app_for(repo_path)
    async with app.run_test(size=(60, 24)) as pilot:
        await until(pilot, lambda: app.me is not None)
        holder = app.screen.query_one("#holder", Static)
        assert not app.screen.query_one(Sidebar).display and holder.display
        assert str(holder.render()) == "held by Bob" and holder.has_class("-held-elsewhere")
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: not holder.display)
        assert app.screen.query_one(Sidebar).display


async def test_a_session_handed_to_me_says_by_whom_and_what_is_left(repo_path: Path):
    bob = Workspace.open(repo_path, "Bob")
    bob.handoff(bob.create(SESSION), "dana tester", "Yours: deploy is half done")
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        # The notice comes from a thread (who am I reads git): wait for it, not a moment.
        await until(pilot, lambda: any(n.title == "Handed to you" for n in app._notifications))
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.border_subtitle == "held by dana tester"
        assert not sidebar.has_class("-held-elsewhere")
        (notice,) = [n for n in app._notifications if n.title == "Handed to you"]
        assert notice.severity == "information"
        assert notice.message.startswith("Bob handed this session to you (")
        assert "“Yours: deploy is half done”" in notice.message


async def test_a_handoff_made_elsewhere_shows_while_the_app_is_open(repo_path: Path):
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.me is not None)
        sidebar = app.screen.query_one(Sidebar)
        assert sidebar.border_subtitle == "held by Dana Tester"
        assert not any(n.severity == "warning" for n in app._notifications)
        other = Workspace.open(repo_path, "Dana Tester")  # the CLI, in another process
        other.handoff(other.load(SESSION), "Bob", "taking the pager")
        await until(pilot, lambda: sidebar.border_subtitle == "held by Bob", attempts=150)
        assert sidebar.has_class("-held-elsewhere")
        await until(pilot, lambda: any(n.title == "Someone else holds this session" and "taking the pager"
                   in n.message for n in app._notifications))
        await pilot.press("space")  # still works, merged, and keeps the handoff
        await until(pilot, lambda: not app.unsaved)
    session = saved(repo_path)
    assert [e.event for e in timeline(session)][1:] == ["handoff", "ticked"]


async def test_exporting_from_the_app_records_the_resolution_time(repo_path: Path):
    ws = Workspace.open(repo_path)
    session = ws.create(SESSION)
    for item in session.unmet_required():
        value = {"check": True, "choice": item.options[0] if item.options else "x",
                 "list": ("a.py",)}.get(item.kind, "filled")
        session = ws.change(session, item.id, value)
    ws.save(session)
    app = app_for(repo_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.screen.show_section("incident-response-integration")
        await pilot.pause()
        assert field(app, "resolution-time").editor.placeholder == "Resolution Time"
        await pilot.press("ctrl+e")
        await until(pilot, lambda: any(e.event == "exported" for e in app.session.events),
                    attempts=150)
        exported = next(e for e in app.session.events if e.event == "exported")
        when = exported.at.isoformat(timespec="seconds")
        assert field(app, "resolution-time").editor.placeholder.startswith(when)
    body = (repo_path / ".hotfix" / "out" / f"{SESSION}.pr-body.md").read_text()
    assert f"**Resolution Time:** {when}\n" in body


async def test_undo_and_redo_give_an_approval_back_to_whoever_gave_it(repo_path: Path):
    """Approvals come by phone: one given by someone else, withdrawn by a slip and brought
    back with ctrl+z (or redone), is theirs again, never the person's at the keyboard."""
    app = app_for(repo_path)

    async def approve_as(name: str) -> None:
        await pilot.press("space")
        await until(pilot, lambda: isinstance(app.screen, ApprovalScreen))
        who = app.screen.query_one(Input)
        who.value = name
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, ApprovalScreen))

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#approval-qualification-product-owner", Checkbox)
        box.focus()
        await approve_as("Pat (phone)")
        await pilot.press("space")  # the slip: withdrawn
        await pilot.press("ctrl+z")  # back, as Pat's
        await pilot.press("ctrl+z", "ctrl+y")  # the approval undone and redone: still Pat's
        await app.screen.show_section("emergency-approval-process",
                                      focus_item="approval-technical-lead")
        await pilot.pause()
        await approve_as("Lee (phone)")
        await pilot.press("space", "ctrl+z")
        await until(pilot, lambda: not app.unsaved)
    session = saved(repo_path)
    given = [(e.event, e.by) for e in timeline(session) if e.role == "Product Owner"]
    assert given == [("approved", "Pat (phone)"), ("approval-withdrawn", "Dana Tester"),
                     ("approved", "Pat (phone)"), ("approval-withdrawn", "Dana Tester"),
                     ("approved", "Pat (phone)")]
    assert session.state("approval-technical-lead").updated_by == "Lee (phone)"
