"""The citation and glossary-link syntax used in ``content/``.

* A citation is ``[@excerpt-id]`` or, for several excerpts, ``[@first-id; @second-id]``.
* A glossary link is an ordinary Markdown link with the ``term:`` scheme: ``[capitated budget](term:capitated-budget)``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EXCERPT_ID = r"[a-z0-9][a-z0-9.-]*"
_CITATION = re.compile(r"\[@([^\]\n]*)\]")
_ONE_ID = re.compile(rf"@({EXCERPT_ID})")
TERM_LINK = re.compile(r"\[([^\]\n]+)\]\(term:([^)\s]*)\)")
CITE_SCHEME = "cite:"  # the scheme of the numbered citation links made by link_citations
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,;:])")


@dataclass(frozen=True)
class Citation:
    """One ``[@...]`` group as written, with the ids it names."""

    start: int
    end: int
    excerpt_ids: tuple[str, ...]
    malformed: str | None = None


def find_citations(text: str) -> list[Citation]:
    """Every citation group in ``text``, in order; badly written ones carry ``malformed``."""
    found: list[Citation] = []
    for match in _CITATION.finditer(text):
        ids: list[str] = []
        malformed = None
        for part in ("@" + match.group(1)).split(";"):
            part = part.strip()
            one = _ONE_ID.fullmatch(part)
            if one:
                ids.append(one.group(1))
            else:
                malformed = f"bad citation {match.group(0)!r}: each id is written '@id' ([a-z0-9.-]), separated by ';'"
        found.append(Citation(match.start(), match.end(), tuple(ids), malformed))
    return found


def cited_ids(text: str) -> list[str]:
    """The excerpt ids cited in ``text``, first mention first, without repeats."""
    seen: dict[str, None] = {}
    for citation in find_citations(text):
        for ident in citation.excerpt_ids:
            seen.setdefault(ident, None)
    return list(seen)


def strip_citations(text: str) -> str:
    """``text`` with citation groups removed and glossary links reduced to their words."""
    text = _CITATION.sub("", text)
    text = TERM_LINK.sub(r"\1", text)
    return close_up_punctuation(text)


def close_up_punctuation(text: str) -> str:
    """``text`` without the spaces a removed citation leaves before punctuation ("said [@id]." -> "said.")."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)


def term_links(text: str) -> list[tuple[str, str]]:
    """Every glossary link in ``text`` as (words shown, term slug)."""
    return [(m.group(1), m.group(2)) for m in TERM_LINK.finditer(text)]


def slugify(text: str) -> str:
    """A stable anchor or term id: lower case words joined by hyphens."""
    text = text.lower().replace("&", " and ").replace("'", "").replace("\u2019", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


def link_citations(text: str) -> tuple[str, list[str]]:
    """Turn each ``[@id]`` group into numbered ``cite:`` links for display.

    Returns the Markdown with markers like ``[1]`` linking to ``cite:<id>``, and the cited ids in
    marker order (an id cited twice keeps its first number).
    """
    numbers: dict[str, int] = {}
    pieces: list[str] = []
    at = 0
    for citation in find_citations(text):
        pieces.append(text[at : citation.start])
        links = []
        for ident in citation.excerpt_ids:
            number = numbers.setdefault(ident, len(numbers) + 1)
            links.append(f"[\\[{number}\\]]({CITE_SCHEME}{ident})")
        pieces.append("".join(links) if links else text[citation.start : citation.end])
        at = citation.end
    pieces.append(text[at:])
    return "".join(pieces), list(numbers)
