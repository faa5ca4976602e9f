"""The repo's own settings: `.hotfix/config.toml`, committed with the sessions.

Only the keys this module knows are read; others are left for other parts of the tool.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from hotfix_tui.core.errors import ConfigError

CONFIG_FILE = Path(".hotfix") / "config.toml"


@dataclass(frozen=True)
class Config:
    path: Path
    # The branch hotfixes are merged back into; None: found from git (see repo.py).
    base: str | None = None


def load_config(root: Path) -> Config:
    path = root / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config(path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    base = data.get("base")
    if base is not None and (not isinstance(base, str) or not base.strip()):
        raise ConfigError(f"{path}: 'base' must be a branch name, e.g. base = \"main\"")
    return Config(path, base.strip() if base else None)
