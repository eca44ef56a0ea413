"""The excerpt store: loading, validation problems, and read-only access."""

from __future__ import annotations

import json

import pytest

from aco_tui.errors import DataError
from aco_tui.knowledge.store import load_store


def test_loads_sources_and_excerpts(mini_kb):
    store = load_store(mini_kb.store)
    assert set(store.sources) == {"src-a", "src-b"}
    assert store.excerpts["b-hawking"].speaker == "JR4NHS"
    assert store.excerpts["b-hawking"].topics == ("legal-challenges", "timeline")
    assert store.problems == []


def test_undated_source_shows_its_note(mini_kb):
    store = load_store(mini_kb.store)
    assert store.sources["src-b"].date_label == "Undated."
    assert store.sources["src-a"].date_label == "2018-01-09"


def test_store_is_never_written(mini_kb):
    before = mini_kb.store.read_bytes()
    mtime = mini_kb.store.stat().st_mtime_ns
    store = load_store(mini_kb.store)
    store.citation_text("a-budget")
    assert mini_kb.store.read_bytes() == before
    assert mini_kb.store.stat().st_mtime_ns == mtime


def test_citation_text_names_source_and_section(mini_kb):
    text = load_store(mini_kb.store).citation_text("a-budget")
    assert "capitated budget" in text and "A briefing" in text and "1.1 What" in text and "A Writer" in text


@pytest.mark.parametrize(
    "raw, message",
    [
        (None, "not found"),
        ("", "is empty"),
        ('{"sources": ', "not valid JSON"),
        ("[1, 2]", "TinyDB's layout"),
        ('{"sources": [1], "excerpts": {}}', "TinyDB's layout"),
    ],
)
def test_unusable_store_gives_one_line(tmp_path, raw, message):
    path = tmp_path / "store.json"
    if raw is not None:
        path.write_text(raw, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load_store(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_non_utf8_store(tmp_path):
    path = tmp_path / "store.json"
    path.write_bytes(b"\xff\xfe{}")
    with pytest.raises(DataError, match="not (UTF-8|valid JSON)"):
        load_store(path)


def test_structural_problems_are_collected(tmp_path, mini_kb):
    data = json.loads(mini_kb.store.read_text(encoding="utf-8"))
    data["excerpts"]["4"] = dict(data["excerpts"]["1"])  # duplicate id
    data["excerpts"]["5"] = {"id": "x", "source": "nowhere", "section": "s", "text": "t", "topics": ["concepts"]}
    data["excerpts"]["6"] = {"id": "y", "source": "src-a", "section": "s", "text": "", "topics": ["concepts"]}
    data["excerpts"]["7"] = {"id": "z", "source": "src-a", "section": "s", "text": "t", "topics": ["weather"]}
    mini_kb.store.write_text(json.dumps(data), encoding="utf-8")
    problems = "\n".join(load_store(mini_kb.store).problems)
    assert "duplicate excerpt id 'a-definition'" in problems
    assert "unknown source 'nowhere'" in problems
    assert "missing or empty text" in problems
    assert "topics must be" in problems
