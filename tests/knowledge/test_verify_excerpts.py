"""The shared verify tool must report every shipped excerpt verbatim."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import REPO, SHARED

TOOL = SHARED / "tools" / "verify_excerpts.py"


@pytest.mark.skipif(not TOOL.exists(), reason="../shared/tools/verify_excerpts.py is not beside the checkout")
def test_every_excerpt_is_verbatim():
    result = subprocess.run(
        [sys.executable, str(TOOL), str(REPO / "store.json")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    total = last.split(" of ")[1].split()[0]
    assert last.startswith(f"{total} of {total} excerpts verbatim")


@pytest.mark.skipif(not TOOL.exists(), reason="../shared/tools/verify_excerpts.py is not beside the checkout")
def test_store_sources_match_the_manifest(real_knowledge):
    import json

    manifest = json.loads((SHARED / "sources" / "sources.json").read_text(encoding="utf-8"))
    store = real_knowledge.store
    assert set(store.sources) == {s["id"] for s in manifest}
    for entry in manifest:
        source = store.sources[entry["id"]]
        assert (source.title, source.publisher, source.author, source.date) == (
            entry["title"],
            entry["publisher"],
            entry["author"],
            entry["date"],
        )
        if entry["date"] is None:
            assert source.date_note == entry["date_note"]
