"""The postmortem as markdown, from its facts (core/postmortem.py). Pure: no I/O, no clock.

Its outline is fixed: every heading is always there (a part with nothing recorded says
so), and values are escaped as in the PR body, so nothing typed can add a heading, open
HTML or split a table row. Times are UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from hotfix_tui.core.markdown.evidence import code_span
from hotfix_tui.core.markdown.render import escape_inline, value_lines
from hotfix_tui.core.report import duration

NOTHING = "_None recorded._"


def postmortem(data: dict[str, Any]) -> str:
    facts = [f"- **Session:** {escape_inline(data['session'])} "
             f"({escape_inline(data['checklist'])})",
             f"- **Started:** {_when(data['started']['at'])} by "
             f"{escape_inline(data['started']['by'])}",
             f"- **Held by:** {escape_inline(data['holder'])}",
             *(f"- **{escape_inline(fact['label'])}:** {escape_inline(fact['text'])}"
               for fact in data["facts"])]
    parts = [
        ("Summary", _quoted(data["summary"], labelled=False)),
        ("Impact", _quoted(data["impact"])),
        ("Root cause", _quoted(data["root_cause"], labelled=False)),
        ("Resolution", _quoted(data["resolution"])),
        ("Response, resolution and authorization times", _clock(data["clock"])),
        ("Timeline (UTC)", _timeline(data["timeline"])),
        ("Approvals", _approvals(data["approvals"])),
        ("Not applicable", _not_applicable(data["not_applicable"])),
        ("Handoffs", _handoffs(data["handoffs"])),
        ("Evidence", _evidence(data["evidence"])),
        ("Follow-up actions still open", _follow_ups(data["follow_ups"])),
    ]
    blocks = [f"# Postmortem: {escape_inline(data['title'])}", "\n".join(facts)]
    blocks += [f"## {heading}\n\n" + ("\n".join(lines) if lines else NOTHING)
               for heading, lines in parts]
    return "\n\n".join(blocks) + "\n"


def _when(iso: str | None) -> str:
    """`2026-11-23 14:02 UTC` from the facts' UTC time."""
    return f"{datetime.fromisoformat(iso):%Y-%m-%d %H:%M} UTC" if iso else "not yet"


def _cell(text: str) -> str:
    return escape_inline(text) or " "


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    return [f"| {' | '.join(header)} |", f"|{'---|' * len(header)}",
            *(f"| {' | '.join(_cell(cell) for cell in row)} |" for row in rows)]


def _quoted(values: list[dict[str, str]], labelled: bool = True) -> list[str]:
    """What people typed, line by line as in the PR body; each under its label when the
    part quotes several items."""
    lines: list[str] = []
    for value in values:
        if lines:
            lines.append("")
        one_line = value["kind"] in ("text", "choice")
        if labelled and one_line:
            lines.append(f"**{escape_inline(value['label'])}:** {escape_inline(value['text'])}")
            continue
        if labelled:
            lines += [f"**{escape_inline(value['label'])}:**", ""]
        lines += value_lines(value["text"])
    return lines


def _clock(clock: list[dict[str, Any]]) -> list[str]:
    rows = [(time["label"], _when(time["at"]) if time["at"] else time["value"] or "not yet",
             duration(time["after_start"]) if time["after_start"] is not None else "")
            for time in clock]
    return _table(("Time", "When", "After the start"), rows) if rows else []


def _timeline(events: list[dict[str, Any]]) -> list[str]:
    rows = [(_when(event["at"]).removesuffix(" UTC"), event["by"], event["text"])
            for event in events]
    return _table(("When", "Who", "What"), rows)


def _approvals(approvals: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = [f"- {escape_inline(a['title'])} - {escape_inline(a['role'])}: {_given(a)}"
             for a in approvals["phases"]]
    lines += [f"- {escape_inline(a['label'])} ({escape_inline(a['section'])}): {_given(a)}"
              for a in approvals["items"]]
    return lines


def _given(approval: dict[str, Any]) -> str:
    if approval["by"] is None:
        return "**missing**"
    return f"{escape_inline(approval['by'])}, {_when(approval['at'])}"


def _box(box: dict[str, Any]) -> str:
    where = " - ".join(escape_inline(part) for part in (box["section"], box["group"]) if part)
    return f"**{escape_inline(box['label'])}** ({where})"


def _not_applicable(boxes: list[dict[str, Any]]) -> list[str]:
    return [f"- {_box(box)}: {escape_inline(box['reason'])} (decided by "
            f"{escape_inline(box['by'] or 'someone')}, {_when(box['at'])})" for box in boxes]


def _handoffs(handoffs: list[dict[str, Any]]) -> list[str]:
    return [f"- {_when(h['at'])}: {escape_inline(h['from'])} handed over to "
            f"{escape_inline(h['to'])}"
            + (f": {escape_inline(h['note'])}" if h["note"] else "") for h in handoffs]


def _evidence(runs: list[dict[str, Any]]) -> list[str]:
    lines = []
    for run in runs:
        done = [escape_inline(run["outcome"])]
        if run["duration"] is not None:
            done.append(f"{run['duration']:.1f} s")
        lines.append(f"- {_when(run['at'])} **{escape_inline(run['label'])}**: "
                     f"{code_span(run['command'])} {', '.join(done)}, by "
                     f"{escape_inline(run['by'])}")
    return lines


def _follow_ups(boxes: list[dict[str, Any]]) -> list[str]:
    """The open boxes under their group's title, as a task list."""
    lines: list[str] = []
    group = None
    for box in boxes:
        where = box["group"] or box["section"]
        if where != group:
            lines += [*([""] if lines else []), f"**{escape_inline(where)}**", ""]
            group = where
        description = f": {escape_inline(box['description'])}" if box["description"] else ""
        lines.append(f"- [ ] **{escape_inline(box['label'])}**{description}")
    return lines
