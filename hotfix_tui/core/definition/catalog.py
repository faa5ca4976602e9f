"""Which checklists a repo can use: its own definitions, its pull-request templates and
the built-in ones, by name."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from hotfix_tui.core.definition.loader import parse_checklist
from hotfix_tui.core.definition.parsed import load_checklist_parsed
from hotfix_tui.core.errors import ChecklistError, SessionError
from hotfix_tui.core.model.checklist import Checklist, slugify
from hotfix_tui.core.storage.files import read_text
from hotfix_tui.core.storage.layout import Layout

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # hotfix_tui/


def builtin_checklist_dir() -> Path:
    """The shipped checklists: inside the package when installed from a wheel, or the
    source tree's top-level `checklists/` when running from a checkout (editable install)."""
    inside = PACKAGE_DIR / "checklists"
    return inside if inside.is_dir() else PACKAGE_DIR.parent / "checklists"


def checklist_dirs(root: Path) -> list[Path]:
    """Where checklists are looked up, first match wins: the repo's own, then built-in."""
    return [Layout(root).checklists, root / "checklists", builtin_checklist_dir()]


def available_checklists(root: Path) -> dict[str, Path]:
    """Checklists by name, first match wins: the repo's own definitions, then its
    pull-request templates (imported when loaded), then the built-in ones. A committed
    symlink leading out of the repo (to a file of yours, to /proc) is no checklist."""
    *repo_dirs, builtin = checklist_dirs(root)
    found: dict[str, Path] = {}
    for name, path in [*_definitions(repo_dirs), *pr_templates(root), *_definitions([builtin])]:
        if within_reach(path, root):
            found.setdefault(name, path)
    return found


def within_reach(path: Path, root: Path) -> bool:
    """Whether a checklist file may be read: inside the repo or the package (symlinks
    resolved), and not a symlink under `.hotfix/`, which follows none."""
    real = path.resolve()
    if not (real.is_relative_to(root.resolve())
            or real.is_relative_to(builtin_checklist_dir().resolve())):
        return False
    try:
        Layout(root).checked(path)
    except SessionError:
        return False
    return True


def _definitions(folders: list[Path]) -> list[tuple[str, Path]]:
    return [(path.stem, path) for folder in folders if folder.is_dir()
            for path in sorted(folder.glob("*.toml"))]


# The one default template of a folder, as GitHub, Azure DevOps, Gitea and Forgejo name it.
SINGLE_TEMPLATE = re.compile(r"pull[_-]request[_-]template\.(?:md|txt)", re.IGNORECASE)


class TemplateFolder(NamedTuple):
    """A folder a forge reads pull-request templates from (names in any case)."""

    path: str  # under the repo root; "." is the top level
    single: bool = True  # holds one `pull_request_template.md` (or .txt, or with '-')
    # The folder inside it holding several templates ("" for this very folder).
    several: str | None = "pull_request_template"
    suffixes: tuple[str, ...] = (".md", ".txt")
    first: str | None = None  # the file listed first among several: the forge's default


# Where each forge keeps its templates, in the order a name clash is settled.
TEMPLATE_FOLDERS = (
    # GitHub: .github/, the top level, docs/; several in PULL_REQUEST_TEMPLATE/.
    TemplateFolder(".github"), TemplateFolder("."), TemplateFolder("docs"),
    # GitLab: every .md in .gitlab/merge_request_templates/, Default.md the default.
    TemplateFolder(".gitlab/merge_request_templates", single=False, several="",
                   suffixes=(".md",), first="default.md"),
    # Azure DevOps: .azuredevops/, .vsts/, then docs/ and the top level as for GitHub;
    # several in pull_request_template/.
    TemplateFolder(".azuredevops"), TemplateFolder(".vsts"),
    # Forgejo and Gitea (which also read the top level and .github/): one template each.
    TemplateFolder(".forgejo", several=None), TemplateFolder(".gitea", several=None),
)


def pr_templates(root: Path) -> list[tuple[str, Path]]:
    """The repo's pull-request (merge-request) templates where GitHub, GitLab, Azure
    DevOps, Gitea and Forgejo find them (see TEMPLATE_FOLDERS), each named after its file:
    `pull-request-template`, `hotfix`, `default`."""
    return [(template_name(path), path) for place in TEMPLATE_FOLDERS
            for folder in _folders(root, place.path) for path in _templates_in(folder, place)]


