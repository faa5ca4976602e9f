"""Session -> release notes and the lines of a changelog entry. Pure: no I/O, no clock.

Both are public. They say what was fixed, from the items a checklist declares `release =
"fix"` and `"why"` (else the `"summary"` item's one line), and the bug it fixes (`"bug"`);
never the incident record, support tickets or how on-call handled it (root cause, impact,
severity, risk, rollback and deployment stay in the PR body). The notes quote what people
typed as markdown (a team writes lists and links there), only turning a line that would
start a heading into text, so values cannot break the outline.
"""

from __future__ import annotations

import re
from datetime import date

from hotfix_tui.core.model.session import Session

# The parts come from the items a checklist declares `release = "..."` for (see
# model/checklist.py RELEASE_ROLES); a checklist without one just leaves its part out.
SUMMARY, FIX, WHY, BUG = "summary", "fix", "why", "bug"

HEADING_START = re.compile(r"^([ \t]*)(#)")
LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])(?:[ \t]+\[[ xX]\])?[ \t]+")


def title(session: Session) -> str:
    """The fix's name, from its session (the branch): `hotfix-login-crash` -> `Login crash`."""
    words = re.sub(r"[-_.]+", " ", session.name.removeprefix("hotfix-")).strip()
    return words[:1].upper() + words[1:] if words else session.name


def release_notes(session: Session, version: str, day: date) -> str:
    facts = f"- **Version:** {version}\n- **Date:** {day.isoformat()}"
    parts = [f"# Hotfix {version}: {title(session)}", facts]
    fix = "\n\n".join(filter(None, (_block(session, FIX), _block(session, WHY))))
    bug = _bug(session)
    sections = (
        ("Summary", _no_heading(_one_line(_value_text(session, SUMMARY)))),
        ("The fix", fix),
        ("Related issues", f"- Fixes {bug}" if bug else ""),
    )
    parts += [f"## {heading}\n\n{text}" for heading, text in sections if text]
    return "\n\n".join(parts) + "\n"


def changelog_bullets(session: Session) -> tuple[str, ...]:
    """What the changelog entry lists: each change of the fix, else why it was made, else
    the problem's one-line summary, else the fix's name; the bug it fixes after the last."""
    bullets = _entries(_value_text(session, FIX)) or [
        line for role in (WHY, SUMMARY) if (line := _one_line(_value_text(session, role)))][:1]
    bullets = [_no_heading(bullet) for bullet in bullets] or [title(session)]
    if bug := _bug(session):
        bullets[-1] += f" ({bug})"
    return tuple(bullets)


def _entries(text: str) -> list[str]:
    """A list as people type it: one entry per bullet (or line), an indented line going on
    with the entry above it."""
    entries: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        marker = LIST_MARKER.match(line)
        if marker is None and entries and line[:1] in (" ", "\t"):
            entries[-1] += " " + " ".join(line.split())
        else:
            entries.append(" ".join(line[marker.end() if marker else 0:].split()))
    return [entry for entry in entries if entry]


def _one_line(text: str) -> str:
    """The first paragraph of `text`, on one line."""
    return " ".join(re.split(r"\n[ \t]*\n", text.strip(), maxsplit=1)[0].split())


def _value_text(session: Session, role: str) -> str:
    found = session.checklist.released(role)
    if not found:
        return ""
    item = found[0]
    value = session.value(item)
    if not item.is_done(value):
        return ""
    if isinstance(value, tuple):
        return "\n".join(entry for entry in value if entry.strip())
    return str(value).strip()


def _block(session: Session, role: str) -> str:
    text = _value_text(session, role)
    return "\n".join(_no_heading(line) for line in text.splitlines())


def _bug(session: Session) -> str:
    """The bug as typed: an issue number (`4242`, `#4242`) gets its one `#`."""
    text = " ".join(_value_text(session, BUG).split())
    return f"#{text.lstrip('#')}" if re.fullmatch(r"#*\d+", text) else _no_heading(text)


def _no_heading(line: str) -> str:
    return HEADING_START.sub(r"\1\\\2", line, count=1)
