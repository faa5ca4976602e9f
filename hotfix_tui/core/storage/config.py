"""The repo's own settings: `.hotfix/config.toml`, committed with the sessions.

Only the keys this module knows are read; others are left for other parts of the tool.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from hotfix_tui.core.errors import ConfigError
from hotfix_tui.core.storage.files import read_toml
from hotfix_tui.core.storage.layout import Layout


class Config(NamedTuple):
    path: Path
    # The branch hotfixes are merged back into; None: found from git (see repo.py).
    base: str | None = None


def load_config(root: Path) -> Config:
    path = Layout(root).config
    data = read_toml(path, ConfigError, "config", missing_ok=True)
    if data is None:
        return Config(path)
    base = data.get("base")
    if base is not None and (not isinstance(base, str) or not base.strip()):
        raise ConfigError(f"{path}: 'base' must be a branch name, e.g. base = \"main\"")
    return Config(path, base.strip() if base else None)