def _templates_in(folder: Path, place: TemplateFolder) -> list[Path]:
    entries = _entries(folder)
    found = [entry for entry in entries if place.single and SINGLE_TEMPLATE.fullmatch(entry.name)
             and entry.is_file()]
    if place.several is not None:
        holders = [folder] if not place.several else [
            entry for entry in entries if entry.name.lower() == place.several and entry.is_dir()]
        for holder in holders:
            several = [entry for entry in _entries(holder)
                       if entry.suffix.lower() in place.suffixes and entry.is_file()]
            found.extend(sorted(several, key=lambda entry: entry.name.lower() != place.first))
    return found


def _folders(root: Path, relative: str) -> list[Path]:
    """The folders at `relative` under root, each part matched in any case."""
    folders = [root]
    for part in Path(relative).parts:
        folders = [entry for folder in folders for entry in _entries(folder)
                   if entry.name.lower() == part and entry.is_dir()]
    return folders


def _entries(folder: Path) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError:
        return []  # unreadable or gone: no templates there


def template_name(path: Path) -> str:
    """The checklist name of a markdown template: its file name as an id."""
    return slugify(path.stem, "template")


def is_path(name_or_path: str) -> bool:
    """Whether a checklist reference names a file rather than a checklist by name."""
    return name_or_path.endswith((".toml", ".md", ".txt")) or "/" in name_or_path


def find_checklist(name_or_path: str, root: Path, cwd: Path | None = None) -> Path:
    """A checklist by name (see `available_checklists`) or by path to a .toml definition
    or a .md (or .txt) pull-request template."""
    if is_path(name_or_path):
        path = Path(name_or_path)
        if not path.is_absolute():
            path = (cwd or Path.cwd()) / path
        if not path.is_file():
            raise ChecklistError(f"{name_or_path}: no such checklist file")
        if not within_reach(path, root):
            raise ChecklistError(f"{name_or_path}: outside the repo ({root}) or a symlink under "
                                 ".hotfix/: a session uses checklists inside the repo only (a "
                                 "colleague's clone must find it too); copy it into "
                                 ".hotfix/checklists/")
        return path
    found = available_checklists(root)
    if name_or_path not in found:
        known = ", ".join(sorted(found)) or "none"
        raise ChecklistError(f"no checklist named {name_or_path!r} (available: {known})")
    return found[name_or_path]


class Catalog:
    """The checklists of one repo: found by name or path, loaded (a markdown template is
    read as `hotfix import-template` would write it), and named back for session files."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.layout = Layout(root)

    def available(self) -> dict[str, Path]:
        return available_checklists(self.root)

    def load(self, ref: str, from_here: bool = False) -> Checklist:
        """A checklist by name, or by path: relative to the repo root as session files
        store it, or to the current folder (`from_here`) as a user types it."""
        path = find_checklist(ref, self.root, cwd=None if from_here else self.root)
        if path.suffix.lower() != ".toml":
            return parse_checklist(self.template_toml(path, template_name(path)), path)
        return load_checklist_parsed(self.layout, path)

    def template_toml(self, path: Path, name: str) -> str:
        """The checklist definition a markdown template gives, as TOML."""
        text = read_text(path, ChecklistError, "template") or ""
        try:
            source = path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            source = path.name
        title = path.stem.replace("_", " ").replace("-", " ").strip().capitalize() or name
        # Loaded here: importing templates (difflib and all) is rare, and every command and
        # the app's start would pay for loading it.
        from hotfix_tui.core.definition.template_import import template_to_toml

        return template_to_toml(text, name, title, source)

    def ref_for(self, checklist: Checklist) -> str:
        """What a session file names its checklist by: the name when lookup by name finds
        this very file, else its path relative to the repo (or absolute outside it)."""
        source = checklist.source
        if source is None:
            return checklist.name
        found = self.available().get(source.stem)
        if found is not None and found.resolve() == source.resolve():
            return source.stem
        try:
            return source.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(source.resolve())
