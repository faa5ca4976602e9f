"""A markdown pull-request template -> a checklist definition (docs/checklist-format.md).

The contract: an untouched session of the imported checklist renders the template back
byte for byte. So every line of the template lands in exactly one place - a heading, a
verbatim text block, an item's `line` / `placeholder` / `empty_entry`, or a count of blank
lines (`blank_lines`, `gap`) - and the file's ends go to `newline` and `final_newline`.

Pure: markdown text in, checklist data (or its TOML) out; workspace.py does the files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import tomli_w

from hotfix_tui.core.definition.front_matter import without_front_matter
from hotfix_tui.core.definition.proposals import propose
from hotfix_tui.core.definition.template_lines import (
    ATX_HEADING,
    BOLD_FIELD,
    BOLD_LEAD,
    BOLD_LINE,
    CHECKBOX,
    EMPTY_BULLET,
    LIST_LINE,
    PLAIN_FIELD,
    RULE,
    Ids,
    heading_title,
    indent,
    plain,
    structural,
    title,
    trailing_blanks,
)
from hotfix_tui.core.model.checklist import SCHEMA_VERSION, default_line, slugify

ROOMY = ("longtext", "list")
HEADER = """\
# Imported by `hotfix import-template` from {source}.
# An untouched session renders the template byte for byte: keep `text`, `heading`,
# `line`, `placeholder`, `gap` and `blank_lines` as they are. Titles, labels, `required`
# and `help` are free to edit; to make a group of boxes one choice, replace them with a
# `choice` item that has `option_lines`. `fill` and `release` are guesses from the labels
# (filled from git, shown in the release notes): keep, change or remove them.

"""


def template_to_toml(text: str, name: str, title: str, source: str) -> str:
    """The checklist definition for a template, as the TOML file `import-template` writes."""
    data = import_template(text, name, title, source)
    # tomli-w writes a carriage return inside a multi-line string as a plain line break, so
    # `newline` is always written escaped, and every string is when a "\r" stays in a line.
    multiline = "\r" not in split_newline(text)[1]
    newline = {"newline": data.pop("newline")} if "newline" in data else {}
    sections = {"sections": data.pop("sections")}
    return "".join([HEADER.format(source=source),
                     tomli_w.dumps(data, multiline_strings=multiline),
                     tomli_w.dumps(newline), "\n",
                     tomli_w.dumps(sections, multiline_strings=multiline)])


def split_newline(text: str) -> tuple[str, str]:
    """A template's line ending and its text with "\n" line ends: CRLF when every line
    ends so, CR when no line ends in "\n"; otherwise "\n", and any "\r" stays in the
    text of its line."""
    if "\n" in text and text.count("\r\n") == text.count("\n"):
        return "\r\n", text.replace("\r\n", "\n")
    if "\r" in text and "\n" not in text:
        return "\r", text.replace("\r", "\n")
    return "\n", text


def import_template(text: str, name: str, title: str, source: str) -> dict[str, Any]:
    """Checklist data (as `parse_checklist` reads it) for a markdown template, without
    its front matter (the forge's, not the body's)."""
    newline, text = split_newline(without_front_matter(text))
    final_newline = text.endswith("\n")
    lines = (text[:-1] if final_newline else text).split("\n")
    outline = _Importer(lines)
    sections = outline.sections(title)
    data: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "name": name,
        "title": outline.document_title or title,
        "description": f"Imported from {source}",
    }
    if outline.preamble is not None:
        data["preamble"] = outline.preamble
    if not final_newline:
        data["final_newline"] = False
    if newline != "\n":
        data["newline"] = newline
    data["sections"] = sections
    propose(_items(sections))
    return data


def _items(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The item tables of imported sections and their subsections, in template order."""
    found: list[dict[str, Any]] = []
    for section in sections:
        found.extend(block for block in section.get("blocks", []) if "id" in block)
        found.extend(_items(section.get("subsections", [])))
    return found


@dataclass
class _Heading:
    start: int  # its first line: a rule folded into the heading comes first
    end: int  # the line after it
    level: int | None  # None: a rule and a bold line, at the level of the heading before
    title: str


# While importing, a text block is {"lines": [...]} and an item counts its blank lines.
_Block = dict[str, Any]


