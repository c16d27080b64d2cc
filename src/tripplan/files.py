"""Files tripplan writes: names made safe, and contents replaced atomically and honestly.

Every file is written to a temporary file beside its target, then renamed into place:
an error (a full disk) never leaves a half-written file, and a set of files (calendars
split by person) is written whole beside before any is swapped in. What would surprise
is refused with one line saying why, before anything is written: a target that is not a
regular file (a FIFO would block forever), a symbolic link loop or one to a missing
folder, a read-only file, a file with other hard links (replacing it would break them),
a file whose owner could not be kept, and a file that changed on disk since it was read.

Written for Windows too (tested on Linux, with Windows' refusals faked where the tests
can): names that are devices there (CON, NUL, COM1...) get a suffix, and a replace that
Windows refuses while another program holds the file (an editor, a virus scanner, a
calendar client) is tried again for a moment before the command gives up.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tripplan.errors import TripplanError

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
}


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


def regular_or_absent(target: Path) -> os.stat_result | None:
    """The file's status if it is a regular file, None if there is none (a symbolic link
    followed); TripplanError for anything else, which reading or writing would get wrong."""
    try:
        status = os.stat(target)
    except FileNotFoundError:
        return None
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise TripplanError(f"{target}: a loop of symbolic links; give another name") from None
        raise TripplanError(f"{target}: cannot be used ({e.strerror})") from None
    kind = stat.S_IFMT(status.st_mode)
    if kind != stat.S_IFREG:
        what = _KINDS.get(kind, "not a regular file")
        raise TripplanError(f"{target}: is {what}, not a file; give a file name")
    return status


def _real_target(target: Path) -> Path:
    """The file a (chain of) symbolic link(s) names, which is the one replaced."""
    if not target.is_symlink():
        return target
    try:
        real = target.resolve(strict=False)
    except (RuntimeError, OSError):  # Python 3.11 says RuntimeError for a loop
        raise TripplanError(f"{target}: a loop of symbolic links; give another name") from None
    if not real.parent.is_dir():
        raise TripplanError(
            f"{target}: a symbolic link to {real}, in a folder that does not exist; "
            "give another name"
        )
    return real


def folder_exists(folder: Path, target: Path) -> None:
    """Refuse to write `target` in `folder` when the folder is not there."""
    if not folder.is_dir():
        raise TripplanError(
            f"{target}: the folder {folder} does not exist; nothing written "
            "(create it first, or give another path)"
        )


def _prepared(target: Path, make_folder: bool) -> tuple[Path, os.stat_result | None]:
    """Where to write for `target`, and the file there now, refused if it is not one we
    may replace, or if its folder does not exist (a mistyped path is said, not made)."""
    real = _real_target(target)
    status = regular_or_absent(real)
    folder_exists(real.parent.parent if make_folder else real.parent, target)
    if status is None:
        return real, None
    if not status.st_mode & stat.S_IWUSR or not os.access(real, os.W_OK):
        raise TripplanError(
            f"{target}: is read-only; nothing written (make it writable to let tripplan replace it)"
        )
    if status.st_nlink > 1:
        raise TripplanError(
            f"{target}: has {status.st_nlink} hard links, which replacing it would break; "
            "nothing written (give it a file of its own, e.g. cp it, first)"
        )
    return real, status


def _temporary(real: Path, data: bytes, status: os.stat_result | None, new_mode: int) -> str:
    """`data` in a new file beside `real`, with the mode and owner `real` has now (a new
    file: `new_mode` less the umask)."""
    import tempfile  # here: `check` writes nothing, and starts on every save

    real.parent.mkdir(exist_ok=True)  # the one folder `make_folder` allows
    fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); calendars are for sharing.
        mode = stat.S_IMODE(status.st_mode) if status else new_mode & ~_umask()
        os.chmod(tmp, mode)
        if status is not None:
            _keep_owner(tmp, status, real)
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def _keep_owner(tmp: str, status: os.stat_result, real: Path) -> None:
    mine = os.stat(tmp)
    if (mine.st_uid, mine.st_gid) == (status.st_uid, status.st_gid):
        return
    try:
        os.chown(tmp, status.st_uid, status.st_gid)
    except PermissionError:
        if mine.st_uid != status.st_uid:
            raise TripplanError(
                f"{real}: belongs to someone else, and a new file would belong to you; "
                "nothing written (ask its owner, or write a copy)"
            ) from None


def write_all(
    files: Sequence[tuple[Path, bytes]],
    *,
    expected: bytes | None = None,
    new_mode: int = 0o666,
    make_folder: bool = False,
) -> None:
    """Write every file beside its target, then rename them all into place.

    With `expected`, the (single) target must still hold those bytes just before it is
    replaced: a file saved by someone else meanwhile is not overwritten. With
    `make_folder`, the folder the files go in is made if it is missing (not its parent).
    """
    prepared = [(target, *_prepared(target, make_folder), data) for target, data in files]
    written: list[tuple[Path, Path, str]] = []
    where: Path | str = ""
    try:
        for target, real, status, data in prepared:
            where = target
            written.append((target, real, _temporary(real, data, status, new_mode)))
        if expected is not None:
            for target, real, _ in written:
                if _current(real) != expected:
                    raise TripplanError(
                        f"{target}: changed on disk while tripplan was working; nothing "
                        "written (run the command again)"
                    )
        for _, real, tmp in written:
            replace(tmp, real)
    except OSError as e:
        _discard(written)
        raise TripplanError(
            f"{where}: cannot be written ({e.strerror or e}); nothing written"
        ) from None
    except BaseException:
        _discard(written)
        raise


def _current(real: Path) -> bytes | None:
    try:
        return real.read_bytes()
    except OSError:
        return None


def _discard(written: list[tuple[Path, Path, str]]) -> None:
    for _, _, tmp in written:
        with contextlib.suppress(FileNotFoundError):  # renamed into place already
            os.unlink(tmp)


def write_atomically(
    target: Path, data: bytes, *, expected: bytes | None = None, new_mode: int = 0o666
) -> None:
    """Write `data` to a temporary file beside `target`, then rename it into place.

    A file rewritten in place (an itinerary being pinned) keeps its permissions and
    owner, and a symbolic link keeps pointing at it: the file it points to is the one
    replaced. With `expected`, the file must still hold those bytes (see `write_all`).
    """
    write_all([(target, data)], expected=expected, new_mode=new_mode)


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
