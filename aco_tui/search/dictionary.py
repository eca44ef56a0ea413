"""Is a word real English? Then lookup must not "correct" it into a different word.

The word list is the English frequency list that ships with the ``pyspellchecker`` package (about
120,000 words of five letters or more, from large text corpora; common misspellings are filtered
out of it), read once and kept in the user cache as one newline-separated ASCII blob: loading that
costs a file read, not the 0.2 s of decompressing and parsing the package's JSON. It is only
consulted on the slow path, when a query word is not in the index.

The list is American English, so British spellings are tried in their American forms too
("organisation" -> "organization", "colour" -> "color", "centre" -> "center").
"""

from __future__ import annotations

import os

# Words shorter than this are never corrected (see fuzzy.max_typos), so they need no look-up.
MIN_LENGTH = 5
_BRITISH = (
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ise", "ize"),
    ("ises", "izes"),
    ("yse", "yze"),
    ("ysed", "yzed"),
    ("our", "or"),
    ("ours", "ors"),
    ("oured", "ored"),
    ("ouring", "oring"),
    ("tre", "ter"),
    ("tres", "ters"),
    ("ogue", "og"),
    ("ogues", "ogs"),
    ("ence", "ense"),
    ("lled", "led"),
    ("lling", "ling"),
    ("aemia", "emia"),
    ("oedema", "edema"),
)
_PACKAGE_LIST = ("spellchecker", "resources", "en.json.gz")


def spellings(word: str) -> list[str]:
    """``word`` and the American forms of it that a British spelling would have."""
    forms = [word]
    for british, american in _BRITISH:
        if word.endswith(british):
            forms.append(word[: -len(british)] + american)
    if "ae" in word[1:-1]:  # paediatric, anaemia
        forms.append(word.replace("ae", "e"))
    if "oe" in word[1:-1]:  # oesophagus, manoeuvre
        forms.append(word.replace("oe", "e"))
    return forms


def _build() -> bytes:
    """The word list as b"\\nword\\nword\\n", from the package's data (slow: once per install)."""
    import gzip
    import importlib.util
    import json

    spec = importlib.util.find_spec(_PACKAGE_LIST[0])
    if spec is None or not spec.submodule_search_locations:
        return b"\n"
    path = os.path.join(list(spec.submodule_search_locations)[0], *_PACKAGE_LIST[1:])
    try:
        with open(path, "rb") as handle:
            counts = json.loads(gzip.decompress(handle.read()))
    except (OSError, ValueError, EOFError):
        return b"\n"
    kept = sorted(w for w in counts if len(w) >= MIN_LENGTH and w.isascii() and w.isalpha())
    return ("\n" + "\n".join(kept) + "\n").encode("ascii")


def _cache_path() -> str:
    from aco_tui.files import cache_dir, stat_key

    spec_key = ""
    try:
        import importlib.util

        spec = importlib.util.find_spec(_PACKAGE_LIST[0])
        if spec is not None and spec.submodule_search_locations:
            spec_key = stat_key(os.path.join(list(spec.submodule_search_locations)[0], *_PACKAGE_LIST[1:]))
    except (ImportError, ValueError):
        pass
    from aco_tui.files import short_name

    return os.path.join(cache_dir(), short_name("english", spec_key, suffix="words"))


class EnglishWords:
    """The general word list, loaded on first use (one per :class:`~aco_tui.search.engine.SearchIndex`)."""

    __slots__ = ("_blob",)

    def __init__(self, blob: bytes | None = None) -> None:
        self._blob = blob

    def _load(self) -> bytes:
        if self._blob is None:
            path = _cache_path()
            try:
                with open(path, "rb") as handle:
                    self._blob = handle.read()
            except OSError:
                self._blob = _build()
                try:
                    from aco_tui.files import write_atomically

                    write_atomically(path, self._blob)
                except (OSError, ValueError):
                    pass  # no cache: the list is built again next time, never a failed lookup
        return self._blob

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or len(word) < MIN_LENGTH or not word.isascii():
            return False
        blob = self._load()
        return any(f"\n{form}\n".encode() in blob for form in spellings(word.lower()))

    @property
    def available(self) -> bool:
        """False when the package's list could not be read (then no word counts as English)."""
        return len(self._load()) > 1
