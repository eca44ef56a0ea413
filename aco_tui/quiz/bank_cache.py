"""A pickle of the loaded question bank, so the Quiz pane opens without parsing TOML (about 40 ms).

The key is the bank directory, the size and modification time of every ``*.toml`` in it and of every
module of the ``quiz`` and ``knowledge`` packages (and the package's top level), plus the version of
aco-tui and of Python: any change rebuilds it. Same cache directory and
rules as the knowledge cache (``aco_tui/knowledge/cache.py``). ``aco-tui check`` never uses it.
"""

from __future__ import annotations

import os
from pathlib import Path

from aco_tui.files import cache_dir, cached, code_keys, directory_keys, short_name
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.model import Bank

FORMAT = 1


def _key(quiz_dir: str) -> str:
    parts = [f"format={FORMAT}", quiz_dir, *directory_keys(quiz_dir, ".toml")]
    parts += code_keys("quiz", "knowledge")
    return "\n".join(parts)


def load_bank_cached(quiz_dir: Path) -> Bank:
    """The bank in ``quiz_dir`` (see :func:`aco_tui.quiz.bank.load_bank`), from the cache when it is
    up to date; a freshly loaded bank is cached for next time.

    Raises:
        DataError: as ``load_bank`` (an unusable bank is never cached).
    """
    directory = os.path.abspath(quiz_dir)
    path = os.path.join(cache_dir(), short_name("bank", directory, suffix="pickle"))
    bank = cached(path, _key(directory), lambda: load_bank(quiz_dir))
    bank.directory = Path(quiz_dir)
    return bank
