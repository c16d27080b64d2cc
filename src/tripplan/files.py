"""Files tripplan writes: names made safe, and contents replaced atomically."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from tripplan.errors import TripplanError


def safe_name(text: str) -> str:
    """A file name from an id or a date: no separators, no dots in front, never empty."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-.")
    return name or "calendar"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place.

    A file rewritten in place (an itinerary being pinned) keeps its permissions, and a
    symbolic link keeps pointing at it: the file it points to is the one replaced.
    """
    try:
        if target.is_symlink():
            target = target.resolve()
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            # mkstemp makes the file private (0600); calendars are for sharing.
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as e:
        raise TripplanError(f"{target}: cannot be written ({e.strerror})") from None
