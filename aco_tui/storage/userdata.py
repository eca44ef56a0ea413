"""User data (quiz progress, results, UI state): where it lives and how it is written safely.

TinyDB is not safe across processes, so every change goes through :meth:`UserData.transaction`,
which holds a file lock, reads the latest file, lets the caller change it, and replaces the file
atomically (temporary file, fsync, rename). A file that cannot be parsed is moved aside with a
timestamp and reported, never silently emptied.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from aco_tui.env import DATA_ENV
from aco_tui.errors import AcoError

APP_NAME = "aco-tui"
DATA_FILE = "progress.json"
SCHEMA_VERSION = 1
LOCK_TIMEOUT_S = 30


class UserDataError(AcoError):
    """User data could not be read or saved; the previous file is kept."""


def resolve_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """``--data-dir``, then ``ACO_TUI_DATA``, then the platform's user data directory."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def _document_order(doc_id: str) -> tuple[int, str]:
    return (len(doc_id), doc_id)  # TinyDB's ids are decimal strings: "2" before "10"


def is_tables(data) -> bool:
    """Whether ``data`` has TinyDB's layout: tables of documents (objects) under decimal ids."""
    return isinstance(data, dict) and all(
        isinstance(table, dict) and all(isinstance(k, str) and k.isdecimal() and isinstance(doc, dict)
                                        for k, doc in table.items())
        for table in data.values())


def serialise(tables: dict) -> str:
    """The tables as JSON, one document per line: readable and diffable, and written by the C
    encoder (``indent=`` falls back to the pure-Python one: ~30 ms for a 0.5 MB progress file)."""
    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    parts = []
    for name in sorted(tables):
        docs = tables[name]
        lines = [f"  {dump(str(k))}: {dump(docs[k])}" for k in sorted(docs, key=lambda k: _document_order(str(k)))]
        parts.append(f" {dump(name)}: " + ("{\n" + ",\n".join(lines) + "\n }" if lines else "{}"))
    return "{\n" + ",\n".join(parts) + "\n}\n"


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` so that a reader sees the old file or the new one, never half.

    Raises:
        UserDataError: the write failed (full disk, permissions); ``path`` is untouched.
    """
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as temp:
            temp.write(text)
            temp.flush()
            os.fsync(temp.fileno())
        os.replace(temp_name, path)
    except OSError as err:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        raise UserDataError(f"cannot save {path}: {err.strerror or err}; the previous file is kept") from None
    try:
        directory = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(directory)
    except OSError:
        pass
    finally:
        os.close(directory)


def move_aside(path: Path) -> Path:
    """Rename a damaged file to ``NAME.corrupt-<UTC timestamp>`` and return the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    os.replace(path, target)
    return target


class UserData:
    """The TinyDB file of one data directory, read and written under a lock.

    ``notices`` collects messages the UI should show (e.g. a corrupt file moved aside).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.path = directory / DATA_FILE
        self.notices: list[str] = []

    def _ensure_directory(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise UserDataError(f"cannot create data directory {self.directory}: {err.strerror}") from None

    def _lock(self):
        from filelock import FileLock, Timeout

        self._ensure_directory()
        lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)
        try:
            lock.acquire()
        except Timeout:
            raise UserDataError(f"{self.path} is locked by another process (waited {LOCK_TIMEOUT_S} s)") from None
        return lock

    def _load(self) -> dict:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {"meta": {"1": {"schema": SCHEMA_VERSION}}}
        except OSError as err:
            raise UserDataError(f"cannot read {self.path}: {err.strerror}") from None
        except UnicodeDecodeError:
            raw = "\0"
        try:
            data = json.loads(raw)
            if not is_tables(data):
                raise ValueError("not a JSON object of tables of documents")
        except ValueError:
            moved = move_aside(self.path)
            self.notices.append(f"Your progress file was damaged; it was moved to {moved.name} "
                                "and a new one was started.")
            return {"meta": {"1": {"schema": SCHEMA_VERSION}}}
        return data

    def read(self) -> dict:
        """A snapshot of every table.

        Writers replace the file atomically, so a plain read always sees a whole file and needs no
        lock (the app reads its saved place this way at start-up); only a file that cannot be read
        or parsed takes the lock, so that a damaged one is moved aside exactly once.
        """
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"meta": {"1": {"schema": SCHEMA_VERSION}}}
        except (OSError, ValueError):  # UnicodeDecodeError is a ValueError
            data = None
        if is_tables(data):
            return data
        lock = self._lock()
        try:
            return self._load()
        finally:
            lock.release()

    def _remove_orphans(self) -> None:
        """Delete temporary files left by a writer that was killed mid-write. Writers make them only
        while holding the lock, so under the lock any that exist belong to no one."""
        for orphan in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            try:
                orphan.unlink()
            except OSError:
                pass

    @contextmanager
    def transaction(self) -> Iterator:
        """Yield a TinyDB over an in-memory copy of the file; on success it is written back atomically."""
        from tinydb import TinyDB
        from tinydb.storages import MemoryStorage

        lock = self._lock()
        try:
            self._remove_orphans()
            db = TinyDB(storage=MemoryStorage)
            db.storage.write(self._load())
            yield db
            atomic_write_text(self.path, serialise(db.storage.read()))
        finally:
            lock.release()

    def table(self, name: str) -> list[dict]:
        """The documents of one table, as plain dicts (a read-only snapshot)."""
        return [dict(doc) for _, doc in sorted(self.read().get(name, {}).items(), key=lambda kv: int(kv[0]))]
