"""The repo's own settings: `.hotfix/config.toml`, committed with the sessions.

Only the keys this module knows are read; others are left for other parts of the tool.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from hotfix_tui.core.errors import ConfigError
from hotfix_tui.core.storage.files import read_toml

CONFIG_FILE = Path(".hotfix") / "config.toml"


class Config(NamedTuple):
    path: Path
    # The branch hotfixes are merged back into; None: found from git (see repo.py).
    base: str | None = None
    # The checklist a new session starts with unless one is named (`checklist = "..."`).
    checklist: str | None = None


def load_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    data = read_toml(path, ConfigError, "config", missing_ok=True)
    if data is None:
        return Config(path)
    base = data.get("base")
    if base is not None and (not isinstance(base, str) or not base.strip()):
        raise ConfigError(f"{path}: 'base' must be a branch name, e.g. base = \"main\"")
    checklist = data.get("checklist")
    if checklist is not None and (not isinstance(checklist, str) or not checklist.strip()):
        raise ConfigError(f"{path}: 'checklist' must be a checklist name or path, "
                          "e.g. checklist = \"hotfix\"")
    return Config(path, base=base.strip() if base else None,
                  checklist=checklist.strip() if checklist else None)
