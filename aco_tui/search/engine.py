"""Answering queries over a built index: ranking, typo correction, filters, phrases, snippets.

Cold-path module: imports only ``re`` (via the tokeniser; ``argparse`` loaded it already),
``heapq`` and this package.
"""

from __future__ import annotations

import marshal
import math
import re
from heapq import nlargest
from operator import itemgetter

from aco_tui.search.dictionary import EnglishWords
from aco_tui.search.fuzzy import closest, distance, max_typos
from aco_tui.search.hit import SearchHit, SearchResult
from aco_tui.search.plan import Plan, find_concepts, make_plan, subject_words
from aco_tui.search.query import FILTER_KEYS, MAX_QUERY_CHARS, ParsedQuery, parse_query
from aco_tui.search.snippet import merge, snippet
from aco_tui.search.tokenize import STOPWORDS, WORD, fold, key, normalise, words

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import Any

    from aco_tui.search.plan import Concepts, WordAliases

# of the index data; bump when its layout changes (2: search aliases; 3: source dates; 4: what figures count)
FORMAT = 4
TITLE_BONUS = 1.3  # when everything asked for is in the title (a term's names, a section heading)
# A query of nothing but names ("Hawking", "Bruce Keogh") asks who said or did what: the verbatim
# evidence (excerpts) should come before our own sections that retell it.
NAME_EXCERPT_BONUS = 2.5
_NAME = re.compile(r"[A-Z][a-z][\w'\u2019-]*")
KIND_ORDER = {"term": 0, "section": 1, "excerpt": 2}  # tie-break only
SCOPE = "they are about accountable care organisations in the English NHS, 2017-2018"
# "Did you mean" only for near misses: unknown words of this length or more, this many edits away,
# and glossary names this similar. Anything looser offered "cover, moved, colin" for "covid vaccine".
SUGGEST_MIN_CHARS = 6
SUGGEST_MAX_EDITS = 2
SUGGEST_MIN_RATIO = 0.75
# Coordination: a document's score is multiplied by ((1 + things it matches) / (1 + things asked for))
# to this power, so that what answers the whole question beats what shares one rare word with it
# (a timeline title sharing a verb). Comparisons ("X vs Y") want both sides: a higher power.
COORDINATION = 1.0
EVIDENCE_SHARE = 0.5  # of the best excerpt a section or term cites, added to its score
UNDATED_QUESTION_TIMELINE = 0.8
QUANTITY_BONUS = 1.3
# "How many people": a figure next to the word for what is counted ("100,000 people", "a population
# of 100,000") answers it; a figure about something else does not.
COUNTED_BONUS = 2.5
GAP_BONUS = 1.6  # for text saying what the sources do not record, when the question asks how things ended
COORDINATION_FLOOR = 0.25  # what a document matching none of the groups keeps (it matched a weak word)
COMPARE_COORDINATION = 2.0
COMPARE_TITLE_BONUS = 2.0  # "X vs Y": what X is and what Y is (a title naming one side) answer it
# The best answer is weak when it matches no more than this share of what was asked.
WEAK_ANSWER = 0.5
WEAK_NOTE = (
    "the sources may not cover this: no result matches more than half of what was asked "
    "({asked}); the nearest sections are shown"
)

__all__ = ["FORMAT", "SearchIndex", "find_concepts", "not_covered", "unpack_postings"]


def unpack_postings(blob: bytes) -> tuple[memoryview[int], memoryview[float]]:
    """(document numbers, weights) of one token, as written by :func:`~aco_tui.search.index.pack_postings`."""
    view = memoryview(blob)
    half = len(blob) // 2
    return view[:half].cast("I"), view[half:].cast("f")


