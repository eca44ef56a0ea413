"""Building the search index from the store and the content (the slow path, then cached).

The index is plain data (dicts, lists, tuples, strings, numbers) so that :mod:`marshal` can
save and load it. Ranking is BM25F: each document has a title field, a body and a "meta"
field (source or document title), weighted and length-normalised per kind of document, and the
per-posting weight is computed here once, so a query only adds up numbers.

Glossary names and aliases become *concept* tokens (``~aco``): wherever a document says
"ACO" or "accountable care organisation", it gets the ``~aco`` token, and a query naming
either form asks for it. That is the acronym expansion, both ways.
"""

from __future__ import annotations

import marshal
import math
import re
from array import array
from pathlib import Path
from sys import intern
from typing import Any

from aco_tui.errors import DataError
from aco_tui.knowledge.aliases import load_aliases
from aco_tui.knowledge.blocks import DisplayText, Paragraph, plain_text
from aco_tui.knowledge.content import GLOSSARY_FILE, REQUIRED_MISSING, Content, load_content
from aco_tui.knowledge.store import ExcerptStore, load_store
from aco_tui.knowledge.topics import TOPICS
from aco_tui.search.engine import FORMAT, MONTHS
from aco_tui.search.fuzzy import letter_mask
from aco_tui.search.plan import WEAK_WORDS, find_concepts
from aco_tui.search.quantities import counted_tokens, has_quantity
from aco_tui.search.tokenize import STOPWORDS, words
from aco_tui.search.tokenize import key as index_key

K1 = 1.2
# Field weights and length normalisation (b) of BM25F: title, body, meta.
WEIGHTS = {"term": (4.0, 1.0, 0.5), "section": (3.0, 1.0, 0.5), "excerpt": (2.0, 1.0, 0.3)}
B = (0.4, 0.75, 0.5)
CONCEPT_PREFIX = "~"
_REPEATED = {"source", "doc_id", "speaker", "citation"}  # interned, so marshal stores each value once

_TOPICS_LINE = re.compile(r"Topics?:\s")  # a timeline event's topics: filters, not words to find
_ISO_DATE = re.compile(r"\b(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?\b")


def date_words(text: str) -> str:
    """``text`` with ISO dates spelt as words, as people type them: "2017-06-15" -> "15 June 2017".

    A timeline heading's "2014-10" would otherwise match the 10 of "a 10 year contract".
    """

    def spell(match: re.Match[str]) -> str:
        year, month, day = match.groups()
        if month is None or not 1 <= int(month) <= 12:
            return match.group()
        return " ".join(p for p in (str(int(day)) if day else "", MONTHS[int(month) - 1], year) if p)

    return _ISO_DATE.sub(spell, text)


# Text that says what the sources do not record ("none of the sources reports how either case
# ended"): the honest answer to a question about an outcome they do not give.
_GAP = re.compile(
    r"\b(?:no source|none of the sources|(?:says|say|report|reports|record|records) nothing|"
    r"(?:do|does) not (?:record|say|report)|not recorded|(?:report|reports|record|records) no)\b",
    re.IGNORECASE,
)


def states_a_gap(text: str) -> bool:
    """True when ``text`` says that the sources do not record something."""
    return _GAP.search(text) is not None


def dated_source(publisher: str, date: str | None) -> str:
    """A source as an answer's date line names it: "House of Commons Library, 9 January 2018"."""
    name = publisher.split(" (")[0]
    return f"{name}, {date_words(date) if date else 'undated'}"


def pack_postings(docs: list[int], weights: list[float]) -> bytes:
    """One token's postings as bytes: the document numbers (C unsigned int), then the weights (C float).

    Loading one bytes object per token is several times faster than loading tuples of numbers;
    :func:`aco_tui.search.engine.unpack_postings` reads them back with ``memoryview.cast``.
    """
    return array("I", docs).tobytes() + array("f", weights).tobytes()


def display_to_text(display: DisplayText) -> str:
    """The words of a parsed text (:class:`~aco_tui.knowledge.blocks.DisplayText`, the reader's own
    reading of the Markdown), without citation markers or a timeline event's "Topics:" line."""
    blocks = tuple(
        b for b in display.blocks if not (isinstance(b, Paragraph) and b.spans and _TOPICS_LINE.match(b.spans[0].text))
    )
    return plain_text(blocks, citations=False).strip()


def concept_names(term: str, aliases: tuple[str, ...]) -> list[str]:
    """All the ways a glossary term is named: the term, its aliases, and for "Long name (LN)" both parts."""
    names: list[str] = []
    for name in (term, *aliases):
        names.append(name)
        if "(" in name and ")" in name:
            inner = name[name.index("(") + 1 : name.rindex(")")]
            outer = (name[: name.index("(")] + name[name.rindex(")") + 1 :]).strip()
            names += [inner.strip(), outer]
    return [n for n in dict.fromkeys(names) if n.strip()]


