"""Words, stopwords and a light stemmer, shared by the index builder and the query side.

This module is on the cold path of ``aco-tui lookup``: it imports only :mod:`re` (which
``argparse`` has loaded already). Accent folding needs :mod:`unicodedata`, imported only when
a word is not plain ASCII.
"""

from __future__ import annotations

import re

# A number with thousands separators or a decimal point is one token ("589,148", "1.3");
# otherwise runs of letters and digits, keeping inner apostrophes ("Hawking's", "GP’s").
WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:['\u2019][^\W_]+)*")

STOPWORDS = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below
between both but by can cannot could did do does doing done down during each either else etc even ever
every few for from further get gets got had has have having he her here hers herself him himself his how
however i if in into is it its itself just let may me might more most much must my myself neither no nor
not now of off on once only onto or other others otherwise our ours ourselves out over own per please
quite rather really same shall she should so some such than that the their theirs them themselves then
there these they this those though through thus to too under until up upon us very via was we well were
what whatever when whenever where whether which while who whom whose why will with within without would
yet you your yours yourself yourselves
""".split()
)

_IZE = (
    ("ization", "isation"),
    ("izations", "isations"),
    ("izing", "ising"),
    ("ized", "ised"),
    ("izes", "ises"),
    ("ize", "ise"),
)
_NO_UNDOUBLE = frozenset("lsfz")


def fold(word: str) -> str:
    """Lower-case ``word``; for non-ASCII words also drop accents (``Ménière`` -> ``meniere``)."""
    if word.isascii():
        return word.lower()
    import unicodedata  # lookup budget: accents only (see the module docstring)

    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(token: str) -> str:
    """The comparable form of one matched token: folded, no possessive, no apostrophes or commas."""
    if len(token) > 2 and token[-1] == "s" and token[:-1].isupper():
        token = token[:-1]  # "GPs", "CCGs", "ACOs": the plural of an acronym
    word = fold(token)
    if "'" in word or "\u2019" in word:
        word = word.replace("\u2019", "'")
        if word.endswith("'s"):
            word = word[:-2]
        word = word.replace("'", "")
    if "," in word:
        word = word.replace(",", "")
    if "iz" in word:
        for ending, british in _IZE:
            if word.endswith(ending):
                word = word[: -len(ending)] + british
                break
    return word


def _undouble(word: str) -> str:
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE and word[-1] not in "aeiou":
        return word[:-1]
    return word


def stem(word: str) -> str:
    """A light stemmer: plurals, -ing, -ed and a final -e; leaves short words and numbers alone.

    It only has to map forms of one word to the same key, so the keys need not be words:
    ``integrate``, ``integrated``, ``integrating`` -> ``integrat``.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith(("xes", "ches", "shes", "zes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6:
        word = _undouble(word[:-3])
    elif word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("eed"):
        word = word[:-1]
    elif word.endswith("ed") and len(word) >= 5:
        word = _undouble(word[:-2])
    if word.endswith("eed"):
        word = word[:-1]
    trimmed = word.rstrip("e")
    return trimmed if len(trimmed) >= 3 else word


def key(word: str) -> str:
    """The index key of a normalised word: its stem, or the word itself for a stopword.

    A word is a stopword exactly when its key is in :data:`STOPWORDS`, on both sides of the search.
    """
    return word if word in STOPWORDS else stem(word)


def words(text: str) -> list[str]:
    """Every normalised word of ``text`` in order, stopwords included."""
    return [normalise(m.group()) for m in WORD.finditer(text)]
