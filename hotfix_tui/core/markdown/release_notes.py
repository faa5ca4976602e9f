"""Session -> release notes and a Keep a Changelog entry. Pure functions: no I/O, no clock.

The notes quote what people typed as markdown (a team writes lists and links there), only
turning a line that would start a heading into text, so values cannot break the outline.
"""

from __future__ import annotations

import re
from datetime import date

from hotfix_tui.core.errors import ValueInputError
from hotfix_tui.core.model.checklist import Item
from hotfix_tui.core.model.session import Session

# The parts come from the items a checklist declares `release = "..."` for (see
# model/checklist.py RELEASE_ROLES); a checklist without one just leaves its part out.
SUMMARY, ROOT_CAUSE, IMPACT_ASSESSMENT = "summary", "root-cause", "impact-assessment"
FIX, WHY = "fix", "why"
PRODUCTION_IMPACT, AFFECTED_USERS = "impact", "affected-users"
SEVERITY, RISK = "severity", "risk"
ROLLBACK, DEPLOYMENT = "rollback", "deployment"
BUG, INCIDENT, TICKETS = "bug", "incident", "tickets"

HEADING_START = re.compile(r"^([ \t]*)(#)")
RELEASE_HEADING = re.compile(r"^##[ \t]+(?P<title>[^\r\n]*)", re.MULTILINE)

NEW_CHANGELOG = """# Changelog

Notable changes to this project, newest first, in the form of
[Keep a Changelog](https://keepachangelog.com/en/1.1.0/).

## [Unreleased]

"""


def title(session: Session) -> str:
    """The fix's name, from its session (the branch): `hotfix-login-crash` -> `Login crash`."""
    words = re.sub(r"[-_.]+", " ", session.name.removeprefix("hotfix-")).strip()
    return words[:1].upper() + words[1:] if words else session.name


def release_notes(session: Session, version: str, day: date) -> str:
    facts = [f"- **Version:** {version}", f"- **Date:** {day.isoformat()}"]
    for label, role in (("Severity", SEVERITY), ("Risk level", RISK)):
        if text := _inline(session, role):
            facts.append(f"- **{label}:** {text}")
    parts = [f"# Hotfix {version}: {title(session)}", "\n".join(facts)]
    fix = "\n\n".join(filter(None, (_block(session, FIX), _block(session, WHY))))
    impact = [_block(session, PRODUCTION_IMPACT)]
    if users := _inline(session, AFFECTED_USERS):
        impact.append(f"**Affected users:** {users}")
    impact.append(_block(session, IMPACT_ASSESSMENT))
    sections = (
        ("Summary", _block(session, SUMMARY)),
        ("Root cause", _block(session, ROOT_CAUSE)),
        ("The fix", fix),
        ("Impact", "\n\n".join(filter(None, impact))),
        ("Rollback plan", _ticked(session, session.checklist.released(ROLLBACK))),
        ("Deployment", _ticked(session, session.checklist.released(DEPLOYMENT))),
        ("Related issues", "\n".join(f"- {link}" for link in _links(session))),
    )
    parts += [f"## {heading}\n\n{text}" for heading, text in sections if text]
    return "\n\n".join(parts) + "\n"


def changelog_entry(session: Session, version: str, day: date) -> str:
    """One `### Fixed` bullet under the version's heading, Keep a Changelog style."""
    line = title(session)
    if summary := " ".join(_value_text(session, SUMMARY).split()):
        line += f": {summary}"
    if links := _links(session):
        line += f" ({'; '.join(links)})"
    return f"## [{version}] - {day.isoformat()}\n\n### Fixed\n\n- {_no_heading(line)}\n"


def add_changelog_entry(changelog: str | None, entry: str, version: str) -> str:
    """`changelog` with `entry` inserted above the newest release (below `[Unreleased]`),
    everything else byte for byte; a new changelog when there is none."""
    if changelog is None:
        return NEW_CHANGELOG + entry
    newline = "\r\n" if "\r\n" in changelog else "\n"
    entry = entry.replace("\n", newline)
    newest = None
    for heading in RELEASE_HEADING.finditer(changelog):
        name = _release_name(heading["title"])
        if name == version.lower():
            raise ValueInputError(f"the changelog already has an entry for {version}")
        if newest is None and name != "unreleased":
            newest = heading
    if newest is None:
        before, after = changelog, ""
        if before and not before.endswith("\n"):
            before += newline
    else:
        before, after = changelog[:newest.start()], changelog[newest.start():]
        entry += newline  # a blank line before the release that was newest
    if before and not before.endswith(newline * 2):
        before += newline
    return before + entry + after


def _release_name(heading: str) -> str:
    """`[1.4.2] - 2026-01-01` -> `1.4.2`; `[Unreleased]` -> `unreleased`."""
    first = heading.strip().split(maxsplit=1)[0] if heading.strip() else ""
    name = first.split("]", 1)[0].lstrip("[").lower()
    return name[1:] if name[:1] == "v" and name[1:2].isdigit() else name


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


def _inline(session: Session, role: str) -> str:
    raw = _value_text(session, role)
    if raw:
        item = session.checklist.released(role)[0]
        if item.kind == "choice" and item.option_lines and raw in item.options:
            # Looked up before spaces are tidied: an option is matched as written.
            raw = item.option_label(item.options.index(raw))
    return _no_heading(" ".join(raw.split()))


def _ticked(session: Session, items: tuple[Item, ...]) -> str:
    """The boxes ticked; one marked N/A says nothing was done, so it is left out."""
    return "\n".join(f"- {_check_text(item)}" for item in items
                     if session.is_done(item) and session.na_reason(item.id) is None)


def _check_text(item: Item) -> str:
    return f"{item.label}: {item.description}" if item.description else item.label


def _links(session: Session) -> list[str]:
    links = []
    # The issue number as typed, `#4242` or `4242`: its own `#` goes before it once.
    if bug := " ".join(_value_text(session, BUG).split()).removeprefix("#"):
        links.append(f"Fixes #{bug}")
    for label, role in (("Incident report", INCIDENT), ("Support tickets", TICKETS)):
        if text := _inline(session, role):
            links.append(f"{label}: {text}")
    return links


def _no_heading(line: str) -> str:
    return HEADING_START.sub(r"\1\\\2", line, count=1)
