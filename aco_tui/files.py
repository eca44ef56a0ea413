"""The user cache directory and cheap fingerprints of files, shared by the caches (no heavy imports).

Caches only ever make things faster: one that cannot be read is rebuilt, one that cannot be
written is skipped.
"""

from __future__ import annotations

import os
import sys

import aco_tui
from aco_tui.env import CACHE_ENV

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeVar

    T = TypeVar("T")

APP_NAME = "aco-tui"


def cache_dir() -> str:
    """``$ACO_TUI_CACHE`` if set, else ``platformdirs.user_cache_dir("aco-tui")``.

    On Linux the platformdirs rule (``$XDG_CACHE_HOME`` if absolute, else ``~/.cache``) is applied
    directly, because importing platformdirs would cost more than a whole lookup.
    """
    override = os.environ.get(CACHE_ENV)
    if override:
        return override
    home = os.environ.get("HOME", "")
    if sys.platform.startswith("linux") and not hasattr(sys, "getandroidapilevel") and os.path.isabs(home):
        xdg = os.environ.get("XDG_CACHE_HOME", "")
        return os.path.join(xdg if os.path.isabs(xdg) else os.path.join(home, ".cache"), APP_NAME)
    import platformdirs  # lookup budget: about 30 ms, and only off Linux

    return platformdirs.user_cache_dir(APP_NAME, appauthor=False)


def stat_key(path: str) -> str:
    """Path, size and modification time: changes whenever the file does."""
    try:
        info = os.stat(path)
    except OSError:
        return f"{path}:missing"
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def code_keys(*packages: str) -> list[str]:
    """The version of aco-tui, then :func:`stat_key` of every module at the top of the ``aco_tui``
    package and in each named subpackage (e.g. ``"knowledge"``), found by walking the folders:
    a cache keyed on these is rebuilt whenever the code that shapes it changes, and no list of
    modules is kept by hand."""
    root = os.path.dirname(os.path.realpath(aco_tui.__file__))
    keys = [f"aco-tui={aco_tui.__version__}", sys.implementation.cache_tag]
    keys += directory_keys(root, ".py")
    for package in packages:
        for folder, subfolders, files in os.walk(os.path.join(root, package)):
            subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
            keys += sorted(stat_key(os.path.join(folder, name)) for name in files if name.endswith(".py"))
    return keys


def directory_keys(directory: str, suffix: str) -> list[str]:
    """:func:`stat_key` of every file in ``directory`` whose name ends with ``suffix``, sorted."""
    try:
        return sorted(stat_key(e.path) for e in os.scandir(directory) if e.name.endswith(suffix))
    except OSError:
        return [f"{directory}:unreadable"]


def short_name(prefix: str, *parts: str, suffix: str) -> str:
    """A stable file name for these parts: FNV-1a, to avoid importing hashlib."""
    value = 0xCBF29CE484222325
    for byte in "\0".join(parts).encode("utf-8", "surrogatepass"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{prefix}-{value:016x}.{suffix}"


def write_atomically(
    path: str | os.PathLike[str],
    payload: bytes,
    *,
    mode: int = 0o666,
    durable: bool = False,
    keep_existing: bool = False,
) -> None:
    """Write ``payload`` to ``path`` so that a reader sees the old file or the new one, never half of one.

    The bytes go to a temporary file beside ``path`` (created with ``mode``, less the umask, so
    a private file is never readable by others, even for a moment), which then takes its place.
    Missing folders are made (mode 0700).

    Args:
        path: the file to write.
        payload: its new content.
        mode: permission bits of the new file (e.g. ``0o600`` for a private key).
        durable: flush the file and its folder to disk before returning (survives a power cut).
        keep_existing: never replace a file that is already there: raise ``FileExistsError`` instead
            (for a file that must be created once, even by two processes at the same time).

    Raises:
        OSError: it could not be written (``path`` is then untouched and no temporary file is left);
            ``FileExistsError`` with ``keep_existing``.
    """
    path = os.fspath(path)
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, mode=0o700, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        try:
            os.unlink(temporary)  # left by a killed process that had our pid: O_EXCL below needs it gone
        except FileNotFoundError:
            pass
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        with open(descriptor, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if keep_existing:
            os.link(temporary, path)
            os.unlink(temporary)
        else:
            os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    if durable:
        _sync_folder(folder)


def _sync_folder(folder: str) -> None:
    """Flush a folder's entries (a rename inside it) to disk; best effort, as not every system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def read_pickle(path: str, key: str) -> Any:  # whatever was pickled: the caller knows its type
    """The object pickled at ``path`` with ``key`` (see :func:`write_pickle`), or None when the file is
    missing, damaged, from another version, or was made for another key."""
    import pickle  # lookup budget: lookup reaches this module but reads a marshal file, never a pickle

    try:
        with open(path, "rb") as handle:
            stored_key, value = pickle.load(handle)
    except Exception:  # missing, truncated, unpicklable after an upgrade: the caller rebuilds
        return None
    return value if stored_key == key else None


def cached(path: str, key: str, build: Callable[[], T]) -> T:
    """The object pickled at ``path`` for ``key``, else ``build()`` pickled there for next time. Take
    ``key`` before building: a file edited meanwhile then makes the next load rebuild."""
    value: T | None = read_pickle(path, key)
    if value is None:
        value = build()
        write_pickle(path, key, value)
    return value


def write_pickle(path: str, key: str, value: object) -> None:
    """Pickle ``value`` with ``key`` to ``path`` atomically; silently skipped when that fails."""
    import pickle  # lookup budget, as in read_pickle

    try:
        payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return
    try:
        write_atomically(path, payload)
    except (OSError, ValueError):  # a cache that cannot be written is skipped
        pass
