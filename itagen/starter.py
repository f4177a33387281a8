"""`itagen init`: copy the starter project that ships inside the package."""
from __future__ import annotations

import shutil
from pathlib import Path

from .errors import ConfigError

STARTER = Path(__file__).parent / "starter"


def create_project(target: Path) -> Path:
    """Write a new, buildable project into `target`, which must be missing or empty."""
    target = target.resolve()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise ConfigError(f"โฟลเดอร์ {target} มีอยู่แล้วและไม่ว่าง "
                          f"(refusing to write into {target}: it exists and is not empty)")
    shutil.copytree(STARTER, target, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "site"))
    return target
