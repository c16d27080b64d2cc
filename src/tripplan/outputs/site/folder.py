"""The site on disk: read back what was published, and replace it as a whole."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from tripplan.errors import TripplanError
from tripplan.files import replace_folder
from tripplan.outputs.site.build import MARKER


def site_folder(target: Path) -> Path:
    """The folder to publish into (a symbolic link's target); TripplanError if it holds
    anything tripplan did not put there, which publishing would delete."""
    if target.is_symlink():
        target = target.resolve()
    if target.exists():
        if not target.is_dir():
            raise TripplanError(f"{target}: is a file; -o names the site's folder")
        if not (target / MARKER).is_file() and any(target.iterdir()):
            raise TripplanError(
                f"{target}: is not a site made by tripplan publish and not empty; publishing "
                "replaces the whole folder, so choose a new or empty one"
            )
    return target


def read_published(target: Path, path: str) -> bytes | None:
    """The file at site path `path` as published before, if any."""
    try:
        return (target / path).read_bytes()
    except OSError:
        return None


def write_site(files: dict[str, bytes], target: Path) -> None:
    """Build the site in a folder beside `target`, then swap it in: a web server never
    serves half a site. A file whose content did not change keeps its modification time,
    so servers keep answering "not modified" to calendar clients that ask."""
    target = site_folder(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    umask = os.umask(0)
    os.umask(umask)
    built = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.new-"))
    try:
        folder_mode = target.stat().st_mode & 0o7777 if target.exists() else 0o777 & ~umask
        os.chmod(built, folder_mode)
        for path, data in sorted(files.items()):
            out = built / path
            out.parent.mkdir(mode=0o777 & ~umask, parents=True, exist_ok=True)
            out.write_bytes(data)
            os.chmod(out, 0o666 & ~umask)
            before = target / path
            if read_published(target, path) == data:
                stat = before.stat()
                os.utime(out, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        replace_folder(built, target)
    except OSError as e:
        shutil.rmtree(built, ignore_errors=True)
        raise TripplanError(f"{target}: the site cannot be written ({e.strerror})") from None
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
