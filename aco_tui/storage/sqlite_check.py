"""Whether a progress database must be checked again as it is opened.

SQLite's ``PRAGMA quick_check`` reads every page, so checking on every open costs time in
proportion to the database: about 4 ms for 1.5 MB, and every session of a cohort opens the same
file. The check is skipped when the main file is exactly as it was when a check last passed: the
same device, inode, size and modification time, remembered in a small file beside it. In WAL mode
SQLite changes the main file only at a checkpoint, so the sessions of a cohort mostly find it as
the first of them checked it; anything that writes the file (a checkpoint, a disk tool, a
scribble) changes its size or time, and it is checked again. A damaged file is still found the
first time it is opened after it changed, and moved aside as before.
"""

from __future__ import annotations

import os
from pathlib import Path

from aco_tui.files import write_atomically

MARKER_SUFFIX = "-checked"


def file_key(path: Path) -> str | None:
    """Device, inode, size and modification time of ``path``; None when it is missing or empty."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    if status.st_size == 0:
        return None
    return f"{status.st_dev} {status.st_ino} {status.st_size} {status.st_mtime_ns}"


def _marker(path: Path) -> Path:
    return path.with_name(path.name + MARKER_SUFFIX)


def passed_before(path: Path, key: str | None) -> bool:
    """Whether a check passed on the file as it is now (``key``, from :func:`file_key`)."""
    if key is None:
        return False
    try:
        with open(_marker(path), "rb") as marker:  # bytes: no codec to look up on a session's first screen
            return marker.read().strip() == key.encode()
    except OSError:
        return False


def remember_passed(path: Path, key: str | None) -> None:
    """Note that a check passed on the file as it was (``key``, taken before the check began, so that
    a change made during the check is checked next time). A marker that cannot be written (a
    read-only directory) only means the next open checks again."""
    if key is None:
        return
    try:
        write_atomically(_marker(path), (key + "\n").encode())
    except OSError:
        pass
