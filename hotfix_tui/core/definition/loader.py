"""Checklist definitions: TOML text -> a validated `Checklist`, each error naming the
file and line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from hotfix_tui.core.errors import ChecklistError
from hotfix_tui.core.model.check import CHECK_NAME, OPTION_KEYS, CheckSpec, SpecProblem, check_spec
from hotfix_tui.core.model.checklist import (
    CHECKBOX_MARK,
    CLOCKS,
    FILLS,
    ID_PATTERN,
    KINDS,
    RELEASE_BOXES,
    RELEASE_ROLES,
    SCHEMA_VERSION,
    Block,
    Checklist,
    Item,
    Phase,
    Section,
    TextBlock,
    default_line,
)
from hotfix_tui.core.storage.files import parse_toml, read_text


def load_checklist(path: Path) -> Checklist:
    return parse_checklist(read_text(path, ChecklistError, "checklist") or "", path)


def parse_checklist(source: str, path: Path | None = None) -> Checklist:
    """Parse and validate a checklist definition; errors name the file and line."""
    data = parse_toml(source, str(path) if path else "<checklist>", ChecklistError)
    return checklist_from_data(source, data, path)


def checklist_from_data(source: str, data: Mapping[str, Any], path: Path | None = None
                        ) -> Checklist:
    """Validate a checklist definition already parsed from `source` (its TOML text)."""
    builder = _Builder(str(path) if path else "<checklist>", _TableLines(source))
    return builder.build(data, path)


class _TableLines:
    """Finds the line where each `[[array.of.tables]]` entry and its keys start.

    tomllib reports line numbers only for syntax errors; for semantic ones we map the
    n-th table of a given header back to its line, since TOML keeps them in file order.
    """

    HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines()
        self.headers: dict[str, list[int]] = {}
        for number, text in enumerate(self.lines, start=1):
            match = self.HEADER.match(text)
            if match:
                self.headers.setdefault(match.group(1), []).append(number)

    def table(self, header: str, index: int) -> int | None:
        found = self.headers.get(header, [])
        return found[index] if index < len(found) else None

    def key(self, start: int | None, key: str) -> int | None:
        if start is None:
            return None
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        for number in range(start, len(self.lines) + 1):
            text = self.lines[number - 1]
            if number > start and text.lstrip().startswith("["):
                break
            if pattern.match(text):
                return number
        return start


class _Builder:
    def __init__(self, where: str, lines: _TableLines) -> None:
        self.where = where
        self.lines = lines
        self.counters: dict[str, int] = {}
        self.items: dict[str, Item] = {}
        self.section_ids: set[str] = set()
        self.phase_ids: set[str] = set()
        # `evidence_of` and `same_as` references, checked once every item is known:
        # (item, line).
        self.evidence_refs: list[tuple[Item, int | None]] = []
        self.same_refs: list[tuple[Item, int | None]] = []

    def fail(self, line: int | None, reason: str) -> ChecklistError:
        at = f"{self.where}:{line}" if line else self.where
        return ChecklistError(f"{at}: {reason}")

    def next_line(self, header: str) -> int | None:
        index = self.counters.get(header, 0)
        self.counters[header] = index + 1
        return self.lines.table(header, index)

    def get(self, table: Mapping[str, Any], key: str, kind: type, default: Any,
            line: int | None) -> Any:
        value = table.get(key, default)
        if value is default:
            return value
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            raise self.fail(self.lines.key(line, key),
                            f"{key!r} must be {kind.__name__}, not {type(value).__name__}")
        return value

    def strings(self, table: Mapping[str, Any], key: str, line: int | None) -> tuple[str, ...]:
        value = self.get(table, key, list, [], line)
        if not all(isinstance(v, str) for v in value):
            raise self.fail(self.lines.key(line, key), f"{key!r} must be a list of strings")
        return tuple(value)

    def build(self, data: Mapping[str, Any], path: Path | None) -> Checklist:
        version = data.get("schema_version", SCHEMA_VERSION)
        if version != SCHEMA_VERSION:
            raise self.fail(self.lines.key(1, "schema_version"),
                            f"unsupported schema_version {version!r} (this hotfix reads {SCHEMA_VERSION})")
        name = self.get(data, "name", str, "", 1)
        if not name:
            raise self.fail(None, "missing 'name' (a short name like \"hotfix\")")
        phases = []
        for raw in self.get(data, "phases", list, [], 1):
            line = self.next_line("phases")
            phase_id = self.identifier(raw, line, "phase")
            self.phase_ids.add(phase_id)
            phases.append(Phase(
                id=phase_id,
                title=self.get(raw, "title", str, phase_id, line),
                activities=self.get(raw, "activities", str, "", line),
                approvals=self.strings(raw, "approvals", line),
                stale_after_commit=self.get(raw, "stale_after_commit", bool, False, line),
            ))
        raw_sections = self.get(data, "sections", list, [], 1)
        if not raw_sections:
            raise self.fail(None, "a checklist needs at least one [[sections]] table")
        sections = tuple(self.section(raw, "sections", 2, None) for raw in raw_sections)
        if sum(section.qualification for section in sections) > 1:
            raise self.fail(None, "only one section can be the qualification")
        self.check_evidence_refs()
        self.check_same_refs()
        return Checklist(
            name=name,
            title=self.get(data, "title", str, name, 1),
            description=self.get(data, "description", str, "", 1),
            preamble=self.get(data, "preamble", str, "", 1),
            final_newline=self.get(data, "final_newline", bool, True, 1),
            phases=tuple(phases),
            sections=sections,
            items=dict(self.items),
            definition=data,
            newline=self.newline(data),
            source=path,
        )

    def newline(self, data: Mapping[str, Any]) -> str:
        newline: str = self.get(data, "newline", str, "\n", 1)
        if newline not in ("\n", "\r\n", "\r"):
            raise self.fail(self.lines.key(1, "newline"),
                            f"'newline' is \"\\n\", \"\\r\\n\" or \"\\r\", not {newline!r}")
        return newline

    def identifier(self, raw: Any, line: int | None, what: str) -> str:
        if not isinstance(raw, dict):
            raise self.fail(line, f"each {what} must be a table")
        ident = raw.get("id")
        if not isinstance(ident, str) or not ID_PATTERN.match(ident):
            raise self.fail(self.lines.key(line, "id"),
                            f"{what} needs an 'id' of lowercase letters, digits and '-' (got {ident!r})")
        return ident

    def section(self, raw: Any, header: str, level: int, parent: Section | None) -> Section:
        line = self.next_line(header)
        section_id = self.identifier(raw, line, "section")
        if section_id in self.section_ids:
            raise self.fail(self.lines.key(line, "id"), f"duplicate section id {section_id!r}")
        self.section_ids.add(section_id)
        title = self.get(raw, "title", str, "", line)
        if not title:
            raise self.fail(line, f"section {section_id!r} needs a 'title'")
        phase = self.get(raw, "phase", str, parent.phase if parent else None, line)
        if phase is not None and phase not in self.phase_ids:
            raise self.fail(self.lines.key(line, "phase"),
                            f"section {section_id!r}: unknown phase {phase!r}")
        in_body = self.get(raw, "in_body", bool, parent.in_body if parent else True, line)
        top_id = parent.id if parent else section_id
        group_id = section_id if parent else None
        blocks = tuple(
            self.block(block, f"{header}.blocks", top_id, group_id, phase)
            for block in self.get(raw, "blocks", list, [], line)
        )
        section = Section(
            id=section_id,
            title=title,
            heading=self.get(raw, "heading", str, "#" * level + " " + title, line),
            level=level,
            phase=phase,
            in_body=in_body,
            gap=self.get(raw, "gap", int, 1, line),
            help=self.get(raw, "help", str, "", line),
            blocks=blocks,
            qualification=self.get(raw, "qualification", bool, False, line),
            follow_up=self.get(raw, "follow_up", bool, parent.follow_up if parent else False,
                               line),
        )
        if section.qualification and parent is not None:
            raise self.fail(self.lines.key(line, "qualification"),
                            f"section {section_id!r}: the qualification is a top-level section")
        subsections = tuple(
            self.section(sub, f"{header}.subsections", level + 1, section)
            for sub in self.get(raw, "subsections", list, [], line)
        )
        section = section._replace(subsections=subsections)
        if section.follow_up and "follow_up" in raw and not any(
                item.kind == "check" for item in section.items()):
            raise self.fail(self.lines.key(line, "follow_up"),
                            f"section {section_id!r}: a follow-up section needs a checkbox "
                            "(its open boxes are the postmortem's follow-up actions)")
        return section

    def declared(self, raw: Mapping[str, Any], key: str, allowed: tuple[str, ...],
                 line: int | None, item_id: str) -> str | None:
        value: str | None = self.get(raw, key, str, None, line)
        if value is not None and value not in allowed:
            raise self.fail(self.lines.key(line, key), f"item {item_id!r}: {key} {value!r} is "
                                                       f"not one of {', '.join(allowed)}")
        return value

    def check_declarations(self, item: Item, line: int | None) -> None:
        """What an item is for must fit its kind, and one item per job at most."""
        fits = {"fill": item.fill is None or item.kind in ("list", "longtext", "text"),
                "clock": item.clock is None or item.kind == "text",
                "release": item.release is None or (item.kind == "check") == (
                    item.release in RELEASE_BOXES)}
        for key, ok in fits.items():
            if not ok:
                raise self.fail(self.lines.key(line, key),
                                f"item {item.id!r}: a {item.kind} item cannot be {key} = "
                                f"{getattr(item, key)!r}")
        for key in ("fill", "clock", "release"):
            job = getattr(item, key)
            if job is None or job in RELEASE_BOXES:
                continue
            other = next((o for o in self.items.values() if getattr(o, key) == job), None)
            if other is not None:
                raise self.fail(self.lines.key(line, key), f"item {item.id!r}: {key} {job!r} "
                                                           f"is already item {other.id!r}'s")

    def block(self, raw: Any, header: str, section_id: str, group_id: str | None,
              phase: str | None) -> Block:
        line = self.next_line(header)
        if not isinstance(raw, dict):
            raise self.fail(line, "each block must be a table")
        if "text" in raw:
            extra = sorted(set(raw) - {"text"})
            if extra:
                raise self.fail(line, f"a text block holds only 'text' (also found {extra})")
            return TextBlock(self.get(raw, "text", str, "", line))
        item_id = self.identifier(raw, line, "item")
        if item_id in self.items:
            raise self.fail(self.lines.key(line, "id"), f"duplicate item id {item_id!r}")
        kind = raw.get("kind")
        if kind not in KINDS:
            raise self.fail(self.lines.key(line, "kind"),
                            f"item {item_id!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
        label = self.get(raw, "label", str, "", line)
        if not label:
            raise self.fail(line, f"item {item_id!r} needs a 'label'")
        known = {"id", "kind", "label", "required", "help", "description", "options", "line",
                 "placeholder", "option_lines", "empty_entry", "blank_lines", "default",
                 "approval", "fill", "clock", "release", "run", "check", "evidence_of",
                 "same_as", *OPTION_KEYS}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise self.fail(self.lines.key(line, unknown[0]),
                            f"item {item_id!r}: unknown key {unknown[0]!r}")
        description = self.get(raw, "description", str, "", line)
        options = self.strings(raw, "options", line)
        option_lines = self.strings(raw, "option_lines", line)
        if kind == "choice" and not options:
            raise self.fail(line, f"item {item_id!r}: a choice needs 'options'")
        if kind != "choice" and (options or option_lines):
            raise self.fail(self.lines.key(line, "options"),
                            f"item {item_id!r}: only a choice has 'options'")
        if option_lines and len(option_lines) != len(options):
            raise self.fail(self.lines.key(line, "option_lines"),
                            f"item {item_id!r}: 'option_lines' needs one line per option")
        for option_line in option_lines:
            if not CHECKBOX_MARK.search(option_line):
                raise self.fail(self.lines.key(line, "option_lines"),
                                f"item {item_id!r}: option line {option_line!r} has no [ ] box")
        markdown = self.get(raw, "line", str, default_line(kind, label, description), line)
        if kind == "check" and not CHECKBOX_MARK.search(markdown):
            raise self.fail(self.lines.key(line, "line"),
                            f"item {item_id!r}: a checkbox line needs a [ ] box")
        item = Item(
            id=item_id,
            kind=kind,
            label=label,
            section_id=section_id,
            group_id=group_id,
            phase=phase,
            required=self.get(raw, "required", bool, False, line),
            help=self.get(raw, "help", str, "", line),
            description=description,
            options=options,
            line=markdown,
            placeholder=self.get(raw, "placeholder", str, "", line),
            option_lines=option_lines,
            empty_entry=self.get(raw, "empty_entry", str, "- ", line),
            blank_lines=self.get(raw, "blank_lines", int, 2 if kind == "longtext" else 0, line),
            approval=self.get(raw, "approval", bool, False, line),
            fill=self.declared(raw, "fill", FILLS, line, item_id),
            clock=self.declared(raw, "clock", CLOCKS, line, item_id),
            release=self.declared(raw, "release", RELEASE_ROLES, line, item_id),
            run=self.run(raw, item_id, kind, line),
            check=self.check_name(raw, item_id, line),
            evidence_of=self.get(raw, "evidence_of", str, "", line),
            same_as=self.get(raw, "same_as", str, "", line),
        )
        self.check_declarations(item, line)
        if item.evidence_of:
            if kind != "longtext":
                raise self.fail(self.lines.key(line, "evidence_of"),
                                f"item {item_id!r}: only a longtext can take 'evidence_of'")
            self.evidence_refs.append((item, line))
        if item.same_as:
            self.same_refs.append((item, line))
        default = raw.get("default", item.empty_value)
        if isinstance(default, list):
            default = tuple(default)
        if not item.accepts(default):
            raise self.fail(self.lines.key(line, "default"),
                            f"item {item_id!r}: default does not fit a {kind} item")
        item = item._replace(default=default)
        self.items[item_id] = item
        return item

    def run(self, raw: dict[str, Any], item_id: str, kind: str, line: int | None) -> CheckSpec | None:
        """An item's own command (`run` and its options), checked like a config's check."""
        declared = [key for key in ("run", "check") if key in raw]
        if declared and kind != "check":
            raise self.fail(self.lines.key(line, declared[0]),
                            f"item {item_id!r}: only a checkbox can {declared[0]} a check")
        if len(declared) == 2:
            raise self.fail(self.lines.key(line, "check"),
                            f"item {item_id!r}: give 'run' (a command) or 'check' (a check "
                            "the repo's .hotfix/config.toml defines), not both")
        options = [key for key in OPTION_KEYS if key in raw]
        if options and "run" not in raw:
            where = (f"set it in .hotfix/config.toml [checks.{raw['check']}]"
                     if "check" in raw else "it goes with 'run'")
            raise self.fail(self.lines.key(line, options[0]),
                            f"item {item_id!r}: {options[0]!r} without 'run': {where}")
        if "run" not in raw:
            return None
        try:
            return check_spec({key: raw[key] for key in ("run", *options)})
        except SpecProblem as problem:
            raise self.fail(self.lines.key(line, problem.key),
                            f"item {item_id!r}: {problem.reason}") from None

    def check_name(self, raw: dict[str, Any], item_id: str, line: int | None) -> str:
        name: str = self.get(raw, "check", str, "", line)
        if "check" in raw and not CHECK_NAME.match(name):
            raise self.fail(self.lines.key(line, "check"),
                            f"item {item_id!r}: 'check' names a check of .hotfix/config.toml "
                            f"[checks] (lowercase letters, digits, '-', '_'), not {name!r}")
        return name

    def check_same_refs(self) -> None:
        """`same_as` names another text or choice item; two choices offer the same options."""
        for item, line in self.same_refs:
            other = self.items.get(item.same_as)
            where = self.lines.key(line, "same_as")
            if other is None or other.id == item.id:
                raise self.fail(where, f"item {item.id!r}: 'same_as' names {item.same_as!r}, "
                                "which is no other item of this checklist")
            kinds = {item.kind, other.kind}
            if not kinds <= {"text", "choice"}:
                raise self.fail(where, f"item {item.id!r}: 'same_as' links text and choice "
                                f"items, not a {item.kind} and a {other.kind}")
            if kinds == {"choice"} and set(item.options) != set(other.options):
                raise self.fail(where, f"item {item.id!r}: 'same_as' {other.id!r} is a choice "
                                "of other options: give both the same options")

    def check_evidence_refs(self) -> None:
        for item, line in self.evidence_refs:
            source = self.items.get(item.evidence_of)
            if source is None or not source.has_check:
                raise self.fail(self.lines.key(line, "evidence_of"),
                                f"item {item.id!r}: 'evidence_of' names {item.evidence_of!r}, "
                                "which is no item with a check ('run' or 'check')")

