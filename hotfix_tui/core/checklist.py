"""The checklist model: a PR template as sections of verbatim text and fillable items.

A checklist is data (a TOML file, see docs/checklist-format.md). Each item knows the exact
markdown line(s) it occupies in the template, so rendering an untouched session gives the
template back byte for byte, and a filled one only differs where values went in.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any, Literal, NamedTuple, TypeAlias

from hotfix_tui.core.errors import ChecklistError, ValueInputError
from hotfix_tui.core.textfile import read_text

SCHEMA_VERSION = 1
KINDS = ("text", "longtext", "check", "choice", "list")
Kind: TypeAlias = Literal["text", "longtext", "check", "choice", "list"]
Value: TypeAlias = str | bool | tuple[str, ...]

CHECKBOX_MARK = re.compile(r"\[[ xX]\]")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "x", "on", "done"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "", "off"})


# The core's records are NamedTuples, not dataclasses: every command loads them, and
# making a dataclass (and importing `dataclasses`, which loads `inspect`) costs a headless
# command a large share of its run.


class TextBlock(NamedTuple):
    """Verbatim markdown (comments, labels, rules): rendered as written, never filled."""

    text: str


class Item(NamedTuple):
    id: str
    kind: Kind
    label: str
    section_id: str  # the top-level section (one app screen) the item belongs to
    group_id: str | None = None  # its subsection, if any
    phase: str | None = None
    required: bool = False
    help: str = ""
    description: str = ""
    options: tuple[str, ...] = ()
    # The markdown this item renders from; see docs/checklist-format.md for defaults.
    line: str = ""
    placeholder: str = ""
    option_lines: tuple[str, ...] = ()
    empty_entry: str = "- "
    blank_lines: int = 0
    default: Value = ""
    approval: bool = False

    @property
    def empty_value(self) -> Value:
        if self.kind == "check":
            return False
        if self.kind == "list":
            return ()
        return ""

    def is_done(self, value: Value) -> bool:
        if self.kind == "check":
            return value is True
        if self.kind == "list":
            return isinstance(value, tuple) and any(entry.strip() for entry in value)
        if self.kind == "choice":
            return value in self.options
        return isinstance(value, str) and bool(value.strip())

    def accepts(self, value: object) -> bool:
        """Whether a stored value has the right type for this item's kind."""
        if self.kind == "check":
            return isinstance(value, bool)
        if self.kind == "list":
            return isinstance(value, tuple) and all(isinstance(e, str) for e in value)
        return isinstance(value, str)

    def parse(self, raw: str) -> Value:
        """Turn what a user typed (CLI argument, stdin) into this item's value."""
        if self.kind == "check":
            word = raw.strip().lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise ValueInputError(f"item {self.id!r} is a checkbox: give true or false, not {raw!r}")
        if self.kind == "choice":
            wanted = raw.strip()
            if not wanted:
                return ""
            for option in self.options:
                if option.lower() == wanted.lower():
                    return option
            choices = ", ".join(self.options)
            raise ValueInputError(f"item {self.id!r} is one of: {choices} (got {raw!r})")
        if self.kind == "list":
            return tuple(entry for entry in raw.splitlines() if entry.strip())
        return raw

    def option_label(self, index: int) -> str:
        """A readable label for a choice option, from its checkbox line when it has one."""
        if self.option_lines:
            text = CHECKBOX_MARK.split(self.option_lines[index], maxsplit=1)[-1]
            return text.replace("**", "").strip()
        return self.options[index]


Block: TypeAlias = TextBlock | Item


class Section(NamedTuple):
    id: str
    title: str
    heading: str
    level: int
    phase: str | None
    in_body: bool
    gap: int
    help: str
    blocks: tuple[Block, ...]
    subsections: tuple[Section, ...] = ()

    def own_items(self) -> tuple[Item, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Item))

    def items(self) -> tuple[Item, ...]:
        """Every item of the section, its subsections' included, in template order."""
        found = list(self.own_items())
        for sub in self.subsections:
            found.extend(sub.items())
        return tuple(found)


class Phase(NamedTuple):
    id: str
    title: str
    activities: str = ""
    approvals: tuple[str, ...] = ()


class Checklist:
    """A parsed checklist definition; treated as immutable once built."""

    def __init__(self, *, name: str, title: str, description: str, preamble: str,
                 final_newline: bool, phases: tuple[Phase, ...], sections: tuple[Section, ...],
                 items: Mapping[str, Item], definition: Mapping[str, Any],
                 newline: str = "\n", source: Path | None = None) -> None:
        self.name = name
        self.title = title
        self.description = description
        self.preamble = preamble
        self.final_newline = final_newline
        self.phases = phases
        self.sections = sections
        # What ends each line of the body: a template written with CRLF keeps CRLF.
        self.newline = newline
        self.source = source
        self._by_id = items
        self._definition = definition

    def _key(self) -> tuple[object, ...]:
        return (self.name, self.title, self.description, self.preamble, self.final_newline,
                self.phases, self.sections, self.newline, self.source)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Checklist) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.name, self.source))

    def __repr__(self) -> str:
        return f"Checklist(name={self.name!r}, source={self.source!r})"

    @cached_property
    def digest(self) -> str:
        """A hash of the definition as data (not its formatting), written to each session
        file; worked out when a session is saved, which commands that only read never do."""
        import hashlib

        canonical = json.dumps(self._definition, sort_keys=True, default=str).encode()
        return "sha256:" + hashlib.sha256(canonical).hexdigest()[:16]

    def items(self) -> tuple[Item, ...]:
        return tuple(self._by_id.values())

    def item(self, item_id: str) -> Item:
        try:
            return self._by_id[item_id]
        except KeyError:
            raise ValueInputError(f"checklist {self.name!r} has no item {item_id!r}") from None

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_id

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise ValueInputError(f"checklist {self.name!r} has no section {section_id!r}")


