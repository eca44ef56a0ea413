"""From the words of a query to what to look for: weighted index tokens, typo corrections,
glossary concepts (acronym expansion), phrases, and what to highlight."""

from __future__ import annotations

from aco_tui.search.tokenize import STOPWORDS, words

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import TypeAlias, TypeVar

    from aco_tui.search.engine import SearchIndex  # the engine imports this module

    T = TypeVar("T")
    # first word key -> [(key sequence of a glossary name, its concept token)]
    Concepts: TypeAlias = Mapping[str, Sequence[tuple[tuple[str, ...], str]]]
    # first word key -> [(key sequence of what is typed, index tokens of what it stands for)]
    WordAliases: TypeAlias = Mapping[str, Sequence[tuple[tuple[str, ...], tuple[str, ...]]]]

MAX_TERMS = 32
# "X vs Y", "X versus Y", "difference between X and Y": a comparison, answered by what covers both.
COMPARE_WORDS = frozenset({"vs", "versus", "v"})
COMPARE_CUES = (("difference", "between"), ("differences", "between"), ("compared", "with"), ("compare",))
JOINERS = frozenset({"and", "or", "vs", "versus", "v"})
# Numbers are written both ways in the sources ("ten years", "10 years"; "eight areas"): ask for both.
NUMBER_WORDS = dict(
    zip(
        ("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "14", "20", "50"),
        (
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "fourteen",
            "twenty",
            "fifty",
        ),
        strict=True,
    )
)
NUMBER_WEIGHT = 1.5  # a number in a question ("450 million", "589,148") is the most specific thing in it
TEMPORAL_WORDS = frozenset(
    "when date dates dated year years month months day timeline before after since until "
    "first earliest latest january february march april may june july august september "
    "october november december".split()
)
QUANTITY_CUES = frozenset(
    {
        ("how", "many"),
        ("how", "much"),
        ("number", "of"),
        ("what", "percentage"),
        ("what", "proportion"),
        ("what", "share"),
    }
)
# A question about how something turned out: the sources stop in April 2018, so the best answer is
# often the text that says what they do not record.
OUTCOME_WORDS = frozenset(
    "win wins won lose loses lost outcome outcomes result results ruling ruled verdict "
    "succeed succeeded successful ended end".split()
)
MAX_CORRECTIONS = 8
CONCEPT_WORD_WEIGHT = 0.4  # a word that is part of a glossary name counts less than the name itself
# Everyday questions ("do ACOs exist now", "what happens to my GP contract") carry generic verbs and
# nouns that say little about what is wanted but are rare enough in the sources to outrank the words
# that matter: they still count, for a fifth.
# The index stores their keys (index.weak), so that a cold lookup does not stem them every time.
WEAK_WEIGHT = 0.2
WEAK_WORDS = tuple(
    """
exist exists existed existing happen happens happened happening mean means meant say says said think
thinks thought get gets got getting take takes took make makes made people person thing things
difference different differ know tell use used uses need needs needed want wants go goes going gone
come comes came put puts really actually lot lots like work works worked way ways look looks kind sort
stuff anyone anybody someone somebody something anything everyone everything tell explain explained
stand stands meaning definition define acronym abbreviation
""".split()
)


def subject_words(index: SearchIndex, tokens: list[str]) -> list[str]:
    """The words of a question that name its subject: "what does STP stand for" -> ["stp"]."""
    return [w for w in tokens if index.key(w) not in STOPWORDS and index.key(w) not in index.weak]


# A word or phrase of the content's alias table (content/aliases.toml) stands for the words it lists:
# those count as asked for (shared among them), the typed words hardly at all.
ALIAS_WEIGHT = 0.8
ALIAS_SOURCE_WEIGHT = 0.2


def find_concepts(
    keys: list[str], concepts: Mapping[str, Sequence[tuple[tuple[str, ...], T]]]
) -> list[tuple[int, int, T]]:
    """Every (start, end, token) where a glossary name of ``concepts`` occurs in the word ``keys``."""
    found = []
    for i, first in enumerate(keys):
        for sequence, token in concepts.get(first, ()):
            if len(sequence) == 1 or tuple(keys[i : i + len(sequence)]) == sequence:
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

    __slots__ = (
        "weights",
        "highlight",
        "sequences",
        "phrases",
        "corrections",
        "unknown",
        "ignored",
        "groups",
        "strong",
        "english",
        "members",
        "shared",
        "labels",
        "compare",
        "outcome",
        "temporal",
        "quantity",
        "counted",
    )

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
        self.english: list[str] = []  # unknown words that are real English words (never "corrected")
        # index token -> the thing asked for that it stands for (for coordination: how much of the
        # question a document answers); weak words belong to none.
        self.members: dict[str, str] = {}
        # index token -> the other things asked for that it also stands for (two aliases naming it:
        # "how many people" and "look after" both stand for "population")
        self.shared: dict[str, set[str]] = {}
        self.labels: dict[str, str] = {}  # group -> the words typed for it
        self.compare = False  # "X vs Y", "difference between X and Y"
        self.outcome = False  # "did the case win", "what was the outcome"
        self.temporal = False  # "when", a year or a month: the timeline answers it
        self.quantity = False  # "how many", "how much": the answer is a number
        self.counted: set[str] = set()  # index tokens of what "how many" asks to count ("people")

    def coverage_groups(self) -> set[str]:
        """The distinct things asked for, as :attr:`members` and :attr:`shared` name them."""
        return set(self.members.values()).union(*self.shared.values())

    def groups_of(self, token: str) -> set[str]:
        """The things asked for that an index token stands for (none for a weak word)."""
        primary = self.members.get(token)
        return (self.shared.get(token, set()) | {primary}) if primary is not None else set()


def is_comparison(tokens: list[str]) -> bool:
    """True for "X vs Y", "X versus Y", "difference between X and Y", "compare X with Y"."""
    if any(t in COMPARE_WORDS for t in tokens[1:-1]):
        return True
    return any(tuple(tokens[i : i + len(cue)]) == cue for cue in COMPARE_CUES for i in range(len(tokens)))


def elided_concepts(keys: list[str], concepts: Concepts) -> list[tuple[int, str]]:
    """Glossary names shortened by a shared last word: "partial and full integration" also names
    "partial integration". Returns (position of the first word, concept token)."""
    found = []
    for start, end, _token in find_concepts(keys, concepts):
        if end - start < 2 or start < 2 or keys[start - 1] not in JOINERS:
            continue
        sequence = (keys[start - 2], *keys[start + 1 : end])
        for candidate, token in concepts.get(sequence[0], ()):
            if candidate == sequence:
                found.append((start - 2, token))
    return found


def make_plan(index: SearchIndex, tokens: list[str], phrases: list[str], notes: list[str]) -> Plan:
    """Work out the :class:`Plan` for the normalised query words ``tokens`` over ``index``.

    Unknown words are corrected to the nearest indexed word when they are close enough; glossary
    names found among the words add their concept token, so "ACO" also finds "accountable care
    organisation" and the other way round. Notes for the user are appended to ``notes``.
    """
    plan = Plan()
    postings = index.postings
    plan.compare = is_comparison(tokens)
    plan.outcome = any(t in OUTCOME_WORDS for t in tokens)
    plan.quantity = any(tuple(tokens[i : i + 2]) in QUANTITY_CUES for i in range(len(tokens)))
    plan.temporal = any(t in TEMPORAL_WORDS or (len(t) == 4 and t[:2] in ("19", "20") and t.isdigit()) for t in tokens)
    if plan.compare:  # "vs" and "v" say how to answer, not what about
        tokens = [t for t in tokens if t not in COMPARE_WORDS]
    tokens = [_singular(index, w) for w in tokens]
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
            group = "=" + " ".join(keys[start:end])
            if plan.members.setdefault(token, group) != group:
                plan.shared.setdefault(token, set()).add(group)
            plan.labels.setdefault("=" + " ".join(keys[start:end]), " ".join(tokens[start:end]))
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
        if word in index.english:  # a real word the sources do not use: say so, never guess another
            plan.unknown.append(word)
            plan.english.append(word)
            continue
        correction = index.correct(word) if len(plan.corrections) < MAX_CORRECTIONS else None
        if correction:
            plan.corrections.append((word, correction))
            fixed[word] = index.key(correction)
        else:
            plan.unknown.append(word)
    keys = [fixed.get(w, k) for w, k in zip(tokens, keys, strict=True)]
    covered: set[int] = set()
    found_concepts = [(s, e, t) for s, e, t in find_concepts(keys, index.concepts)]
    found_concepts += [(s, s + 1, t) for s, t in elided_concepts(keys, index.concepts)]
    for start, end, token in found_concepts:
        if token in postings:
            covered.update(range(start, end))
            plan.weights[token] = 1.0
            plan.groups.add(token)
            plan.members[token] = token
            plan.labels.setdefault(token, " ".join(tokens[start:end]))
            for sequence, concept in index.names_of(token):
                plan.sequences.setdefault(sequence[0], []).append((sequence, concept))
    for position, k in enumerate(keys):
        if k in STOPWORDS or k not in postings:
            continue
        weak = k in index.weak or position in aliased
        numeric = k[:1].isdigit()
        weight = (
            ALIAS_SOURCE_WEIGHT
            if position in aliased
            else WEAK_WEIGHT
            if weak
            else CONCEPT_WORD_WEIGHT
            if position in covered
            else NUMBER_WEIGHT
            if numeric
            else 1.0
        )
        plan.weights[k] = max(plan.weights.get(k, 0.0), weight)
        if position not in covered and not weak:
            plan.highlight.add(k)
            plan.groups.add(k)
            plan.members.setdefault(k, k)
            plan.labels.setdefault(k, tokens[position])
    _add_number_forms(index, plan, keys)
    if plan.quantity:
        plan.counted = _counted(index, tokens, keys, find_concepts(keys, index.aliases), found_concepts)
    plan.strong = sum(
        1
        for position, k in enumerate(keys)
        if k not in STOPWORDS and k not in index.weak and (k in postings or position in aliased)
    )
    for number, phrase in enumerate(phrases):
        sequence = tuple(fixed.get(w, index.key(w)) for w in words(phrase))
        if not any(k not in STOPWORDS for k in sequence):
            notes.append(f'the phrase "{phrase}" has only common words, so it was ignored')
            continue
        plan.phrases.append(sequence)
        plan.sequences.setdefault(sequence[0], []).append((sequence, f'"{number}'))
    return plan


def _counted(
    index: SearchIndex,
    tokens: list[str],
    keys: list[str],
    aliases: list[tuple[int, int, tuple[str, ...]]],
    concepts: list[tuple[int, int, str]],
) -> set[str]:
    """The index tokens of what a quantity question counts: the words after "how many", "how much",
    "number of" up to the next common word ("how many people would" -> people, or what an alias
    or glossary name covering them stands for)."""
    cue = next((i for i in range(len(tokens)) if tuple(tokens[i : i + 2]) in QUANTITY_CUES), None)
    if cue is None:
        return set()
    start = cue + 2
    while start < len(keys) and keys[start] in STOPWORDS:
        start += 1
    end = min(start + 1, len(keys))  # the counted noun itself may be a weak word ("people")
    while end < len(keys) and keys[end] not in STOPWORDS and keys[end] not in index.weak:
        end += 1
    counted = {keys[i] for i in range(start, end) if keys[i] in index.postings}
    for first, last, stands_for in [*aliases, *((s, e, (t,)) for s, e, t in concepts)]:
        if first < end and last > start:
            counted.update(t for t in stands_for if t in index.postings)
    return counted


def _add_number_forms(index: SearchIndex, plan: Plan, keys: list[str]) -> None:
    """Ask for "ten" as well as "10" (and the other way round), as one thing asked for."""
    words_for = {**NUMBER_WORDS, **{w: d for d, w in NUMBER_WORDS.items()}}
    for k in keys:
        other = words_for.get(k)
        if other is None or k not in plan.members:
            continue
        other_key = index.key(other)
        if other_key in index.postings:
            plan.weights[other_key] = max(plan.weights.get(other_key, 0.0), plan.weights.get(k, 1.0))
            plan.highlight.add(other_key)
            plan.members.setdefault(other_key, plan.members[k])


def _singular(index: SearchIndex, word: str) -> str:
    """ "gps" typed in lower case is the plural of the acronym "GP" (as "GPs" is): use the singular
    when only it is in the index."""
    if len(word) <= 5 and word.endswith("s") and word not in STOPWORDS and index.key(word) not in index.postings:
        single = word[:-1]
        if index.key(single) in index.postings:
            return single
    return word
