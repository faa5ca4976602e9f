"""A ticked box's evidence in the PR body, right under the box's line:

    - [x] **Automated Tests**: All existing tests pass
      Evidence: ` pytest -q ` passed: exit status 0, 12.3 s, 2026-11-23 14:02 +00:00, by Dana
      <details><summary>Output</summary>

      ````text
      ...the excerpt...
      ````
      </details>

The lines are indented to the box's list item, so they stay inside it; the output sits in
a fenced block whose fence is longer than any backtick run in it, so no output (markdown,
HTML, `-->`, backticks, `- [ ]` lines) is read as anything but code; the blank line after
`</details>` ends its HTML block before the template's next line. The body reader skips
such a block whole: nothing is ever taken from it. Pure.
"""

from __future__ import annotations

import re

from hotfix_tui.core.model.events import Event
from hotfix_tui.core.model.evidence import one_line, summary

PREFIX = "Evidence: "
DETAILS_OPEN = "<details><summary>Output</summary>"
DETAILS_CLOSE = "</details>"
INFO = "text"
# The list marker a box's line starts with: evidence lines are indented past it.
LIST_PREFIX = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+")
SUMMARY = re.compile(r"^Evidence: (`+) .* \1 (?:passed|failed|cancelled)\b.*$")
FENCE = re.compile(r"^(`{3,})" + INFO + "$")


def evidence_lines(box_line: str, run: Event) -> list[str]:
    """The lines that go right under a box's line for its evidence."""
    indent = content_indent(box_line)
    lines = [f"{indent}{PREFIX}{code_span(run.command or '')} {_plain(summary(run))}"]
    if run.excerpt:
        output = run.excerpt.split("\n")
        fence = "`" * max(3, _longest_backticks(run.excerpt) + 1)
        lines += [f"{indent}{DETAILS_OPEN}", "", f"{indent}{fence}{INFO}",
                  *(f"{indent}{line}" if line else "" for line in output),
                  f"{indent}{fence}", f"{indent}{DETAILS_CLOSE}", ""]
    return lines


def evidence_end(lines: list[str], box: int) -> int:
    """Where the evidence block under the box at `lines[box]` ends (exclusive): `box + 1`
    when there is none, or it is not whole (its lines are then the reader's to report)."""
    indent = content_indent(lines[box])
    at = box + 1
    if at >= len(lines) or not _own(lines[at], indent) or not SUMMARY.match(lines[at][len(indent):]):
        return box + 1
    at += 1
    if at >= len(lines) or lines[at].rstrip() != indent + DETAILS_OPEN:
        return at  # a run without output: the summary line alone
    opening = lines[at + 2] if at + 2 < len(lines) else ""
    fence = FENCE.match(opening[len(indent):].rstrip()) if _own(opening, indent) else None
    if lines[at + 1].strip() or fence is None:
        return box + 1
    close = at + 3
    while close < len(lines) and lines[close].rstrip() != indent + fence.group(1):
        close += 1
    if close + 1 >= len(lines) or lines[close + 1].rstrip() != indent + DETAILS_CLOSE:
        return box + 1
    end = close + 2
    return end + 1 if end < len(lines) and not lines[end].strip() else end


def content_indent(box_line: str) -> str:
    """Spaces as wide as the box's list marker: a line indented so belongs to its item."""
    marker = LIST_PREFIX.match(box_line)
    return " " * len(marker.group().expandtabs(4)) if marker else ""


def code_span(text: str) -> str:
    """`text` on one line as inline code that no backtick in it can end early."""
    text = one_line(text)
    ticks = "`" * (_longest_backticks(text) + 1)
    return f"{ticks} {text} {ticks}"


def _longest_backticks(text: str) -> int:
    return max((len(run) for run in re.findall(r"`+", text)), default=0)


def _plain(text: str) -> str:
    """Names and reasons as text: `<` as an entity, so nothing opens a comment or a tag."""
    return one_line(text).replace("&", "&amp;").replace("<", "&lt;")


def _own(line: str, indent: str) -> bool:
    return line.startswith(indent)
