"""What a search returns: :class:`SearchHit` (one ranked result) and :class:`SearchResult` (hits + notes).

These are small slotted records rather than ``@dataclass`` classes on purpose: importing
:mod:`dataclasses` (it pulls in :mod:`inspect`) costs several milliseconds, a large share of the
cold-start budget of ``aco-tui lookup``. They behave like frozen dataclasses: keyword
construction, ``==``, ``repr`` and :meth:`as_dict`. Each field is declared twice, as a class
annotation (for type checkers and readers) and in ``__slots__`` (for Python); defining a record
whose two lists differ raises ``TypeError``.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import ClassVar

Span = tuple[int, int]


class _Record:
    __slots__: tuple[str, ...] = ()
    _defaults: ClassVar[dict[str, object]] = {}

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        declared = tuple(cls.__dict__.get("__annotations__", {}))
        if declared != cls.__slots__:
            raise TypeError(f"{cls.__name__}: annotations {declared} differ from __slots__ {cls.__slots__}")

    def __init__(self, **values: object) -> None:
        for name in self.__slots__:
            if name in values:
                value = values.pop(name)
            elif name in self._defaults:
                value = self._defaults[name]
            else:
                raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected argument(s) {', '.join(values)}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self.__slots__)

    def __hash__(self) -> int:
        return hash(tuple(repr(getattr(self, n)) for n in self.__slots__))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({inner})"

    def as_dict(self) -> dict[str, object]:
        """The fields as a plain dict (like ``dataclasses.asdict`` for one level)."""
        return {n: getattr(self, n) for n in self.__slots__}


class SearchHit(_Record):
    """One ranked result.

    Attributes:
        kind: ``"term"``, ``"section"`` or ``"excerpt"``.
        id: term id, ``"<doc_id>#<section_id>"`` for a section, or the excerpt id.
        title: term name; section title; for an excerpt, its section in the source.
        text: the whole definition, section body or excerpt, as plain text (citation marks and
            Markdown emphasis removed; excerpts are verbatim).
        source: the source id for an excerpt, else None.
        score: relevance, higher is better (only comparable within one search).
        snippet: a short extract of ``text`` around the matched words ("…" where cut).
        snippet_spans: (start, end) of the matched words in ``snippet``.
        spans: (start, end) of the matched words in ``text``.
        citation: where it comes from, for display: "Source title, section" for an excerpt,
            "Document › Section" for a section, "Glossary" for a term.
        doc_id: the content document (file stem) of a section, else None.
        section_id: the section anchor of a section, else None.
        topics: topics of an excerpt, or of a section's pane / timeline event.
        cites: excerpt ids cited by a section or a definition (empty for excerpts).
        speaker: who is speaking in an excerpt, if the store says.
        aliases: other names of a glossary term (empty for other kinds).
    """

    kind: str
    id: str
    title: str
    text: str
    source: str | None
    score: float
    snippet: str
    snippet_spans: tuple[Span, ...]
    spans: tuple[Span, ...]
    citation: str
    doc_id: str | None
    section_id: str | None
    topics: tuple[str, ...]
    cites: tuple[str, ...]
    speaker: str | None
    aliases: tuple[str, ...]

    __slots__ = (
        "kind",
        "id",
        "title",
        "text",
        "source",
        "score",
        "snippet",
        "snippet_spans",
        "spans",
        "citation",
        "doc_id",
        "section_id",
        "topics",
        "cites",
        "speaker",
        "aliases",
    )
    _defaults = {
        "source": None,
        "score": 0.0,
        "snippet": "",
        "snippet_spans": (),
        "spans": (),
        "citation": "",
        "doc_id": None,
        "section_id": None,
        "topics": (),
        "cites": (),
        "speaker": None,
        "aliases": (),
    }

    @property
    def location(self) -> tuple[str, ...]:
        """Where the UI should go: ("section", doc_id, section_id), ("term", id) or ("excerpt", id)."""
        if self.kind == "section":
            return ("section", self.doc_id or "", self.section_id or "")
        return (self.kind, self.id)

    def as_json(self) -> dict[str, object]:
        """The JSON object printed by ``aco-tui lookup --json``."""
        data = self.as_dict()
        data["score"] = round(self.score, 4)
        for key in ("snippet_spans", "spans", "topics", "cites", "aliases"):
            data[key] = [list(s) if isinstance(s, tuple) else s for s in getattr(self, key)]
        return data


class SearchResult(_Record):
    """Hits plus what the user should be told about the query.

    Attributes:
        query: the query as given.
        hits: ranked hits, best first.
        corrections: (typed word, word searched instead) for words corrected as typos.
        unknown: words that matched nothing, even allowing for typos.
        ignored: stopwords that were dropped.
        problems: usage errors (empty query, bad filter); when set there are no hits.
        notes: other things worth saying (query cut short, only stopwords...).
        suggestions: close terms to offer when there are no hits ("did you mean ...").
        total: how many documents matched before the limit was applied.
        uncovered: when there are no hits because the sources never use these words ("covid"),
            the words (say so with :func:`aco_tui.search.engine.not_covered`); else empty.
    """

    query: str
    hits: tuple[SearchHit, ...]
    corrections: tuple[tuple[str, str], ...]
    unknown: tuple[str, ...]
    ignored: tuple[str, ...]
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    suggestions: tuple[str, ...]
    total: int
    uncovered: tuple[str, ...]

    __slots__ = (
        "query",
        "hits",
        "corrections",
        "unknown",
        "ignored",
        "problems",
        "notes",
        "suggestions",
        "total",
        "uncovered",
    )
    _defaults = {
        "hits": (),
        "corrections": (),
        "unknown": (),
        "ignored": (),
        "problems": (),
        "notes": (),
        "suggestions": (),
        "total": 0,
        "uncovered": (),
    }
