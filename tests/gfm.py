"""What GitHub's own markdown (cmark-gfm, through the `cmarkgfm` package) makes of a body:
its headings, task-list boxes, folded blocks and table cells, read off the HTML it renders.
GitHub renders PR bodies and comments with cmark-gfm; a structure check against it is the
check the reviewer's screen makes."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import NamedTuple

import cmarkgfm
from cmarkgfm.cmark import Options

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Structure(NamedTuple):
    headings: list[tuple[int, str]]
    boxes: int
    ticked: int
    details: int
    rows: list[int]  # the cells of each table row


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.boxes = self.ticked = self.details = 0
        self.rows: list[int] = []
        self._heading: list[str] | None = None
        self._level = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HEADINGS:
            self._heading, self._level = [], int(tag[1])
        elif tag == "input" and ("type", "checkbox") in attrs:
            self.boxes += 1
            self.ticked += any(name == "checked" for name, _ in attrs)
        elif tag == "details":
            self.details += 1
        elif tag == "tr":
            self.rows.append(0)
        elif tag in ("td", "th") and self.rows:
            self.rows[-1] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADINGS and self._heading is not None:
            self.headings.append((self._level, "".join(self._heading).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)


def structure(markdown: str) -> Structure:
    # UNSAFE keeps raw HTML (GitHub sanitises it later, after parsing): <details> stays.
    html = cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)
    reader = _Reader()
    reader.feed(html)
    return Structure(reader.headings, reader.boxes, reader.ticked, reader.details, reader.rows)
