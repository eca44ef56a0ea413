"""Fixtures of the storage and fault tests."""

from __future__ import annotations

import pytest


@pytest.fixture(params=["sqlite"])
def progress(request, tmp_path):
    """A fresh progress store of each backend."""
    from aco_tui.storage.sqlite import SQLiteProgress

    store = SQLiteProgress(tmp_path / "data")
    yield store
    store.close()
