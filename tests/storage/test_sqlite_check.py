"""The progress database's integrity check runs when the file changed since it last passed, and only then."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import scribble_over_a_page

from aco_tui.storage import sqlite as sqlite_module
from aco_tui.storage.records import Attempt
from aco_tui.storage.sqlite import DATABASE_FILE, SQLiteProgress

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every SQL statement the progress store runs from now on."""
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(seen.append)
        return connection

    monkeypatch.setattr(sqlite_module.sqlite3, "connect", traced)
    return seen


def _store_with_attempts(directory: Path, count: int = 50) -> None:
    progress = SQLiteProgress(directory)
    for i in range(count):
        progress.start_attempt(
            Attempt(f"a{i}", "t", "practice", None, "t" * 200, "v", 1, ("q",), None, "immediate", None, T0, T0)
        )
    progress.close()  # the last connection checkpoints: the main file now holds everything


def _checks(statements: list[str]) -> int:
    return sum(1 for statement in statements if "quick_check" in statement)


def test_an_unchanged_database_is_not_checked_again(tmp_path, statements):
    _store_with_attempts(tmp_path)
    SQLiteProgress(tmp_path).close()  # checks the file as the writes left it
    statements.clear()
    again = SQLiteProgress(tmp_path)
    assert _checks(statements) == 0
    assert len(again.attempts()) == 50


def test_a_changed_database_is_checked_again(tmp_path, statements):
    _store_with_attempts(tmp_path)
    SQLiteProgress(tmp_path).close()
    path = tmp_path / DATABASE_FILE
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))  # touched: it may have been written
    statements.clear()
    SQLiteProgress(tmp_path).close()
    assert _checks(statements) == 1


def test_damage_after_a_passed_check_is_still_found_and_moved_aside(tmp_path):
    _store_with_attempts(tmp_path, count=200)
    SQLiteProgress(tmp_path).close()  # passed: remembered
    path = tmp_path / DATABASE_FILE
    scribble_over_a_page(path)  # a page of the attempts table
    fresh = SQLiteProgress(tmp_path)
    assert fresh.attempts() == [] and any("damaged" in notice for notice in fresh.notices)
    assert list(tmp_path.glob(f"{DATABASE_FILE}.corrupt-*"))