class SearchIndex:
    """A loaded index; cheap to create from the data :func:`~aco_tui.search.index.build_data` makes.

    ``origin`` says where it came from ("cache", "built", or "built; cache not written: ...").
    """

    def __init__(self, data: dict[str, Any], origin: str = "built") -> None:
        if data.get("format") != FORMAT:
            raise ValueError(f"search index format {data.get('format')!r}, expected {FORMAT}")
        self.data = data
        self.origin = origin
        self.postings: dict[str, bytes] = data["postings"]
        self.concepts: Concepts = data["concepts"]
        self.aliases: WordAliases = data["word_aliases"]  # first key -> [(key sequence, index tokens it stands for)]
        self.weak: frozenset[str] = data["weak"]  # keys of plan.WEAK_WORDS
        self.sources: dict[str, str] = data["sources"]
        self.topic_names: tuple[str, ...] = data["topic_names"]
        self._keys: dict[str, str] = {}
        self._fuzzy: dict[int, tuple[tuple[str, ...], tuple[int, ...]]] | None = None
        self._by_id: dict[str, int] | None = None
        self.english = EnglishWords()  # the general word list: real words are never "corrected"

    def __len__(self) -> int:
        return int(self.data["n"])

    # -- vocabulary ------------------------------------------------------------------------------------

    def key(self, word: str) -> str:
        """The index key of a normalised word (memoised)."""
        found = self._keys.get(word)
        if found is None:
            found = self._keys[word] = key(word)
        return found

    def keys_of(self, text: str, prefixes: set[str] | None = None) -> list[tuple[int, int, str | None]]:
        """(start, end, key) of every word of ``text``, memoised per raw token.

        With ``prefixes``, words whose first two letters are not among them get the key None
        without being normalised (the stemmer never changes the first letters): a fast way to
        find the few words that can match.
        """
        memo = self._keys
        out: list[tuple[int, int, str | None]] = []
        for match in WORD.finditer(text):
            raw = match.group()
            if prefixes is not None:
                head = raw[:2].lower()
                if head not in prefixes and (head.isascii() or fold(head) not in prefixes):
                    out.append((match.start(), match.end(), None))
                    continue
            found = memo.get("\0" + raw)
            if found is None:
                found = memo["\0" + raw] = self.key(normalise(raw))
            out.append((match.start(), match.end(), found))
        return out

    def df(self, token: str) -> int:
        """In how many documents an index token occurs."""
        return len(self.postings.get(token, b"")) // 8

    @property
    def vocabulary(self) -> dict[int, tuple[tuple[str, ...], tuple[int, ...]]]:
        """Indexed words by length, with their letter masks (decoded on first use, for typos)."""
        if self._fuzzy is None:
            self._fuzzy = marshal.loads(self.data["fuzzy"])
        return self._fuzzy

    def correct(self, word: str) -> str | None:
        """The indexed word ``word`` is most likely a typo of, or None."""
        if not word.isalpha():
            return None
        found = closest(word, self.vocabulary, max_typos(word))
        if not found:
            return None
        best = found[0][0]
        return max((w for d, w in found if d == best), key=lambda w: (self.df(self.key(w)), w))

    def names_of(self, concept: str) -> list[tuple[tuple[str, ...], str]]:
        """The key sequences of every glossary name of a ``~concept`` token."""
        return [entry for bucket in self.concepts.values() for entry in bucket if entry[1] == concept]

    def _index_of(self, kind: str, ident: str) -> int | None:
        if self._by_id is None:
            self._by_id = {
                f"{k}:{i}": n for n, (k, i) in enumerate(zip(self.data["kind"], self.data["id"], strict=True))
            }
        return self._by_id.get(f"{kind}:{ident}")

    # -- searching -------------------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 5) -> list[SearchHit]:
        """The best ``limit`` hits for ``query`` (all of them when ``limit`` is None)."""
        return list(self.find(query, limit).hits)

    def find(self, query: str, limit: int | None = 5) -> SearchResult:
        """Like :meth:`search`, with what the user should be told: corrections, problems, suggestions."""
        parsed = parse_query(query)
        notes = (
            [f"the query is long: only its first {MAX_QUERY_CHARS} characters were used"] if parsed.truncated else []
        )
        if parsed.problems:
            return SearchResult(query=query, problems=tuple(parsed.problems))
        tokens = words(parsed.free + " " + " ".join(parsed.phrases))
        if not tokens and not parsed.filters:
            return SearchResult(
                query=query,
                problems=(
                    "nothing to search for: type some words, e.g. 'capitated budget' or 'who can hold an ACO contract'",
                ),
            )
        filter_notes, suggestions = self._check_filters(parsed.filters)
        if filter_notes:
            return SearchResult(query=query, notes=tuple(notes + filter_notes), suggestions=tuple(suggestions))
        plan = make_plan(self, tokens, parsed.phrases, notes)
        matched: dict[int, int] = {}
        if plan.weights or plan.phrases or plan.unknown:
            candidates, matched = self._score(plan)
        else:  # nothing but filters (or stopwords): list what passes them
            candidates = dict.fromkeys(range(len(self)), 0.0) if parsed.filters else {}
        if parsed.filters:
            candidates = {i: s for i, s in candidates.items() if self._passes(i, parsed.filters)}
        for phrase in plan.phrases:
            candidates = self._with_phrase(candidates, phrase)
        if plan.unknown and not plan.strong and not parsed.phrases:
            candidates = {}  # only words the sources never use, and common ones: what is left would be noise
        names_only = _names_only(parsed.free) and not parsed.phrases and self.term(parsed.free) is None
        ranked = self._rank(candidates, plan, limit, names_only)
        asked = self._asked_term(tokens, parsed) if candidates else None
        if asked is not None:  # "what is an ACO", "what does STP stand for": the definition first
            top = max([candidates.get(asked, 0.0), *(score for _i, score in ranked[:1])])
            ranked = [(asked, top), *((i, s) for i, s in ranked if i != asked)]
            ranked = ranked if limit is None else ranked[:limit]
        weak = self._weak_answer(plan, ranked, matched) if asked is None and not parsed.phrases else None
        if weak is not None:  # the nearest sections (and terms) before the verbatim excerpts
            ranked = sorted(ranked, key=lambda item: self.data["kind"][item[0]] == "excerpt")
        hits = tuple(self._hit(i, score, plan) for i, score in ranked)
        if not plan.weights and not plan.phrases and plan.ignored and not parsed.filters:
            notes.append("only common words (" + ", ".join(plan.ignored[:6]) + ") were given; they are ignored")
        if not hits:
            suggestions = self._suggestions(plan)
        uncovered = tuple(dict.fromkeys(plan.unknown)) if plan.unknown and not hits and not suggestions else ()
        if plan.unknown and hits:
            english = [w for w in plan.unknown if w in plan.english]
            if english:
                notes.append(
                    f"{_listed(english)} {'is an English word' if len(english) == 1 else 'are English words'}"
                    " the sources never use (not taken for a typo)"
                )
            notes.append(f"the sources never mention {_listed(plan.unknown)}; these results match the other words")
        elif weak is not None:
            notes.append(weak)
        return SearchResult(
            query=query,
            hits=hits,
            corrections=tuple(plan.corrections),
            unknown=tuple(plan.unknown),
            ignored=tuple(plan.ignored),
            notes=tuple(notes),
            suggestions=tuple(suggestions),
            total=len(candidates),
            uncovered=uncovered,
        )

    def _asked_term(self, tokens: list[str], parsed: ParsedQuery) -> int | None:
        """The glossary term a question is about when its subject is exactly a term's name or alias."""
        subject = subject_words(self, tokens)
        if not subject or parsed.phrases:
            return None
        index = self._term_index(" ".join(subject))
        if index is None or (parsed.filters and not self._passes(index, parsed.filters)):
            return None
        return index

    def _check_filters(self, filters: dict[str, list[str]]) -> tuple[list[str], list[str]]:
        notes, suggestions = [], []
        known = {"source": sorted(self.sources), "topic": list(self.topic_names)}
        for name in FILTER_KEYS[:2]:
            for value in filters.get(name, []):
                if value not in known[name]:
                    close = sorted(known[name], key=lambda k: distance(value, k, 99))[:3]
                    notes.append(f"there is no {name} {value!r}; {name}s are: " + ", ".join(known[name]))
                    suggestions += [f"{name}:{c}" for c in close]
        return notes, suggestions

    def _score(self, plan: Plan) -> tuple[dict[int, float], dict[int, int]]:
        """BM25F scores of the documents that match, times coordination; and how many of the things
        asked for each document matches."""
        scores: dict[int, float] = {}
        masks: dict[int, int] = {}
        get = scores.get
        groups = sorted(plan.coverage_groups())
        bits = {group: 1 << n for n, group in enumerate(groups)}
        # A group counts by how rare it is: matching "NHS" (in most documents) says little.
        n = len(self)
        rarity = dict.fromkeys(groups, 0.0)
        for token in plan.members:
            if token in self.postings:
                for group in plan.groups_of(token):
                    rarity[group] = max(rarity[group], math.log(1 + n / max(1, self.df(token))))
        for token, weight in plan.weights.items():
            docs, values = unpack_postings(self.postings[token])
            bit = 0
            for group in plan.groups_of(token):
                bit |= bits[group]
            for doc, value in zip(docs, values, strict=True):
                scores[doc] = get(doc, 0.0) + weight * value
                if bit:
                    masks[doc] = masks.get(doc, 0) | bit
        matched = {doc: mask.bit_count() for doc, mask in masks.items()}
        total = sum(rarity.values())
        if len(bits) >= 2 and total > 0:
            power = COMPARE_COORDINATION if plan.compare else COORDINATION
            shares = {mask: sum(rarity[g] for g in groups if mask & bits[g]) / total for mask in set(masks.values())}
            for doc in scores:
                share = shares.get(masks.get(doc, 0), 0.0)
                scores[doc] *= (COORDINATION_FLOOR + (1 - COORDINATION_FLOOR) * share) ** power
        return scores, matched

    def _weak_answer(self, plan: Plan, ranked: list[tuple[int, float]], matched: dict[int, int]) -> str | None:
        """The note to give when even the best result answers little of the question, else None."""
        groups = plan.coverage_groups()
        if len(groups) < 2 or not ranked or plan.unknown:
            return None
        best = max(matched.get(i, 0) for i, _s in ranked[:3])
        if best / len(groups) > WEAK_ANSWER:
            return None
        asked = ", ".join(f"'{label}'" for label in sorted({plan.labels.get(g, g.lstrip("=~")) for g in groups}))
        return WEAK_NOTE.format(asked=asked)

    def _passes(self, i: int, filters: dict[str, list[str]]) -> bool:
        data = self.data
        if "kind" in filters and data["kind"][i] not in filters["kind"]:
            return False
        if "source" in filters and data["source"][i] not in filters["source"]:
            return False
        return not ("topic" in filters and not set(filters["topic"]).intersection(data["topics"][i]))

    def _with_phrase(self, candidates: dict[int, float], phrase: tuple[str, ...]) -> dict[int, float]:
        """The candidates that contain ``phrase``: first those with all its words, then checked in order."""
        for token in {k for k in phrase if k in self.postings}:
            docs = set(unpack_postings(self.postings[token])[0])
            candidates = {i: s for i, s in candidates.items() if i in docs}
        size, first = len(phrase), phrase[0]
        kept = {}
        for i, score in candidates.items():
            title, meta = self.data["fields"][i]
            for text in (title, self.data["text"][i], meta):
                keys = [k for _s, _e, k in self.keys_of(text)]
                if any(keys[j] == first and tuple(keys[j : j + size]) == phrase for j in range(len(keys) - size + 1)):
                    kept[i] = score
                    break
        return kept

    def _rank(
        self, candidates: dict[int, float], plan: Plan, limit: int | None, names_only: bool = False
    ) -> list[tuple[int, float]]:
        kinds = self.data["kind"]

        def order(item: tuple[int, float]) -> tuple[float, int, int]:
            return (-item[1], KIND_ORDER[kinds[item[0]]], item[0])

        head = max(30, 3 * (limit or 10))
        candidates = self._with_evidence(candidates, head)
        if limit is None:
            ranked = sorted(candidates.items(), key=order)
        else:  # only the best few need sorting (and the title check)
            ranked = sorted(nlargest(head, candidates.items(), key=itemgetter(1)), key=order)
        if plan.groups or names_only or plan.outcome or not plan.temporal or plan.quantity:
            boosted = []
            for i, score in ranked[:head]:
                title_keys = [k for _s, _e, k in self.keys_of(self.data["fields"][i][0]) if k is not None]
                found = set(title_keys) | {t for _s, _e, t in find_concepts(title_keys, self.concepts)}
                if plan.groups and plan.groups <= found:
                    score *= TITLE_BONUS
                elif plan.compare and plan.groups & found:  # "X vs Y": what X is, what Y is
                    score *= COMPARE_TITLE_BONUS ** (len(plan.groups & found) / len(plan.groups))
                if names_only and kinds[i] == "excerpt":
                    score *= NAME_EXCERPT_BONUS
                if plan.quantity and plan.counted.intersection(self.data["counted"][i]):
                    score *= COUNTED_BONUS
                elif plan.quantity and self.data["numbers"][i]:
                    score *= QUANTITY_BONUS  # "how many": text that gives a number answers it
                if plan.outcome and self.data["gap"][i]:
                    score *= GAP_BONUS
                if not plan.temporal and self.data["doc_id"][i] == "timeline":
                    score *= UNDATED_QUESTION_TIMELINE  # what, why, how: the panes explain, the timeline dates
                boosted.append((i, score))
            ranked = sorted(boosted, key=order) + ranked[head:]
        return ranked if limit is None else ranked[:limit]

    def _with_evidence(self, candidates: dict[int, float], head: int) -> dict[int, float]:
        """Sections and terms gain a share of the best-scoring excerpt they cite: our own text that
        retells the evidence in context answers better than the bare quotation, and better than a
        title that merely shares a word with the question."""
        kinds, cites = self.data["kind"], self.data["cites"]
        best = dict(nlargest(head, candidates.items(), key=itemgetter(1)))
        excerpts = {self.data["id"][i]: s for i, s in best.items() if kinds[i] == "excerpt"}
        if not excerpts:
            return candidates
        boosted = dict(candidates)
        for i, score in candidates.items():
            if kinds[i] != "excerpt" and cites[i]:
                evidence = max((excerpts.get(c, 0.0) for c in cites[i]), default=0.0)
                if evidence:
                    boosted[i] = score + EVIDENCE_SHARE * evidence
        return boosted

    def _marks(self, text: str, plan: Plan) -> list[tuple[int, int, str]]:
        wanted = set(plan.highlight)
        for entries in plan.sequences.values():
            for sequence, _group in entries:
                wanted.update(sequence)
        tokens = self.keys_of(text, {k[:2] for k in wanted})
        marks = [(s, e, k) for s, e, k in tokens if k is not None and k in plan.highlight]
        if plan.sequences:
            keys = [k for _s, _e, k in tokens]
            for j, first in enumerate(keys):
                if first is None:
                    continue
                for sequence, group in plan.sequences.get(first, ()):
                    if tuple(keys[j : j + len(sequence)]) == sequence:
                        marks.append((tokens[j][0], tokens[j + len(sequence) - 1][1], group))
        return marks

    def _hit(self, i: int, score: float = 0.0, plan: Plan | None = None) -> SearchHit:
        data = self.data
        text = data["text"][i]
        marks = self._marks(text, plan) if plan else []
        short, short_spans = snippet(text, marks, from_start=data["kind"][i] == "term")
        return SearchHit(
            kind=data["kind"][i],
            id=data["id"][i],
            title=data["title"][i],
            text=text,
            source=data["source"][i],
            score=score,
            snippet=short,
            snippet_spans=tuple(short_spans),
            spans=tuple(merge([(s, e) for s, e, _k in marks])),
            citation=data["citation"][i],
            doc_id=data["doc_id"][i],
            section_id=data["section_id"][i],
            topics=data["topics"][i],
            cites=data["cites"][i],
            speaker=data["speaker"][i],
            aliases=data["aliases"][i],
        )

    # -- suggestions and the glossary --------------------------------------------------------------------

    def _suggestions(self, plan: Plan) -> list[str]:
        """Words or terms to offer for unknown words, only when they are near misses: a short word
        one letter off is another word ("pcn" is not "pcr"), not a typo."""
        found: list[str] = []
        for word in plan.unknown:
            if len(word) >= SUGGEST_MIN_CHARS:
                found += self.suggest(word, 3, SUGGEST_MAX_EDITS)
        if plan.unknown:
            found += self.closest_terms(" ".join(plan.unknown), 3, SUGGEST_MIN_RATIO)
        return list(dict.fromkeys(found))[:5]

    def suggest(self, word: str, limit: int = 5, max_edits: int | None = None) -> list[str]:
        """Indexed words close to ``word`` (for "did you mean"), most likely first."""
        folded = " ".join(words(word))
        if not folded:
            return []
        edits = max(2, len(folded) // 3) if max_edits is None else max_edits
        found = closest(folded, self.vocabulary, edits)
        ranked = sorted(found, key=lambda f: (f[0], -self.df(self.key(f[1])), f[1]))
        return [w for _d, w in ranked if w != folded][:limit]

    def term(self, name: str) -> SearchHit | None:
        """The glossary term whose id, name or alias is ``name`` (case, accents and plurals ignored)."""
        index = self._term_index(name)
        return None if index is None else self._hit(index)

    def _term_index(self, name: str) -> int | None:
        term_keys = self.data["term_keys"]
        found = words(name)
        for candidate in (name.strip().lower(), " ".join(found), " ".join(self.key(w) for w in found), "-".join(found)):
            term_id = term_keys.get(candidate)
            index = None if term_id is None else self._index_of("term", term_id)
            if index is not None:
                return index
        return None

    def define(self, name: str) -> SearchHit | None:
        """The glossary term ``name`` names, also when asked as a question ("what is capitation")."""
        found = self.term(name)
        if found is None:
            subject = subject_words(self, words(name))
            found = self.term(" ".join(subject)) if subject else None
        return found

    def closest_terms(self, name: str, limit: int = 5, min_ratio: float = 0.6) -> list[str]:
        """Glossary term names that look like ``name`` (a similarity of ``min_ratio`` or more), for
        "did you mean"."""
        import difflib  # lookup budget: only "did you mean", never on a cached lookup that finds something

        target = " ".join(words(name))
        names = {
            " ".join(words(n)): self.data["title"][self._index_of("term", t)] for n, t in self.data["term_keys"].items()
        }
        scored = []
        for candidate, display in names.items():
            ratio = difflib.SequenceMatcher(None, target, candidate).ratio()
            if target and (candidate.startswith(target) or target in candidate.split()):
                ratio = max(ratio, 0.8)
            scored.append((ratio, display))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return list(dict.fromkeys(d for r, d in scored if r >= min_ratio))[:limit]

    def terms(self) -> list[SearchHit]:
        """Every glossary term, alphabetically."""
        return [self._hit(i) for i, kind in enumerate(self.data["kind"]) if kind == "term"]

    def get(self, kind: str, ident: str) -> SearchHit | None:
        """One document by kind and id (an excerpt id, a term id or "doc#section")."""
        index = self._index_of(kind, ident)
        return None if index is None else self._hit(index)

    def source_dates(self, hit: SearchHit) -> list[str]:
        """The sources behind ``hit`` with their dates ("House of Commons Library, 9 January 2018"):
        an excerpt's own source, or the sources of the excerpts a term or section cites, oldest first."""
        labels: dict[str, str] = self.data.get("source_labels", {})
        if hit.kind == "excerpt":
            sources = [hit.source] if hit.source else []
        else:
            found = (self._index_of("excerpt", ident) for ident in hit.cites)
            sources = [self.data["source"][i] for i in found if i is not None]
        named = [labels[s] for s in dict.fromkeys(sources) if s in labels]
        return sorted(named, key=_date_order)

    def cited(self, hit: SearchHit) -> list[SearchHit]:
        """The excerpts a term or section cites, in order (those the store has)."""
        found = (self.get("excerpt", ident) for ident in hit.cites)
        return [h for h in found if h is not None]


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUMBERS = {month: number for number, month in enumerate(MONTHS, start=1)}


def _date_order(label: str) -> tuple[int, int, int]:
    """Sort key of a :meth:`SearchIndex.source_dates` label: by its date, undated last."""
    parts = label.rsplit(", ", 1)[-1].split()
    if len(parts) == 3 and parts[1] in _MONTH_NUMBERS and parts[2].isdigit() and parts[0].isdigit():
        return int(parts[2]), _MONTH_NUMBERS[parts[1]], int(parts[0])
    return 9999, 0, 0


def _listed(words_: list[str] | tuple[str, ...]) -> str:
    shown = [f"'{w}'" for w in dict.fromkeys(words_)][:6]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def not_covered(words_: tuple[str, ...] | list[str]) -> str:
    """What to say when nothing was found because the sources never use ``words_``."""
    return f"the sources do not cover {_listed(words_)} ({SCOPE})"


def _names_only(free_text: str) -> bool:
    """True when every word that is not a stopword looks like a name (Capitalised, not an ACRONYM)."""
    meaningful = [w for w in free_text.split() if w.lower().strip("?.,!;:") not in STOPWORDS]
    return bool(meaningful) and all(_NAME.fullmatch(w.strip("?.,!;:")) for w in meaningful)
