"""The start-up cache of the knowledge base: used when fresh, rebuilt when a file changes."""

from __future__ import annotations

import os
import subprocess
import sys

from aco_tui.knowledge import base as knowledge_module
from aco_tui.knowledge.base import load_knowledge


def no_parsing(monkeypatch) -> None:
    """From now on, reading the store or the content fails the test: only the cache can answer."""

    def fail(*_args, **_kwargs):
        raise AssertionError("the knowledge base was parsed again")

    monkeypatch.setattr(knowledge_module, "load_store", fail)
    monkeypatch.setattr(knowledge_module, "load_content", fail)


def test_second_load_comes_from_the_cache(mini_kb, monkeypatch):
    first = load_knowledge(mini_kb)
    no_parsing(monkeypatch)
    second = load_knowledge(mini_kb)
    assert second.store.excerpts == first.store.excerpts
    assert [s.id for s in second.content.all_sections()] == [s.id for s in first.content.all_sections()]
    assert second.paths == mini_kb


def test_changed_content_is_reloaded(mini_kb):
    load_knowledge(mini_kb)
    path = mini_kb.content / "commentary.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## Voices", "## Other voices"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))
    titles = [s.title for s in load_knowledge(mini_kb).content.documents["commentary"].sections]
    assert titles == ["Other voices"]


def test_changed_store_is_reloaded(mini_kb):
    load_knowledge(mini_kb)
    mini_kb.store.write_text(
        mini_kb.store.read_text(encoding="utf-8").replace("annual, capitated", "yearly, capitated"), encoding="utf-8"
    )
    stat = mini_kb.store.stat()
    os.utime(mini_kb.store, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))
    assert "yearly" in load_knowledge(mini_kb).store.excerpts["a-budget"].text


def test_damaged_cache_is_ignored(mini_kb, isolated_user_dirs):
    load_knowledge(mini_kb)
    caches = list((isolated_user_dirs / "cache").glob("knowledge-*.pickle"))
    assert caches, "the knowledge base was not cached"
    for cache in caches:
        cache.write_bytes(b"not a pickle")
    assert "a-budget" in load_knowledge(mini_kb).store.excerpts


def test_unwritable_cache_does_not_fail(mini_kb, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ACO_TUI_CACHE", str(blocker / "cache"))
    assert "a-budget" in load_knowledge(mini_kb).store.excerpts


def test_cached_start_imports_neither_tinydb_nor_markdown_it(mini_kb):
    code = (
        "import sys; from aco_tui.knowledge.base import load_knowledge; from aco_tui.knowledge.paths import KnowledgePaths; "
        f"load_knowledge(KnowledgePaths.resolve({str(mini_kb.store)!r}, {str(mini_kb.content)!r})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tinydb', 'markdown_it')))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    assert second.stdout.strip() == "[]"
