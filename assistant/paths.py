"""Where jixiao keeps the user's files: one place, so the UI, the learning module, the model layer
and the audit log agree (and none of them imports another just to find a folder)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def workspace_dir(env: Mapping[str, str] | None = None) -> Path:
    """$JIXIAO_HOME, else ~/.local/share/jixiao: workspace, learning record, audit log, caches."""
    env = os.environ if env is None else env
    if env.get("JIXIAO_HOME"):
        return Path(env["JIXIAO_HOME"]).expanduser()
    return Path.home() / ".local" / "share" / "jixiao"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """$JIXIAO_CONFIG, else ~/.config/jixiao/config.toml: the model settings (mode 0600)."""
    env = os.environ if env is None else env
    if env.get("JIXIAO_CONFIG"):
        return Path(env["JIXIAO_CONFIG"]).expanduser()
    return Path.home() / ".config" / "jixiao" / "config.toml"
