"""From the words of a query to what to look for: weighted index tokens, typo corrections,
glossary concepts (acronym expansion), phrases, and what to highlight."""

from __future__ import annotations

from aco_tui.search.tokenize import STOPWORDS, words

MAX_TERMS = 32
MAX_CORRECTIONS = 8
CONCEPT_WORD_WEIGHT = 0.4  # a word that is part of a glossary name counts less than the name itself
# Everyday questions ("do ACOs exist now", "what happens to my GP contract") carry generic verbs and
# nouns that say little about what is wanted but are rare enough in the sources to outrank the words
# that matter: they still count, for a fifth.
# The index stores their keys (index.weak), so that a cold lookup does not stem them every time.
WEAK_WEIGHT = 0.2
WEAK_WORDS = tuple("""
exist exists existed existing happen happens happened happening mean means meant say says said think
thinks thought get gets got getting take takes took make makes made people person thing things
difference different differ know tell use used uses need needs needed want wants go goes going gone
come comes came put puts really actually lot lots like work works worked way ways look looks kind sort
stuff anyone anybody someone somebody something anything everyone everything tell explain explained
stand stands meaning definition define acronym abbreviation
""".split())


def subject_words(index, tokens: list[str]) -> list[str]:
    """The words of a question that name its subject: "what does STP stand for" -> ["stp"]."""
    return [w for w in tokens if index.key(w) not in STOPWORDS and index.key(w) not in index.weak]
# A word or phrase of the content's alias table (content/aliases.toml) stands for the words it lists:
# those count as asked for (shared among them), the typed words hardly at all.
ALIAS_WEIGHT = 0.8
ALIAS_SOURCE_WEIGHT = 0.2


def find_concepts(keys: list[str], concepts: dict) -> list[tuple[int, int, str]]:
    """Every (start, end, token) where a glossary name of ``concepts`` occurs in the word ``keys``."""
    found = []
    for i, first in enumerate(keys):
        for sequence, token in concepts.get(first, ()):
            if len(sequence) == 1 or tuple(keys[i:i + len(sequence)]) == sequence:
                found.append((i, i + len(sequence), token))
    return found


class Plan:
    """What a query asks for.

    Attributes:
        weights: index token (word key or ``~concept``) -> query weight.
        highlight: word keys to highlight on their own.
        sequences: first key -> [(key sequence, group)] to highlight as a whole (glossary names, phrases).
        phrases: key sequences that a result must contain.
        corrections, unknown, ignored: what happened to the typed words.
        groups: the distinct things asked for (for the title bonus).
        strong: how many words say what is wanted (found in the sources, not common or weak).
    """

    __slots__ = ("weights", "highlight", "sequences", "phrases", "corrections", "unknown", "ignored", "groups",
                 "strong")

    def __init__(self) -> None:
        self.weights: dict[str, float] = {}
        self.highlight: set[str] = set()
        self.sequences: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.phrases: list[tuple[str, ...]] = []
        self.corrections: list[tuple[str, str]] = []
        self.unknown: list[str] = []
        self.ignored: list[str] = []
        self.groups: set[str] = set()
        self.strong = 0  # words that say what is wanted: neither common nor weak, and found (or aliased)


def make_plan(index, tokens: list[str], phrases: list[str], notes: list[str]) -> Plan:
    """Work out the :class:`Plan` for the normalised query words ``tokens`` over ``index``.

    Unknown words are corrected to the nearest indexed word when they are close enough; glossary
    names found among the words add their concept token, so "ACO" also finds "accountable care
    organisation" and the other way round. Notes for the user are appended to ``notes``.
    """
    plan = Plan()
    postings = index.postings
    keys = [index.key(w) for w in tokens]
    plan.ignored = list(dict.fromkeys(w for w, k in zip(tokens, keys, strict=True) if k in STOPWORDS))
    searchable = list(dict.fromkeys(w for w, k in zip(tokens, keys, strict=True) if k not in STOPWORDS))
    if len(searchable) > MAX_TERMS:
        notes.append(f"only the first {MAX_TERMS} different words of the query were used")
        dropped = set(searchable[MAX_TERMS:])
        searchable = searchable[:MAX_TERMS]
        keys = [k for w, k in zip(tokens, keys, strict=True) if w not in dropped]
        tokens = [w for w in tokens if w not in dropped]
    aliased: set[int] = set()
    for start, end, expansion in find_concepts(keys, index.aliases):
        aliased.update(range(start, end))
        share = ALIAS_WEIGHT / len(expansion) ** 0.5  # several replacements are still one thing asked for
        for token in expansion:
            if token not in postings:
                continue
            plan.weights[token] = max(plan.weights.get(token, 0.0), share)
            if token.startswith("~"):  # a glossary concept (index.CONCEPT_PREFIX): highlight its names
                for sequence, concept in index.names_of(token):
                    plan.sequences.setdefault(sequence[0], []).append((sequence, concept))
            else:
                plan.highlight.add(token)
    aliased_words = {tokens[i] for i in aliased}
    fixed: dict[str, str] = {}
    for word in searchable:
        if index.key(word) in postings or word in aliased_words:
            continue
        correction = index.correct(word) if len(plan.corrections) < MAX_CORRECTIONS else None
        if correction:
            plan.corrections.append((word, correction))
            fixed[word] = index.key(correction)
        else:
            plan.unknown.append(word)
    keys = [fixed.get(w, k) for w, k in zip(tokens, keys, strict=True)]
    covered: set[int] = set()
    for start, end, token in find_concepts(keys, index.concepts):
        if token in postings:
            covered.update(range(start, end))
            plan.weights[token] = 1.0
            plan.groups.add(token)
            for sequence, concept in index.names_of(token):
                plan.sequences.setdefault(sequence[0], []).append((sequence, concept))
    for position, k in enumerate(keys):
        if k in STOPWORDS or k not in postings:
            continue
        weak = k in index.weak or position in aliased
        weight = (ALIAS_SOURCE_WEIGHT if position in aliased else WEAK_WEIGHT if weak
                  else CONCEPT_WORD_WEIGHT if position in covered else 1.0)
        plan.weights[k] = max(plan.weights.get(k, 0.0), weight)
        if position not in covered and not weak:
            plan.highlight.add(k)
            plan.groups.add(k)
    plan.strong = sum(1 for position, k in enumerate(keys) if k not in STOPWORDS and k not in index.weak
                      and (k in postings or position in aliased))
    for number, phrase in enumerate(phrases):
        sequence = tuple(fixed.get(w, index.key(w)) for w in words(phrase))
        if not any(k not in STOPWORDS for k in sequence):
            notes.append(f"the phrase \"{phrase}\" has only common words, so it was ignored")
            continue
        plan.phrases.append(sequence)
        plan.sequences.setdefault(sequence[0], []).append((sequence, f"\"{number}"))
    return plan