class _Builder:
    def __init__(self) -> None:
        self.surfaces: dict[str, str] = {}
        self.columns: dict[str, list[Any]] = {
            key: []
            for key in (
                "kind",
                "id",
                "title",
                "text",
                "source",
                "citation",
                "doc_id",
                "section_id",
                "topics",
                "cites",
                "speaker",
                "aliases",
                "fields",
            )
        }
        self.field_tokens: list[tuple[list[str], list[str], list[str]]] = []
        self.concepts: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self.term_keys: dict[str, str] = {}

    def stems(self, text: str) -> list[str]:
        out = []
        for word in words(text):
            found = self.surfaces.get(word)
            if found is None:
                found = self.surfaces[word] = index_key(word)
            out.append(found)
        return out

    def add_concept(self, term_id: str, names: list[str]) -> None:
        """Register the names of a glossary term, for ``define`` and as a ``~term`` concept token."""
        token = CONCEPT_PREFIX + term_id
        self.term_keys.setdefault(term_id, term_id)
        for name in names:
            sequence = tuple(self.stems(name))
            if not sequence:
                continue
            self.term_keys.setdefault(" ".join(words(name)), term_id)
            self.term_keys.setdefault(" ".join(sequence), term_id)
            if len(sequence) == 1 and (sequence[0] in STOPWORDS or len(sequence[0]) < 2):
                continue  # a name like "IT" would match every "it"
            entry = (sequence, token)
            bucket = self.concepts.setdefault(sequence[0], [])
            if entry not in bucket:
                bucket.append(entry)

    def alias_table(
        self, words: dict[str, tuple[str, ...]], postings: dict[str, bytes]
    ) -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
        """The content's word aliases as the query planner reads them: first key -> [(key sequence of
        what is typed, index tokens of what it stands for: a glossary concept when a replacement
        names one, else its words)]."""
        table: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for typed, replacements in words.items():
            sequence = tuple(self.stems(typed))
            tokens: list[str] = []
            for replacement in replacements:
                keys = self.stems(replacement)
                found = find_concepts(keys, self.concepts)
                whole = [token for start, end, token in found if start == 0 and end == len(keys)]
                tokens += whole or [token for _s, _e, token in found] + [k for k in keys if k not in STOPWORDS]
            tokens = [t for t in dict.fromkeys(tokens) if t in postings]
            if sequence and tokens:
                table.setdefault(sequence[0], []).append((sequence, tuple(tokens)))
        return {first: tuple(entries) for first, entries in table.items()}

    def add(self, kind: str, ident: str, title: str, text: str, meta: str, **extra: Any) -> None:
        columns = self.columns
        columns["kind"].append(intern(kind))
        columns["id"].append(ident)
        columns["title"].append(intern(title))
        columns["text"].append(text)
        for key in ("source", "citation", "doc_id", "section_id", "speaker"):
            value = extra.get(key)
            columns[key].append(intern(value) if key in _REPEATED and value else value)
        for key in ("topics", "cites", "aliases"):
            columns[key].append(tuple(intern(v) for v in extra.get(key, ())))
        index_title = extra.get("index_title", title)
        columns["fields"].append((index_title, meta))
        self.field_tokens.append((self.stems(index_title), self.stems(text), self.stems(meta)))

    def finish(self) -> dict[str, Any]:
        n = len(self.columns["kind"])
        counts: list[list[dict[str, int]]] = []
        lengths: list[tuple[int, ...]] = []
        for fields in self.field_tokens:
            per_field = []
            for stems in fields:
                tf: dict[str, int] = {}
                for s in stems:
                    if s not in STOPWORDS:
                        tf[s] = tf.get(s, 0) + 1
                for _start, _end, token in find_concepts(stems, self.concepts):
                    tf[token] = tf.get(token, 0) + 1
                per_field.append(tf)
            counts.append(per_field)
            lengths.append(tuple(sum(v for k, v in tf.items() if not k.startswith(CONCEPT_PREFIX)) for tf in per_field))
        average: dict[str, list[float]] = {}
        for kind in WEIGHTS:
            rows = [lengths[i] for i in range(n) if self.columns["kind"][i] == kind]
            average[kind] = [max(1.0, sum(r[f] for r in rows) / len(rows)) if rows else 1.0 for f in range(3)]
        df: dict[str, int] = {}
        for per_field in counts:
            for token in set().union(*per_field):
                df[token] = df.get(token, 0) + 1
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for doc, per_field in enumerate(counts):
            kind = self.columns["kind"][doc]
            weights, avg = WEIGHTS[kind], average[kind]
            for token in set().union(*per_field):
                weighted = sum(
                    weights[f] * per_field[f].get(token, 0) / (1 - B[f] + B[f] * lengths[doc][f] / avg[f])
                    for f in range(3)
                )
                idf = math.log(1 + (n - df[token] + 0.5) / (df[token] + 0.5))
                docs, scores = postings.setdefault(token, ([], []))
                docs.append(doc)
                scores.append(round(idf * weighted * (K1 + 1) / (K1 + weighted), 5))
        return self._data(n, {t: pack_postings(d, s) for t, (d, s) in postings.items()})

    def _data(self, n: int, postings: dict[str, bytes]) -> dict[str, Any]:
        buckets: dict[int, tuple[list[str], list[int]]] = {}
        for surface, stemmed in sorted(self.surfaces.items()):
            if stemmed in postings and surface not in STOPWORDS and surface.isalpha() and len(surface) >= 3:
                surfaces, masks = buckets.setdefault(len(surface), ([], []))
                surfaces.append(surface)
                masks.append(letter_mask(surface))
        fuzzy = {length: (tuple(s), tuple(m)) for length, (s, m) in buckets.items()}
        return {
            "format": FORMAT,
            "n": n,
            **{k: tuple(v) for k, v in self.columns.items()},
            "postings": postings,
            # Only needed to correct typos: kept as marshal bytes, decoded on first use.
            "fuzzy": marshal.dumps(fuzzy),
            "concepts": {k: tuple(v) for k, v in self.concepts.items()},
            "term_keys": self.term_keys,
        }


