"""The line-level reading of a markdown template for the importer: the shapes a line can
take (heading, rule, fence, checkbox, field), which lines are markdown structure rather
than code or comment, and labels and ids made from markdown text."""

from __future__ import annotations

import re

ATX_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
BOLD_LINE = re.compile(r"^\*\*(?P<text>[^*]+)\*\*[ \t]*$")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
CHECKBOX = re.compile(
    r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\[(?P<mark>[ xX])\](?:[ \t]+(?P<rest>.*))?[ \t]*$")
BOLD_LEAD = re.compile(r"^\*\*(?P<label>[^*]+)\*\*(?P<desc>.*)$")
BOLD_FIELD = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?)\*\*(?P<label>[^*\s][^*]*?)(?::\*\*|\*\*:)(?P<rest>.*)$")
PLAIN_FIELD = re.compile(
    r"^(?P<lead>[ \t]*(?:[-*+][ \t]+)?)(?!\d+[.)]\s)(?P<label>\w[^:<>`*_#\[\]|]{0,40}?):"
    r"(?P<space>[ \t]*)$")
EMPTY_BULLET = re.compile(r"^[ \t]*[-*+][ \t]*$")
LIST_LINE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
COMMENT = re.compile(r"<!--.*?-->")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
# Kinds that keep the blank lines after them as room to write in.


def structural(lines: list[str]) -> list[bool]:
    """Whether each line is markdown structure: outside code fences and HTML comments
    (a line that opens a comment it does not close included)."""
    result: list[bool] = []
    fence = ""
    in_comment = False
    for line in lines:
        if fence:
            result.append(False)
            close = FENCE.match(line)
            if (close and close["fence"][0] == fence[0] and len(close["fence"]) >= len(fence)
                    and not close["info"].strip()):
                fence = ""
            continue
        starts_in = in_comment
        in_comment = in_comment_after(line, in_comment)
        opener = None if starts_in or in_comment else FENCE.match(line)
        if opener and not (opener["fence"][0] == "`" and "`" in opener["info"]):
            fence = opener["fence"]
            result.append(False)
            continue
        result.append(not starts_in and not in_comment)
    return result


def in_comment_after(line: str, in_comment: bool) -> bool:
    pos = 0
    while True:
        mark = line.find("-->" if in_comment else "<!--", pos)
        if mark < 0:
            return in_comment
        pos = mark + (3 if in_comment else 4)
        in_comment = not in_comment


def indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def trailing_blanks(lines: list[str]) -> int:
    count = 0
    for line in reversed(lines):
        if line != "":
            break
        count += 1
    return count


class Ids:
    """Ids given out so far, each new one made unique: `done`, `done-2`, `done-3`. The
    next number for each id is kept, so 10,000 boxes of one label cost 10,000 steps."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def unique(self, ident: str) -> str:
        candidate, number = ident, self.next.get(ident, 1)
        if number > 1:
            candidate = f"{ident}-{number}"
        while candidate in self.taken:
            number += 1
            candidate = f"{ident}-{number}"
        self.next[ident] = number + 1
        self.taken.add(candidate)
        return candidate


def plain(markdown: str) -> str:
    """Markdown as words for a label: no comments, links as their text, no bold."""
    text = LINK.sub(r"\1", COMMENT.sub("", markdown)).replace("**", "").replace("__", "")
    return " ".join(text.split())


def title(markdown: str) -> str:
    return plain(markdown).rstrip(":").strip()


def heading_title(text: str | None) -> str:
    return title(CLOSING_HASHES.sub("", text or "")) or "Section"
