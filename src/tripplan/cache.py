"""Where tripplan keeps what it computed or fetched, between runs."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from tripplan.files import replace


def cache_dir() -> Path:
    """$TRIPPLAN_CACHE_DIR, else the user's cache folder: %LOCALAPPDATA%\\tripplan\\cache
    on Windows, $XDG_CACHE_HOME/tripplan or ~/.cache/tripplan elsewhere."""
    explicit = os.environ.get("TRIPPLAN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    local = os.environ.get("LOCALAPPDATA")
    if os.name == "nt" and local:  # pragma: no cover - Windows
        return Path(local) / "tripplan" / "cache"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tripplan"


def read_json(name: str) -> Any:
    """The cached JSON value `name`, or None if absent or unreadable.

    What it holds is checked by whoever reads it: an entry of the wrong shape is
    ignored, and rewritten once worked out again.
    """
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def write_json(name: str, value: Any) -> None:
    """Store `value` atomically; a cache that cannot be written is silently skipped."""
    import tempfile  # only when something new is stored, not on every run

    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(value, out, ensure_ascii=False, sort_keys=True)
        replace(tmp, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
