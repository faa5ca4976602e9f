"""What a teammate who can push could commit: a checklist, a session and its log whose
text carries terminal escapes (the clipboard, the window title, a cleared screen), bidi
overrides and Textual markup. Tests open it with every command and in the app."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import tomli_w

from hotfix_tui.core.model.events import HANDOFF, Event
from hotfix_tui.core.workspace import Workspace

# OSC 52: put "rm -rf ~" on the clipboard. OSC 0 and 2: set the window title.
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
TITLE = "\x1b]0;PWNED\x07\x1b]2;PWNED\x07"
CLEAR = "\x1b[2J\x1b[H"
C1_CSI = "\x9b2J"  # the one-byte CSI some terminals take
BIDI = "\u202eevil\u202c \u2066isolate\u2069"
ESCAPES = (CLIPBOARD, TITLE, CLEAR, C1_CSI, BIDI)
# What a terminal would act on: none of these may reach an output stream raw.
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")

# Textual markup that crashed the app, named someone wrongly or made an action.
NOTE = "see [/x] logs [@click=app.quit]quit[/]"
COLLEAGUE = "ops [/oncall]"
BOT = "github-actions[bot]"

WHEN = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)
SESSION = "hostile"


def hostile_checklist() -> dict[str, object]:
    return {
        "schema_version": 1, "name": "evil", "title": f"Evil {CLIPBOARD}[/x] checklist",
        "phases": [{"id": "review", "title": f"Review {TITLE}[b]",
                    "approvals": [f"Lead [/role] {BIDI}"]}],
        "sections": [{
            "id": "first", "title": f"First {TITLE} [/x] section", "phase": "review",
            "help": f"Help {CLEAR} [@click=app.quit]click me[/]",
            "blocks": [
                {"text": f"<!-- hint {CLIPBOARD} [/x] -->"},
                {"id": "box", "kind": "check", "label": f"Box {CLIPBOARD} [/x]",
                 "required": True, "help": f"[b]{C1_CSI}"},
                {"id": "note", "kind": "text", "label": f"Note {TITLE} [@click=app.quit]"},
                {"id": "pick", "kind": "choice", "label": "Pick [/x]",
                 "options": [f"A {CLIPBOARD}", "B [/b]"]},
                {"id": "story", "kind": "longtext", "label": f"Story {BIDI}"},
                {"id": "things", "kind": "list", "label": "Things [bot]"},
            ],
            "subsections": [{"id": "inner", "title": f"Inner {TITLE}[/x]", "blocks": [
                {"id": "inner-box", "kind": "check", "label": "Inner [/i] box"}]}],
        }],
    }


def hostile_repo(root: Path) -> Workspace:
    """A session on the hostile checklist, filled with hostile values by COLLEAGUE, handed
    to BOT with NOTE; as committed files (written here through the core, then the event
    log given the markup)."""
    (root / ".hotfix" / "checklists").mkdir(parents=True)
    (root / ".hotfix" / "checklists" / "evil.toml").write_text(
        tomli_w.dumps(hostile_checklist()), encoding="utf-8")
    ws = Workspace.open(root, author=COLLEAGUE)
    session = ws.create(SESSION, "evil", from_git=False)
    for item_id, value in (("note", CLIPBOARD + TITLE), ("story", f"{CLEAR}\n{BIDI}\n[/x]"),
                           ("things", (TITLE, "[/x]", C1_CSI)), ("pick", f"A {CLIPBOARD}")):
        session = ws.change(session, item_id, value)
    session = ws.mark_na(session, "box", "ops [/oncall] say no")
    session = session.with_event(Event(WHEN, COLLEAGUE, HANDOFF, to=BOT, note=NOTE))
    ws.save(session)
    return ws
