"""Fixtures of the storage and fault tests."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite", "postgres"])
def progress(request, tmp_path):
    """A fresh progress store of each backend."""
    if request.param == "postgres":
        from aco_tui.storage.postgres import PostgresProgress

        store = PostgresProgress(request.getfixturevalue("pg_url"))
    else:
        from aco_tui.storage.sqlite import SQLiteProgress

        store = SQLiteProgress(tmp_path / "data")
    yield store
    store.close()
