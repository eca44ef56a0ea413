"""A pickle of the loaded question bank, so the Quiz pane opens without parsing TOML (about 40 ms).

The key is the bank directory, the size and modification time of every ``*.toml`` in it and of the
modules that parse them, plus the Python version: any change rebuilds it. Same cache directory and
rules as the knowledge cache (``aco_tui/knowledge/cache.py``). ``aco-tui check`` never uses it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from aco_tui.storage.cache import cache_dir, cached, directory_keys, short_name, stat_key

FORMAT = 1
_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
_READERS = ("quiz/bank.py", "quiz/sessions.py", "quiz/fields.py", "quiz/scoring.py", "quiz/bank_cache.py",
            "markdown_text.py")


def _key(quiz_dir: str) -> str:
    parts = [f"format={FORMAT}", sys.implementation.cache_tag, quiz_dir, *directory_keys(quiz_dir, ".toml")]
    parts += [stat_key(os.path.join(_PACKAGE, name)) for name in _READERS]
    return "\n".join(parts)


def load_bank_cached(quiz_dir: Path):
    """The bank in ``quiz_dir`` (see :func:`aco_tui.quiz.bank.load_bank`), from the cache when it is
    up to date; a freshly loaded bank is cached for next time.

    Raises:
        DataError: as ``load_bank`` (an unusable bank is never cached).
    """
    from aco_tui.quiz.bank import load_bank

    directory = os.path.abspath(quiz_dir)
    path = os.path.join(cache_dir(), short_name("bank", directory, suffix="pickle"))
    bank = cached(path, _key(directory), lambda: load_bank(quiz_dir))
    bank.directory = Path(quiz_dir)
    return bank
