"""Shared fixtures: every test gets its own data and cache directories, never the real home.

Shared helper functions (paths, starting the app, waiting, reading the screen) are in helpers.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pg_fixtures import pg_url, postgres_server  # noqa: E402, F401  (fixtures for every test folder)


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Point user data and cache at a fresh temporary directory."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("ACO_TUI_DATA", str(base / "data"))
    monkeypatch.setenv("ACO_TUI_CACHE", str(base / "cache"))
    monkeypatch.delenv("ACO_TUI_STORE", raising=False)
    monkeypatch.delenv("ACO_TUI_CONTENT", raising=False)
    monkeypatch.delenv("ACO_TUI_DATABASE", raising=False)
    return base


@pytest.fixture
def mini_kb(tmp_path):
    """A small, valid knowledge base in tmp_path."""
    from kbfixtures import write_knowledge

    return write_knowledge(tmp_path / "kb")


@pytest.fixture
def quiz_kb(tmp_path):
    """The small knowledge base with a question bank (content/quiz) citing its excerpts."""
    from quiz_fixtures import write_mini_kb_with_quiz

    return write_mini_kb_with_quiz(tmp_path / "kb")


@pytest.fixture(scope="session")
def real_knowledge():
    """The shipped knowledge base, loaded once."""
    from aco_tui.knowledge.base import load_knowledge

    return load_knowledge()
