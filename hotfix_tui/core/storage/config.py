"""The repo's own settings: `.hotfix/config.toml`, committed with the sessions.

Only the keys this module knows are read; others are left for other parts of the tool.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from hotfix_tui.core.errors import ConfigError
from hotfix_tui.core.model.check import CHECK_NAME, CheckSpec, SpecProblem, check_spec
from hotfix_tui.core.storage.files import read_toml
from hotfix_tui.core.storage.layout import Layout

if TYPE_CHECKING:
    from hotfix_tui.core.git.tags import TagPattern

NO_CHECKS: Mapping[str, CheckSpec] = MappingProxyType({})


class Config(NamedTuple):
    path: Path
    # The branch hotfixes are merged back into; None: found from git (see repo.py).
    base: str | None = None
    # The commands checklist items name with `check = "NAME"`, by name.
    checks: Mapping[str, CheckSpec] = NO_CHECKS
    # The checklist a new session starts with unless one is named (`checklist = "..."`).
    checklist: str | None = None
    # How the repo names release tags, `ratatui-v{version}`; None: found from the tags.
    tag: TagPattern | None = None


def load_config(root: Path) -> Config:
    path = Layout(root).config
    data = read_toml(path, ConfigError, "config", missing_ok=True)
    if data is None:
        return Config(path)
    base = data.get("base")
    if base is not None and (not isinstance(base, str) or not base.strip()):
        raise ConfigError(f"{path}: 'base' must be a branch name, e.g. base = \"main\"")
    tag = data.get("tag")
    try:
        pattern = None if tag is None else _tag_pattern(tag)
    except (TypeError, ValueError):
        raise ConfigError(f"{path}: 'tag' must be a tag name with {{version}} in it once, "
                          'e.g. tag = "v{version}" or tag = "mypkg-v{version}"') from None
    checklist = data.get("checklist")
    if checklist is not None and (not isinstance(checklist, str) or not checklist.strip()):
        raise ConfigError(f"{path}: 'checklist' must be a checklist name or path, "
                          "e.g. checklist = \"hotfix\"")
    return Config(path, base=base.strip() if base else None,
                  checks=_checks(path, data.get("checks", {})),
                  checklist=checklist.strip() if checklist else None, tag=pattern)


def _tag_pattern(text: object) -> TagPattern:
    # Loaded only for a repo that names its tags: compiling its version patterns at
    # import would cost every command.
    from hotfix_tui.core.git.tags import TagPattern

    return TagPattern.of(text)


def _checks(path: Path, table: Any) -> Mapping[str, CheckSpec]:
    """`[checks]`: `NAME = "command"`, or a table `[checks.NAME]` with `run` and options."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [checks] must be a table of NAME = \"command\"")
    checks = {}
    for name, value in table.items():
        if not CHECK_NAME.match(name):
            raise ConfigError(f"{path}: [checks] {name!r}: a check's name is lowercase "
                              "letters, digits, '-' and '_'")
        spec = {"run": value} if isinstance(value, str) else value
        if not isinstance(spec, dict):
            raise ConfigError(f"{path}: [checks] {name}: give a command, or a table with 'run'")
        try:
            checks[name] = check_spec(spec)
        except SpecProblem as problem:
            raise ConfigError(f"{path}: [checks] {name}: {problem.reason}") from None
    return MappingProxyType(checks)