class _Importer:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        # Lines without the "\r" a template with mixed line endings leaves on some of them.
        self.bare = [line.removesuffix("\r") for line in lines]
        self.structural = structural(self.bare)
        self.item_ids = Ids()
        self.section_ids = Ids()
        self.preamble: str | None = None
        self.document_title: str | None = None

    # --- outline ----------------------------------------------------------------------

    def sections(self, fallback_title: str) -> list[dict[str, Any]]:
        headings = self._headings()
        if not headings:
            blocks = self._blocks(0, len(self.lines))
            self._add_room(blocks, fallback_title, 0, len(self.lines), has_subsections=False)
            return [self._section(fallback_title, "", 1, 2, blocks)]
        first = headings[0]
        levels = [h.level for h in headings[1:] if h.level is not None]
        # A first heading above all others is the document's title, not their parent; with
        # nothing under it, it goes to the preamble.
        titled = first.level is not None and bool(levels) and first.level < min(levels)
        if titled and not any(self.lines[first.end:headings[1].start]):
            self.document_title = first.title
            headings = headings[1:]
        top = min(levels) if titled else min(
            (h.level for h in headings if h.level is not None), default=2)
        resolved: list[int] = []
        for heading in headings:
            level = resolved[-1] if resolved else top
            resolved.append(top if titled and heading is first else heading.level or level)

        sections: list[dict[str, Any]] = []
        gap = self._intro(headings[0].start, sections)
        current: dict[str, Any] | None = None
        for index, heading in enumerate(headings):
            last = index + 1 == len(headings)
            end = len(self.lines) if last else headings[index + 1].start
            sub = current is not None and resolved[index] > top
            blocks = self._blocks(heading.end, end)
            has_subsections = not sub and not last and resolved[index + 1] > top
            self._add_room(blocks, heading.title, heading.end, end, has_subsections)
            next_gap = 0 if last else _trim_for_gap(blocks, trailing_blanks(
                self.lines[heading.end:end]))
            text = "\n".join(self.lines[heading.start:heading.end])
            section = self._section(heading.title, text, gap, 3 if sub else 2, blocks)
            if sub and current is not None:
                current.setdefault("subsections", []).append(section)
            else:
                sections.append(section)
                current = section
            gap = next_gap
        return sections

    def _headings(self) -> list[_Heading]:
        found: list[_Heading] = []
        i = 0
        while i < len(self.lines):
            heading = self._heading_at(i) if self.structural[i] else None
            if heading:
                found.append(heading)
                i = heading.end
            else:
                i += 1
        return found

    def _heading_at(self, i: int) -> _Heading | None:
        match = ATX_HEADING.match(self.bare[i])
        if match:
            return _Heading(i, i + 1, len(match["hashes"]), heading_title(match["text"]))
        # A rule belongs to the heading after it; after a line of text it would be a setext
        # underline instead. A rule then a bold line reads as a heading too.
        after_text = i > 0 and self.lines[i - 1] != "" and not ATX_HEADING.match(self.bare[i - 1])
        if after_text or not RULE.match(self.bare[i]):
            return None
        j = i + 1
        while j < len(self.lines) and self.lines[j] == "":
            j += 1
        if j == len(self.lines) or not self.structural[j]:
            return None
        match = ATX_HEADING.match(self.bare[j])
        if match:
            return _Heading(i, j + 1, len(match["hashes"]), heading_title(match["text"]))
        bold = BOLD_LINE.match(self.bare[j])
        if bold:
            return _Heading(i, j + 1, None, heading_title(bold["text"]))
        return None

    def _intro(self, end: int, sections: list[dict[str, Any]]) -> int:
        """What comes before the first heading: the preamble when it is only text, else a
        section without a heading line. Returns the first heading's gap."""
        if end == 0:
            return 1
        blocks = self._blocks(0, end)
        blanks = trailing_blanks(self.lines[:end])
        if not any(self.lines[:end]):
            # Only blank lines: kept as text, since a preamble cannot be one blank line and
            # a gap is not made before the first line of the body.
            gap = 0
        elif not any("id" in block for block in blocks):
            self.preamble = "\n".join(self.lines[:end - blanks])
            return blanks
        else:
            gap = _trim_for_gap(blocks, blanks)
        sections.append(self._section("Introduction", "", 1, 2, blocks))
        return gap

    def _add_room(self, blocks: list[_Block], title: str, start: int, end: int,
                  has_subsections: bool) -> None:
        """A section with no fields gets one to write in, after its hints and before the
        blank lines that end it; a heading that only groups subsections does not."""
        if any("id" in block for block in blocks):
            return
        if has_subsections and not any(self.lines[start:end]):
            return
        blanks = trailing_blanks(self.lines[start:end])
        if blanks:
            del blocks[-1]["lines"][-blanks:]
            if not blocks[-1]["lines"]:
                blocks.pop()
        room = self._item("longtext", title, "")
        room["blank_lines"] = blanks
        blocks.append(room)

    def _section(self, title: str, heading: str, gap: int, level: int,
                 blocks: list[_Block]) -> dict[str, Any]:
        section: dict[str, Any] = {"id": self.section_ids.unique(slugify(title, "section")),
                                   "title": title}
        if heading != "#" * level + " " + title:
            section["heading"] = heading
        if gap != 1 and heading:
            section["gap"] = gap
        if blocks:
            section["blocks"] = [_finish(block) for block in blocks]
        return section

    # --- blocks and items ---------------------------------------------------------------

    def _blocks(self, start: int, end: int) -> list[_Block]:
        blocks: list[_Block] = []
        i = start
        while i < end:
            found = self._item_at(i, end) if self.structural[i] else None
            if found:
                item, used = found
                blocks.append(item)
                i += used
                continue
            last = blocks[-1] if blocks else None
            if self.lines[i] == "" and last is not None and "id" in last:
                last["blank_lines"] += 1  # blank lines right after an item are its own
            elif last is not None and "lines" in last:
                last["lines"].append(self.lines[i])
            else:
                blocks.append({"lines": [self.lines[i]]})
            i += 1
        return blocks

    def _item_at(self, i: int, end: int) -> tuple[_Block, int] | None:
        """The item starting at line `i` and how many lines it takes, if it is one."""
        bare, line = self.bare[i], self.lines[i]
        box = CHECKBOX.match(bare)
        if box:
            return self._checkbox(line, box), 1
        field = BOLD_FIELD.match(bare)
        if field:
            return self._bold_field(i, end, field)
        field = PLAIN_FIELD.match(bare)
        if not field or len(field["label"].split()) > 6:
            return None
        # In a list, `- Label:` asks for a value unless a nested list follows; alone on its
        # line, `Label:` does when blank lines follow, or it would introduce what follows.
        if (self._introduces_list(i, end, in_list=True) if field["lead"].strip()
                else not self._room_after(i, end)):
            return None
        return self._item("text" if field["space"] else "longtext", plain(field["label"]),
                          line), 1

    def _checkbox(self, line: str, box: re.Match[str]) -> _Block:
        rest = (box["rest"] or "").strip()
        lead = BOLD_LEAD.match(rest)
        if lead:
            label = title(lead["label"])
            description = lead["desc"].lstrip(":").strip()
        else:
            label, description = plain(rest), ""
        item = self._item("check", label, line, description)
        if box["mark"] != " ":
            item["default"] = True
        return item

    def _bold_field(self, i: int, end: int, field: re.Match[str]) -> tuple[_Block, int] | None:
        label, rest, line = plain(field["label"]), field["rest"], self.lines[i]
        # Only spaces and tabs count as blank here: a "\r" inside a line is kept as text.
        if not rest.strip(" \t"):
            if rest:  # a space after the label: the value goes on this line
                return self._item("text", label, line), 1
            after = i + 1
            if after < end and self.structural[after] and EMPTY_BULLET.match(self.bare[after]):
                item = self._item("list", label, line)
                if self.lines[after] != "- ":
                    item["empty_entry"] = self.lines[after]
                return item, 2
            if self._introduces_list(i, end, in_list=bool(field["lead"].strip())):
                return None  # a caption over a list
            return self._item("longtext", label, line), 1
        if ". " in rest:
            return None  # prose after a bold word, not a field
        if rest.rstrip().endswith("#"):
            return self._item("text", label, line), 1  # "Fixes #": the value completes it
        placeholder = rest.lstrip(" \t")
        cr = line[len(self.bare[i]):]
        item = self._item("text", label, self.bare[i][:-len(placeholder)] + cr)
        item["placeholder"] = placeholder
        return item, 1

    def _introduces_list(self, i: int, end: int, in_list: bool) -> bool:
        """Whether line `i` is followed by a list it heads: any list, or for a list item
        one nested deeper."""
        after = i + 1
        if after >= end or not self.structural[after] or not LIST_LINE.match(self.bare[after]):
            return False
        return not in_list or indent(self.bare[after]) > indent(self.bare[i])

    def _room_after(self, i: int, end: int) -> bool:
        """Whether a `Label:` line is followed by blank lines (or ends the template) and not
        by the list it introduces."""
        if i + 1 == len(self.lines):
            return True
        if i + 1 == end or self.lines[i + 1] != "":
            return False
        j = i + 1
        while j < len(self.lines) and self.lines[j] == "":
            j += 1
        return j == len(self.lines) or not (self.structural[j] and LIST_LINE.match(self.bare[j]))

    def _item(self, kind: str, label: str, line: str, description: str = "") -> _Block:
        label = label or ("Checkbox" if kind == "check" else "Field")  # `- [ ]`, `**<!-- -->:**`
        item: _Block = {"id": self.item_ids.unique(slugify(label, "item")), "kind": kind,
                        "label": label}
        if description:
            item["description"] = description
        if line != default_line(kind, label, description):
            item["line"] = line
        item["blank_lines"] = 0
        return item


def _trim_for_gap(blocks: list[_Block], blanks: int) -> int:
    """Move the blank lines ending a section into the next heading's gap (an item that
    writes into them keeps them); returns the gap."""
    if not blanks:
        return 0
    last = blocks[-1]
    if "id" not in last:
        del last["lines"][-blanks:]
        if not last["lines"]:
            blocks.pop()
        return blanks
    if last["kind"] in ROOMY:
        return 1
    last["blank_lines"] -= blanks
    return blanks


def _finish(block: _Block) -> dict[str, Any]:
    if "lines" in block:
        return {"text": "\n".join(block["lines"])}
    item = dict(block)
    blanks = item.pop("blank_lines")
    if blanks != (2 if item["kind"] == "longtext" else 0):
        item["blank_lines"] = blanks
    return item
