"""A value holding control characters (colour codes pasted from a terminal, a bell) goes
through gh and back unchanged: gh shows them in caret notation (`^[`) when it reads a body,
which must not come back as an edit made on the website."""

from __future__ import annotations

from hotfix_tui.core.model.events import EDITED
from tests.forge.test_live_pr import opened

PASTED = "Login\x1b[31m crash\x1b[0m\x07\nsecond line \u202eok"


def test_control_characters_survive_two_syncs_and_are_not_a_web_edit(ws, session, github):
    session = opened(ws, session)
    session = ws.set_value(session, "problem-statement", PASTED)
    session = ws.set_value(session, "ticket", "INC\x1b[1m-7")
    first = ws.sync_pr(session)
    second = ws.sync_pr(first.session)

    assert first.body_pushed and first.pulled == ()
    assert (second.pulled, second.sent, second.body_pushed) == ((), (), False)
    saved = ws.load(session.name)
    assert saved.value(saved.checklist.item("problem-statement")) == PASTED
    assert saved.value(saved.checklist.item("ticket")) == "INC\x1b[1m-7"
    assert not any(event.by.startswith("GitHub") and event.event == EDITED
                   for event in saved.events)
    body = github.pulls[1].body
    assert "\x1b" not in body and "\u202e" not in body
    assert "**Ticket:** INC\\x1b[1m-7\n" in body
