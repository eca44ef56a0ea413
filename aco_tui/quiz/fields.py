"""Validation helpers shared by the question and session parsers (values from ``tomllib``)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

LEVELS = ("intro", "core", "advanced")
FEEDBACK = ("immediate", "deferred")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SECTION_LINK = re.compile(r"^([a-z0-9][a-z0-9-]*)#([a-z0-9][a-z0-9-]*)$")  # "pane#heading-slug"


def normalise_space(value: str) -> str:
    """Collapse runs of whitespace (TOML multi-line strings keep their newlines)."""
    return " ".join(value.split())


class Invalid(Exception):
    """One problem with one table; the parsers turn it into ``ValueError`` for their callers."""


def req_text(table: dict[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise Invalid(f"{key!r} must be a non-empty string")
    return normalise_space(value)


def req_texts(table: dict[str, Any], key: str, minimum: int, what: str = "item") -> tuple[str, ...]:
    value = table.get(key)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise Invalid(f"{key!r} must be a list of non-empty strings")
    if len(value) < minimum:
        raise Invalid(f"{key!r} needs at least {minimum} {what}(s), found {len(value)}")
    return tuple(normalise_space(v) for v in value)


def unique(values: Iterable[str], what: str) -> None:
    seen = Counter(v.casefold() for v in values)
    repeated = sorted(v for v, n in seen.items() if n > 1)
    if repeated:
        raise Invalid(f"{what} must be unique; repeated: {', '.join(repr(r) for r in repeated)}")


def section_links(table: dict[str, Any], key: str, panes: tuple[str, ...]) -> tuple[str, ...]:
    """An optional list of ``"pane#slug"`` links (``()`` when the key is absent); the pane must be one of
    ``panes``. Whether each slug names a real section is checked against the content elsewhere."""
    if key not in table:
        return ()
    links = req_texts(table, key, 1, "section link")
    for link in links:
        match = SECTION_LINK.match(link)
        if not match:
            raise Invalid(
                f'{key!r}: {link!r} is not a section link like "concepts#what-an-aco-is" '
                "(pane, '#', the heading's slug)"
            )
        if match.group(1) not in panes:
            raise Invalid(f"{key!r}: {link!r} names no pane; the pane must be one of {', '.join(panes)}")
    unique(links, repr(key))
    return links


def choice(table: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
    value = table.get(key)
    if value not in allowed:
        raise Invalid(f"{key!r} must be one of {', '.join(allowed)} (found {value!r})")
    return str(value)


def one_or_many(value: object, allowed: tuple[str, ...], key: str) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(v in allowed for v in values):
        raise Invalid(f"{key!r} must be one of {', '.join(allowed)}, or a list of them (found {value!r})")
    return tuple(values)


def number(table: dict[str, Any], key: str, low: float, high: float | None = None, number_ok: bool = False) -> float:
    value = table.get(key)
    kinds = (int, float) if number_ok else (int,)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise Invalid(f"{key!r} must be {'a number' if number_ok else 'an integer'} {bound} (found {value!r})")
    return value


def normalise_short(text: str) -> str:
    """Case, spacing and punctuation forgiven: NFKC, casefolded, letters and digits only (idempotent)."""
    for _ in range(4):  # removing punctuation can let neighbours compose; stop at the fixed point
        folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
        cleaned = "".join(ch for ch in folded if ch.isalnum())
        if cleaned == text:
            break
        text = cleaned
    return text
