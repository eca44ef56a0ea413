"""Cross-references: which sections use a glossary term, which cite an excerpt, and an excerpt's
neighbours in its source section (the glossary view and the excerpt dialog show them)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from aco_tui.knowledge.citations import term_links
from aco_tui.knowledge.content import GLOSSARY_FILE, Content, GlossaryTerm, Section
from aco_tui.knowledge.store import Excerpt, ExcerptStore


@dataclass(frozen=True)
class Place:
    """A section somewhere in the content, with the title of its document."""

    doc_id: str
    doc_title: str
    section: Section

    @property
    def label(self) -> str:
        """ "Concepts › What an ACO is"."""
        return f"{self.doc_title} \u203a {self.section.title}"


def _places(content: Content) -> list[Place]:
    """Every section of the readable documents but the glossary, panes in order."""
    documents = sorted((d for d in content.documents.values() if d.id != GLOSSARY_FILE), key=lambda d: (d.order, d.id))
    return [Place(d.id, d.title, s) for d in documents for s in d.sections]


def _name_pattern(term: GlossaryTerm) -> re.Pattern[str]:
    """A term's names as whole words; an acronym (two capitals or more) must match its case."""
    exact: list[str] = []
    folded: list[str] = []
    for name in dict.fromkeys((term.term, *term.aliases)):
        (exact if sum(c.isupper() for c in name) >= 2 else folded).append(re.escape(name))
    parts = [rf"(?-i:\b(?:{'|'.join(exact)})\b)"] if exact else []
    parts += [rf"\b(?:{'|'.join(folded)})\b"] if folded else []
    return re.compile("|".join(parts), re.IGNORECASE)


def term_usage(content: Content) -> dict[str, list[Place]]:
    """For each glossary term id, the sections that link it or name it (by its name or another name),
    in reading order."""
    places = _places(content)
    usage: dict[str, list[Place]] = {}
    for term in content.glossary.values():
        pattern = _name_pattern(term)
        usage[term.id] = [
            p
            for p in places
            if any(slug == term.id for _w, slug in term_links(p.section.body))
            or pattern.search(p.section.plain)
            or pattern.search(p.section.title)
        ]
    return usage


def excerpt_usage(content: Content) -> dict[str, list[Place]]:
    """For each excerpt id, the sections that cite it, in reading order."""
    usage: dict[str, list[Place]] = {}
    for place in _places(content):
        for excerpt_id in place.section.citations:
            usage.setdefault(excerpt_id, []).append(place)
    return usage


def neighbours(store: ExcerptStore, excerpt_id: str) -> tuple[Excerpt | None, Excerpt | None]:
    """The excerpts just before and after ``excerpt_id`` in the same section of the same source (in
    store order, which follows the source), or None at either end."""
    excerpt = store.excerpts.get(excerpt_id)
    if excerpt is None:
        return None, None
    same = [e for e in store.excerpts.values() if e.source == excerpt.source and e.section == excerpt.section]
    at = same.index(excerpt)
    return (same[at - 1] if at > 0 else None), (same[at + 1] if at + 1 < len(same) else None)
