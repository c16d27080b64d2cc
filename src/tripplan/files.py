"""Files tripplan writes: names made safe, and contents replaced atomically.

Written for Windows too (tested on Linux, with Windows' refusals faked where the tests
can): names that are devices there (CON, NUL, COM1...) get a suffix, and a replace that
Windows refuses while another program holds the file (an editor, a virus scanner, a
calendar client) is tried again for a moment before the command gives up.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from tripplan.errors import TripplanError

# Names Windows keeps for devices, whatever the extension ("con.ics" is the console).
_DEVICES = re.compile(r"(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])")
MAX_NAME = 120  # characters: room for a folder and an extension within Windows' 260
# A replace refused while another program has the file open: tried this many times,
# this far apart (seconds), before the command says it cannot write the file.
REPLACE_TRIES, REPLACE_PAUSE = 10, 0.1


def safe_name(text: str) -> str:
    """A file name from an id or a date: no separators, no dots in front, never empty,
    never a Windows device name, never too long."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-.")[:MAX_NAME].strip("-.")
    if _DEVICES.fullmatch(name):
        name += "_"
    return name or "calendar"


def replace(source: str | Path, target: str | Path) -> None:
    """os.replace, tried again while Windows refuses it because the target is open."""
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                raise
            time.sleep(REPLACE_PAUSE)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(target: Path, data: bytes, *, new_mode: int = 0o666) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place.

    A file rewritten in place (an itinerary being pinned) keeps its permissions, and a
    symbolic link keeps pointing at it: the file it points to is the one replaced. A new
    file gets `new_mode` less the umask.
    """
    import tempfile  # here: `check` writes nothing, and starts on every save

    try:
        if target.is_symlink():
            target = target.resolve()
        mode = target.stat().st_mode & 0o7777 if target.exists() else new_mode & ~_umask()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            # mkstemp makes the file private (0600); calendars are for sharing. (On
            # Windows only the read-only flag of the mode means anything.)
            os.chmod(tmp, mode)
            replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError as e:
        raise TripplanError(f"{target}: cannot be written ({e.strerror or e})") from None


def replace_folder(built: Path, target: Path) -> None:
    """Put the folder `built` (made beside `target`) in the place of `target` in one step,
    so that nobody reading `target` meanwhile sees half of the old and half of the new.

    On Linux the two folders are exchanged atomically (renameat2 RENAME_EXCHANGE);
    elsewhere, or on a file system that cannot, the old folder is renamed aside and the
    new one renamed in (two renames: for an instant there is no folder, never a mixed one).
    The old folder is removed.
    """
    import shutil
    import tempfile

    try:
        if not target.exists():
            os.rename(built, target)
            return
        if _exchange(built, target):
            shutil.rmtree(built)  # it now holds the old contents
            return
        aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.old-"))
        os.rmdir(aside)
        os.rename(target, aside)
        os.rename(built, target)
        shutil.rmtree(aside)
    except OSError as e:
        raise TripplanError(f"{target}: cannot be replaced ({e.strerror})") from None


def _exchange(a: Path, b: Path) -> bool:
    if sys.platform != "linux":
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    at_cwd, exchange = -100, 2  # AT_FDCWD, RENAME_EXCHANGE
    done = renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), exchange)
    return bool(done == 0)
