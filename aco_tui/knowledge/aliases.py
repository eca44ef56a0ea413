"""Search aliases, kept with the content in ``content/aliases.toml``: the words trainees use for what
the sources call something else.

Two tables, both optional::

    [words]       # what a trainee may type (a word or a phrase) = what the sources say instead
    paid = ["capitated budget", "payment"]
    "put on hold" = ["delay"]

    [sections]    # "pane#section" = other names for what the section is about
    "contract-models#three-levels-of-gp-integration" = ["GP contract"]

The search index expands a query's words with ``[words]`` (the typed words then count for little) and
indexes a section's aliases with its heading. ``aco-tui check`` reports every problem with its line:
bad TOML, unknown tables, values that are not lists of words, sections that do not exist, and word
aliases whose replacement the content never uses. Nothing here is shown to a reader as a fact.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aco_tui.knowledge.locations import ALIASES_FILE

if TYPE_CHECKING:
    from aco_tui.knowledge.content import Content

TABLES = ("words", "sections")
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Aliases:
    """The alias tables; ``problems`` are (line, message) pairs for ``aco-tui check``."""

    words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sections: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: list[tuple[int, str]] = field(default_factory=list)
    source: str = field(default="", repr=False)  # the file's text, for line numbers


def _line_of(text: str, key: str) -> int:
    """The line a key is written on (1 if it cannot be found)."""
    pattern = re.compile(rf"^[ \t]*(?:\"{re.escape(key)}\"|'{re.escape(key)}'|{re.escape(key)})\s*=", re.MULTILINE)
    match = pattern.search(text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def parse_aliases(text: str) -> Aliases:
    """The alias tables of ``text`` (TOML), with every problem found in its structure."""
    aliases = Aliases(source=text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        line = int(m.group(1)) if (m := re.search(r"line (\d+)", str(err))) else 1
        aliases.problems.append((line, f"not valid TOML: {err}"))
        return aliases
    for name, table in data.items():
        if name not in TABLES or not isinstance(table, dict):
            header = re.search(rf"^[ \t]*\[[ \t]*\"?{re.escape(name)}\"?\s*\]", text, re.MULTILINE)
            line = text.count("\n", 0, header.start()) + 1 if header else _line_of(text, name)
            aliases.problems.append((line, f"unknown table {name!r}: the tables are [words] and [sections]"))
            continue
        for key, value in table.items():
            line = _line_of(text, key)
            if not key.strip() or not _WORD.search(key):
                aliases.problems.append((line, f"[{name}] {key!r}: a key needs at least one word"))
                continue
            if not (isinstance(value, list) and value and all(isinstance(v, str) and _WORD.search(v) for v in value)):
                aliases.problems.append(
                    (line, f'[{name}] {key!r}: the value must be a list of words, e.g. ["capitated budget", "payment"]')
                )
                continue
            getattr(aliases, name)[key.strip()] = tuple(v.strip() for v in value)
    return aliases


def load_aliases(content_root: Path) -> Aliases:
    """``content/aliases.toml`` (no aliases when there is none; a file that cannot be read is a problem)."""
    path = Path(content_root) / ALIASES_FILE
    if not path.exists():
        return Aliases()
    try:
        return parse_aliases(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        return Aliases(problems=[(0, f"cannot read the file: {err}")])


def alias_problems(aliases: Aliases, content: Content) -> list[tuple[int, str]]:
    """Aliases that point nowhere: unknown sections, and word aliases whose replacements the content
    (sections and glossary) never uses."""
    problems: list[tuple[int, str]] = []
    text = " ".join(
        [
            *(s.plain for s in content.all_sections()),
            *(" ".join((t.term, *t.aliases, t.plain)) for t in content.glossary.values()),
        ]
    ).casefold()
    words = set(_WORD.findall(text))
    for key, replacements in aliases.words.items():
        for replacement in replacements:
            wanted = _WORD.findall(replacement.casefold())
            if not all(w in words for w in wanted):
                problems.append(
                    (_line_of(aliases.source, key), f"[words] {key!r}: {replacement!r} is not used in the content")
                )
    for key in aliases.sections:
        pane, _, section = key.partition("#")
        document = content.documents.get(pane)
        if document is None or document.section(section) is None:
            problems.append(
                (
                    _line_of(aliases.source, key),
                    f"[sections] {key!r}: no such section (write it as 'pane#section-name')",
                )
            )
    return problems
