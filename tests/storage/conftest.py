"""Fixtures of the storage and fault tests."""

from __future__ import annotations

import pytest
from faults import write_quiz_kb


@pytest.fixture
def quiz_kb(tmp_path):
    """The mini knowledge base with a question bank (content/quiz) citing its excerpts."""
    return write_quiz_kb(tmp_path)


@pytest.fixture(params=["sqlite"])
def progress(request, tmp_path):
    """A fresh progress store of each backend."""
    from aco_tui.storage.sqlite import SQLiteProgress

    store = SQLiteProgress(tmp_path / "data")
    yield store
    store.close()