# --- loading ---------------------------------------------------------------------------


def load_checklist(path: Path) -> Checklist:
    return parse_checklist(read_text(path, ChecklistError, "checklist") or "", path)


def parse_checklist(source: str, path: Path | None = None) -> Checklist:
    """Parse and validate a checklist definition; errors name the file and line."""
    where = str(path) if path else "<checklist>"
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(f"{where}: invalid TOML: {exc}") from None
    builder = _Builder(where, _TableLines(source))
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
            ))
        raw_sections = self.get(data, "sections", list, [], 1)
        if not raw_sections:
            raise self.fail(None, "a checklist needs at least one [[sections]] table")
        sections = tuple(self.section(raw, "sections", 2, None) for raw in raw_sections)
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
        )
        subsections = tuple(
            self.section(sub, f"{header}.subsections", level + 1, section)
            for sub in self.get(raw, "subsections", list, [], line)
        )
        return section._replace(subsections=subsections)

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
                 "approval"}
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
        )
        default = raw.get("default", item.empty_value)
        if isinstance(default, list):
            default = tuple(default)
        if not item.accepts(default):
            raise self.fail(self.lines.key(line, "default"),
                            f"item {item_id!r}: default does not fit a {kind} item")
        item = item._replace(default=default)
        self.items[item_id] = item
        return item


def default_line(kind: str, label: str, description: str = "") -> str:
    """The markdown line an item renders from when its definition gives no `line`."""
    if kind == "check":
        return f"- [ ] **{label}**: {description}" if description else f"- [ ] {label}"
    if kind in ("text", "choice"):
        return f"**{label}:** "
    return f"**{label}:**"


def slugify(text: str, fallback: str, limit: int = 48) -> str:
    """An id made from a title or label: `Root Cause` -> `root-cause`, accents dropped,
    cut at a word boundary so ids stay readable; `fallback` when nothing is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[:limit + 1].rsplit("-", 1)[0] if "-" in slug[:limit + 1] else slug[:limit]
    return slug or fallback


# --- finding checklists ----------------------------------------------------------------

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_checklist_dir() -> Path:
    """The shipped checklists: inside the package when installed from a wheel, or the
    source tree's top-level `checklists/` when running from a checkout (editable install)."""
    inside = PACKAGE_DIR / "checklists"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "checklists"


def checklist_dirs(root: Path) -> list[Path]:
    """Where checklists are looked up, first match wins: the repo's own, then built-in."""
    return [root / ".hotfix" / "checklists", root / "checklists", builtin_checklist_dir()]


# Where GitHub looks for pull-request templates, in the order a name clash is settled.
TEMPLATE_DIRS = (".github", ".", "docs")


def available_checklists(root: Path) -> dict[str, Path]:
    """Checklists by name, first match wins: the repo's own definitions, then its
    pull-request templates (imported when loaded), then the built-in ones."""
    *repo_dirs, builtin = checklist_dirs(root)
    found: dict[str, Path] = {}
    for name, path in [*_definitions(repo_dirs), *pr_templates(root), *_definitions([builtin])]:
        found.setdefault(name, path)
    return found


def _definitions(folders: list[Path]) -> list[tuple[str, Path]]:
    return [(path.stem, path) for folder in folders if folder.is_dir()
            for path in sorted(folder.glob("*.toml"))]


def pr_templates(root: Path) -> list[tuple[str, Path]]:
    """The repo's pull-request templates where GitHub finds them, names in any case:
    `pull_request_template.md` and `PULL_REQUEST_TEMPLATE/*.md` in `.github/`, the top
    level or `docs/`. Each is named after its file: `pull-request-template`, `hotfix`."""
    found: list[tuple[str, Path]] = []
    for base in TEMPLATE_DIRS:
        folder = root / base
        if not folder.is_dir():
            continue
        entries = sorted(folder.iterdir())
        found.extend((template_name(entry), entry) for entry in entries
                     if entry.name.lower() == "pull_request_template.md" and entry.is_file())
        for entry in entries:
            if entry.name.lower() == "pull_request_template" and entry.is_dir():
                found.extend((template_name(path), path) for path in sorted(entry.iterdir())
                             if path.suffix.lower() == ".md" and path.is_file())
    return found


def template_name(path: Path) -> str:
    """The checklist name of a markdown template: its file name as an id."""
    return slugify(path.stem, "template")


def find_checklist(name_or_path: str, root: Path, cwd: Path | None = None) -> Path:
    """A checklist by name (see `available_checklists`) or by path to a .toml definition
    or a .md pull-request template."""
    if name_or_path.endswith((".toml", ".md")) or "/" in name_or_path:
        path = Path(name_or_path)
        if not path.is_absolute():
            path = (cwd or Path.cwd()) / path
        if not path.is_file():
            raise ChecklistError(f"{name_or_path}: no such checklist file")
        return path
    found = available_checklists(root)
    if name_or_path not in found:
        known = ", ".join(sorted(found)) or "none"
        raise ChecklistError(f"no checklist named {name_or_path!r} (available: {known})")
    return found[name_or_path]

