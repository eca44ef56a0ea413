"""The index cache: hits, rebuilds when content changes, and never fails a lookup."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from search_fixtures import write_knowledge

from aco_tui.files import CACHE_ENV
from aco_tui.search import cache_dir, load_index, resolve_paths
from aco_tui.search.cache import cache_file


@pytest.fixture
def kb(tmp_path, monkeypatch) -> tuple[Path, Path]:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return write_knowledge(tmp_path / "kb")


def _bump(path: Path, text: str) -> None:
    """Change a file so that both its size and its modification time change."""
    before = path.stat().st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_second_load_comes_from_the_cache(kb, tmp_path):
    store, content = kb
    first = load_index(store=store, content=content)
    assert first.origin == "built"
    assert Path(cache_file(str(store), str(content))).parent == tmp_path / "cache"
    second = load_index(store=store, content=content)
    assert second.origin == "cache"
    assert second.data == first.data
    assert [h.id for h in second.search("Hawking")] == [h.id for h in first.search("Hawking")]


def test_changing_a_content_file_rebuilds(kb):
    store, content = kb
    assert not load_index(store=store, content=content).search("zebrafish")
    page = content / "commentary.md"
    _bump(page, page.read_text(encoding="utf-8") + "\n## Zebrafish\n\nA zebrafish appears. [@ex-revue]\n")
    index = load_index(store=store, content=content)
    assert index.origin == "built"
    assert index.search("zebrafish")[0].id == "commentary#zebrafish"
    assert load_index(store=store, content=content).origin == "cache"


def test_adding_or_removing_a_content_file_rebuilds(kb):
    store, content = kb
    load_index(store=store, content=content)
    extra = content / "extra.md"
    extra.write_text(
        "---\ntitle: Extra\norder: 8\nsummary: s\n---\n\n## Okapi\n\nAn okapi. [@ex-revue]\n", encoding="utf-8"
    )
    assert load_index(store=store, content=content).search("okapi")
    extra.unlink()
    index = load_index(store=store, content=content)
    assert index.origin == "built" and not index.search("okapi")


def test_changing_the_store_rebuilds(kb):
    store, content = kb
    load_index(store=store, content=content)
    _bump(store, store.read_text(encoding="utf-8").replace("Stephen Hawking", "Stephen Okapi"))
    index = load_index(store=store, content=content)
    assert index.origin == "built"
    assert index.search("okapi")[0].id == "ex-jr4nhs-hawking"


def test_each_store_has_its_own_cache_file(kb, tmp_path):
    store, content = kb
    other_store, other_content = write_knowledge(tmp_path / "other")
    load_index(store=store, content=content)
    load_index(store=other_store, content=other_content)
    assert load_index(store=store, content=content).origin == "cache"
    assert load_index(store=other_store, content=other_content).origin == "cache"
    assert len(list((tmp_path / "cache").iterdir())) == 2


def test_unwritable_cache_never_fails_the_lookup(kb, tmp_path, monkeypatch):
    store, content = kb
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    index = load_index(store=store, content=content)
    assert index.origin.startswith("built; cache not written")
    assert index.search("Hawking")


def test_corrupt_cache_file_is_rebuilt(kb):
    store, content = kb
    load_index(store=store, content=content)
    path = Path(cache_file(str(store), str(content)))
    for junk in (b"", b"\x00garbage", path.read_bytes()[:100]):
        path.write_bytes(junk)
        index = load_index(store=store, content=content)
        assert index.origin == "built" and index.search("Hawking")
    assert load_index(store=store, content=content).origin == "cache"


def test_use_cache_false_neither_reads_nor_writes(kb, tmp_path):
    store, content = kb
    assert load_index(store=store, content=content, use_cache=False).origin == "built"
    assert not (tmp_path / "cache").exists()


def test_missing_store_is_a_data_error(tmp_path, monkeypatch):
    from aco_tui.errors import DataError

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    with pytest.raises(DataError, match="not found"):
        load_index(store=tmp_path / "nope.json", content=tmp_path)


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "here"))
    assert cache_dir() == str(tmp_path / "here")


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-cache", "relative/ignored"])
def test_cache_dir_matches_platformdirs(monkeypatch, xdg):
    import platformdirs

    monkeypatch.delenv(CACHE_ENV, raising=False)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert cache_dir() == platformdirs.user_cache_dir("aco-tui", appauthor=False)


@pytest.mark.parametrize(
    "store, content, env",
    [
        (None, None, {}),
        ("/x/store.json", "/x/content", {}),
        (None, None, {"ACO_TUI_STORE": "/env/store.json", "ACO_TUI_CONTENT": "/env/content"}),
        ("/arg/store.json", None, {"ACO_TUI_CONTENT": "/env/content"}),
    ],
)
def test_resolve_paths_matches_knowledge_paths(monkeypatch, store, content, env):
    from aco_tui.knowledge.paths import KnowledgePaths

    for name in ("ACO_TUI_STORE", "ACO_TUI_CONTENT"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    expected = KnowledgePaths.resolve(store, content)
    assert resolve_paths(store, content) == (str(expected.store), str(expected.content))