def build_data(store: ExcerptStore, content: Content) -> dict[str, Any]:
    """The index of an :class:`~aco_tui.knowledge.store.ExcerptStore` and a :class:`~aco_tui.knowledge.content.Content`."""
    builder = _Builder()
    for term in content.glossary.values():
        builder.add_concept(term.id, concept_names(term.term, term.aliases))
    aliases = load_aliases(content.root)
    for term in sorted(content.glossary.values(), key=lambda t: t.term.lower()):
        builder.add(
            "term",
            term.id,
            term.term,
            display_to_text(term.display),
            "Glossary",
            index_title="; ".join((term.term, *term.aliases)),
            citation="Glossary",
            cites=term.citations,
            aliases=term.aliases,
        )
    event_topics = {e.section.id: e.topics for e in content.timeline}
    for document in sorted(content.documents.values(), key=lambda d: (d.order, d.id)):
        if document.id == GLOSSARY_FILE:
            continue
        for section in document.sections:
            text = display_to_text(section.display)
            if not text:
                continue
            title = document.title if section.id == "overview" else section.title  # shown literally, as the reader does
            topics: tuple[str, ...] = (document.id,) if document.id in TOPICS else ()
            if document.id == "timeline":
                topics += tuple(t for t in event_topics.get(section.id, ()) if t not in topics)
            also = aliases.sections.get(f"{document.id}#{section.id}", ())
            indexed_title = date_words(title) if document.id == "timeline" else title
            builder.add(
                "section",
                f"{document.id}#{section.id}",
                title,
                text,
                document.title,
                index_title="; ".join((indexed_title, *also)),
                citation=f"{document.title} \u203a {title}" if title != document.title else title,
                doc_id=document.id,
                section_id=section.id,
                topics=topics,
                cites=section.citations,
            )
    for excerpt in store.excerpts.values():
        source = store.sources.get(excerpt.source)
        source_title = source.title if source else excerpt.source
        source_label = f"{source.title} ({source.publisher}, {source.date or 'undated'})" if source else excerpt.source
        heading = " \u2014 ".join(p for p in (excerpt.section, excerpt.speaker) if p)
        builder.add(
            "excerpt",
            excerpt.id,
            excerpt.section,
            excerpt.text,
            source_title,
            index_title=heading,
            source=excerpt.source,
            citation=f"{source_label}, {excerpt.section}",
            topics=excerpt.topics,
            speaker=excerpt.speaker,
        )
    data = builder.finish()
    data["word_aliases"] = builder.alias_table(aliases.words, data["postings"])
    data["weak"] = frozenset(index_key(w) for w in WEAK_WORDS)
    data["numbers"] = tuple(has_quantity(text) for text in data["text"])
    data["counted"] = tuple(counted_tokens(text, data["concepts"]) for text in data["text"])
    data["gap"] = tuple(
        kind != "excerpt" and states_a_gap(text) for kind, text in zip(data["kind"], data["text"], strict=True)
    )
    data["sources"] = {s.id: s.title for s in store.sources.values()}
    data["source_labels"] = {s.id: dated_source(s.publisher or s.title, s.date) for s in store.sources.values()}
    data["topic_names"] = tuple(dict.fromkeys((*TOPICS, *(t for ts in data["topics"] for t in ts))))
    return data


def build_from_paths(store_path: str, content_path: str) -> dict[str, Any]:
    """Load the store and content from disk and index them (imports TinyDB and markdown-it).

    Raises:
        DataError: the store or the content directory cannot be read, or a required content file is
            missing (a wrong ``--content`` folder must not answer "the sources do not cover it").
    """
    store = load_store(Path(store_path))
    content = load_content(Path(content_path))
    missing = [p.path.name for p in content.problems if p.message == REQUIRED_MISSING]
    if missing:
        named = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise DataError(
            f"{content_path}: {REQUIRED_MISSING if len(missing) == 1 else 'required content files are missing'}"
            f": {named}"
        )
    return build_data(store, content)
