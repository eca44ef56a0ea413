"""Each start-up cache is rebuilt when the code that shapes it changes, not only when its data does.

The knowledge pickle, the question-bank pickle and the lookup index are keyed on the code that
builds them (``aco_tui.files.code_keys``). Twice a module was left out of a hand-kept list
and stale caches were served; removing one from the list still passed every test. Here a copy of
the ``aco_tui`` package is loaded in a fresh process (``PYTHONPATH`` = the copy), a module of the
copy is edited, and the next load must write a new cache with a new key, while a load with
nothing edited must reuse the cache untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO

# What each cache's loader is run with, and the files it writes (``{store}``, ``{content}`` filled in).
LOADS = {
    "knowledge": (
        "from aco_tui.knowledge.base import load_knowledge\n"
        "from aco_tui.knowledge.paths import KnowledgePaths\n"
        "load_knowledge(KnowledgePaths.resolve({store!r}, {content!r}))\n"
        "origin = None",
        "knowledge-*.pickle",
    ),
    "bank": (
        "from pathlib import Path\n"
        "from aco_tui.quiz.bank_cache import load_bank_cached\n"
        "load_bank_cached(Path({content!r}) / 'quiz')\n"
        "origin = None",
        "bank-*.pickle",
    ),
    "search": (
        "from aco_tui.search.cache import load_index\norigin = load_index(store={store!r}, content={content!r}).origin",
        "index-*.marshal",
    ),
}
REPORT = """
import glob, json, marshal, os, pickle, sys
import aco_tui
keys = {{}}
for path in sorted(glob.glob(os.path.join(os.environ["ACO_TUI_CACHE"], {pattern!r}))):
    with open(path, "rb") as handle:
        stored = marshal.loads(handle.read()) if path.endswith(".marshal") else pickle.load(handle)
    info = os.stat(path)
    keys[path] = {{"key": stored[0], "stat": [info.st_ino, info.st_size, info.st_mtime_ns]}}
print(json.dumps({{"package": aco_tui.__file__, "origin": origin, "caches": keys}}))
"""


@pytest.fixture
def code_copy(tmp_path) -> Path:
    """A copy of the aco_tui package, to be edited without touching the checkout."""
    root = tmp_path / "code"
    shutil.copytree(REPO / "aco_tui", root / "aco_tui", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def load(cache: str, code: Path, paths, cache_dir: Path) -> dict:
    """Load ``cache`` with the code in ``code``, in a fresh process; what the cache directory then holds."""
    source, pattern = LOADS[cache]
    script = source.format(store=str(paths.store), content=str(paths.content)) + REPORT.format(pattern=pattern)
    env = {**os.environ, "PYTHONPATH": str(code), "ACO_TUI_CACHE": str(cache_dir)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env, cwd=code
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert Path(report["package"]).is_relative_to(code), f"imported {report['package']}, not the copy"
    assert len(report["caches"]) == 1, f"expected one {pattern} in the cache directory: {report['caches']}"
    return report


def edit(module: Path) -> None:
    """Change a module as an upgrade would: a new size and a new modification time, same behaviour."""
    stat = module.stat()
    with open(module, "a", encoding="utf-8") as handle:
        handle.write("\n# edited by test_cache_keys\n")
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))


@pytest.mark.parametrize(
    "cache, module",
    [
        ("knowledge", "knowledge/blocks.py"),  # the parsed display blocks are pickled with the sections
        ("bank", "quiz/fields.py"),  # the field validators shape every question
        ("search", "search/tokenize.py"),  # the index holds tokens
        ("search", "knowledge/content.py"),  # ... of the sections the content loader found
    ],
)
def test_editing_a_module_that_shapes_the_cache_rebuilds_it(cache, module, code_copy, quiz_kb, tmp_path):
    cache_dir = tmp_path / "cache"
    first = load(cache, code_copy, quiz_kb, cache_dir)
    [(path, written)] = first["caches"].items()

    again = load(cache, code_copy, quiz_kb, cache_dir)
    assert again["caches"] == {path: written}, "the cache was rewritten although nothing changed"
    assert again["origin"] in (None, "cache")

    edit(code_copy / "aco_tui" / module)
    rebuilt = load(cache, code_copy, quiz_kb, cache_dir)
    [(path_after, after)] = rebuilt["caches"].items()
    assert path_after == path
    assert after["key"] != written["key"], f"editing {module} left the {cache} cache's key unchanged"
    assert after["stat"] != written["stat"], f"the {cache} cache was not written again after editing {module}"
    assert rebuilt["origin"] in (None, "built")
