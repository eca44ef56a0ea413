"""Parsing what the user typed: free words, ``"quoted phrases"`` and ``key:value`` filters.

Filters: ``source:ID`` (excerpts of one source), ``topic:NAME`` (one of the store's topics),
``kind:term|section|excerpt``. Several values of one key widen the filter (OR); different keys
narrow it (AND). Unknown ``key:`` prefixes are ordinary words. Nothing here is a regex built from
user input, so metacharacters are just characters.
"""

from __future__ import annotations

import re

KINDS = ("term", "section", "excerpt")
_KIND_NAMES = {
    "term": "term",
    "terms": "term",
    "glossary": "term",
    "definition": "term",
    "section": "section",
    "sections": "section",
    "content": "section",
    "excerpt": "excerpt",
    "excerpts": "excerpt",
    "quote": "excerpt",
    "quotes": "excerpt",
}
FILTER_KEYS = ("source", "topic", "kind")
# key:"several words" or key:value, only at the start of a word. Compiled on first use (re caches them).
_FILTER = r"(?<!\S)(source|topic|kind|type):(?:\"([^\"]*)\"|(\S*))"
_PHRASE = r"\"([^\"]*)\""
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"'})
MAX_QUERY_CHARS = 2000
_ANSI = r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.?)"


class ParsedQuery:
    """A query split into its parts; ``problems`` are usage errors (e.g. ``kind:banana``)."""

    __slots__ = ("text", "free", "phrases", "filters", "problems", "truncated")

    def __init__(
        self,
        text: str,
        free: str,
        phrases: list[str],
        filters: dict[str, list[str]],
        problems: list[str],
        truncated: bool,
    ) -> None:
        self.text = text
        self.free = free
        self.phrases = phrases
        self.filters = filters
        self.problems = problems
        self.truncated = truncated

    @property
    def kinds(self) -> list[str]:
        return self.filters.get("kind", [])

    def __repr__(self) -> str:
        return (
            f"ParsedQuery(free={self.free!r}, phrases={self.phrases!r}, filters={self.filters!r}, "
            f"problems={self.problems!r})"
        )


def parse_query(text: str) -> ParsedQuery:
    """Split ``text`` into free words, quoted phrases and filters.

    Curly quotes count as straight ones; an unmatched quote is ignored. Queries longer than
    :data:`MAX_QUERY_CHARS` are cut there (``truncated`` says so).
    """
    truncated = len(text) > MAX_QUERY_CHARS
    original = text
    text = text[:MAX_QUERY_CHARS].translate(_QUOTES)
    if "\x1b" in text:  # pasted colour codes are not words (the echo still shows them, escaped)
        text = re.sub(_ANSI, " ", text)
    filters: dict[str, list[str]] = {}
    problems: list[str] = []

    def take_filter(match: re.Match[str]) -> str:
        key = match.group(1).lower()
        key = "kind" if key == "type" else key
        value = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
        if not value:
            problems.append(f"{key}: needs a value, e.g. {_EXAMPLES[key]}")
            return " "
        if key == "kind":
            kind = _KIND_NAMES.get(value.lower())
            if kind is None:
                problems.append(f"unknown kind {value!r}: use kind:term, kind:section or kind:excerpt")
                return " "
            value = kind
        else:
            value = value.lower()
        values = filters.setdefault(key, [])
        if value not in values:
            values.append(value)
        return " "

    if ":" in text:
        text = re.sub(_FILTER, take_filter, text, flags=re.IGNORECASE)
    if '"' not in text:
        return ParsedQuery(original, text, [], filters, problems, truncated)
    phrases = [p.strip() for p in re.findall(_PHRASE, text) if p.strip()]
    free = re.sub(_PHRASE, " ", text).replace('"', " ")
    return ParsedQuery(original, free, phrases, filters, problems, truncated)


_EXAMPLES = {"source": "source:hoc-cbp-8190", "topic": "topic:legal-challenges", "kind": "kind:term"}
