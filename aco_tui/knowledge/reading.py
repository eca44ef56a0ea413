"""Finding what to read by name: a pane's document, a section by its slug or heading words, and a
section together with the subsections beneath it (a ``##`` heading with only ``###`` headings under
it reads as their parent, not as an empty page).

Used by ``aco-tui read`` and by the app; no Textual or Rich here.
"""

from __future__ import annotations

import re

from aco_tui.knowledge.citations import slugify
from aco_tui.knowledge.content import GLOSSARY_FILE, PANE_FILES, Content, Document, Section

READABLE = (*PANE_FILES, GLOSSARY_FILE)  # what ``aco-tui read`` can print, in order
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class NotFound(LookupError):
    """Nothing (or more than one thing) answers to a name; the message says what exists."""


def readable_documents(content: Content) -> list[Document]:
    """The documents ``aco-tui read`` prints, panes in order, then the glossary."""
    return [content.documents[name] for name in READABLE if name in content.documents]


def find_document(content: Content, name: str) -> Document:
    """The document called ``name``: its id, its title, or the start of either if only one fits.

    Raises:
        NotFound: no document, or several, answer to ``name`` (the message lists the names).
    """
    documents = readable_documents(content)
    wanted = slugify(name)
    for document in documents:
        if wanted in (document.id, slugify(document.title)):
            return document
    starts = [d for d in documents if d.id.startswith(wanted) or slugify(d.title).startswith(wanted)]
    if len(starts) == 1 and name.strip():
        return starts[0]
    names = ", ".join(d.id for d in documents)
    raise NotFound(f"no pane {name!r}; the panes are: {names}")


def _words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def find_section(content: Content, document: Document, name: str) -> Section:
    """The section of ``document`` that ``name`` names: its slug, its whole heading, or words of
    its heading (each word the start of a heading word, in any order); in the glossary, also a
    term's other names ("accountable care organisation" finds "ACO").

    Raises:
        NotFound: no section, or several, match (the message lists them).
    """
    wanted = slugify(name)
    sections = document.sections
    exact = [s for s in sections if wanted in (s.id, slugify(s.title))]
    if exact:
        return exact[0]
    if document.id == GLOSSARY_FILE:
        term = content.term_for(name)
        found = document.section(term.id) if term is not None else None
        if found is not None:
            return found
    words = _words(name)
    matches = [s for s in sections if words and all(any(t.startswith(w) for t in _words(s.title)) for w in words)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = "; ".join(f"{s.id}" for s in matches[:12]) + ("; ..." if len(matches) > 12 else "")
        raise NotFound(
            f"{name!r} matches {len(matches)} sections of {document.id}: {listed}; "
            "give more words or one of these names"
        )
    listed = ", ".join(s.id for s in sections)
    raise NotFound(f"no section {name!r} in {document.id}; its sections are: {listed}")


def with_subsections(document: Document, section: Section) -> list[Section]:
    """``section`` and the sections under it (deeper headings up to the next one at its level)."""
    start = document.sections.index(section)
    out = [section]
    for following in document.sections[start + 1 :]:
        if following.level <= section.level or following.id == "overview":
            break
        out.append(following)
    return out
