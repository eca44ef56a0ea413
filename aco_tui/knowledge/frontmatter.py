"""Front matter of content files: a strict ``key: value`` block between ``---`` lines.

Only flat string values are allowed, which is all the content needs, and every problem is
reported with its line number. (A YAML parser would accept far more than we can check.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^([a-z][a-z0-9_-]*)\s*:\s*(.*)$")


@dataclass(frozen=True)
class FrontMatterError:
    """One problem, with the 1-based line it is on."""

    line: int
    message: str


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Split ``text`` into (front matter block or None, body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    return None, text, 1


def parse_front_matter(block: str, first_line: int = 2) -> tuple[dict[str, str], list[FrontMatterError]]:
    """Parse ``key: value`` lines; blank lines and ``#`` comments are ignored.

    Values may be wrapped in matching single or double quotes, which are removed.
    """
    values: dict[str, str] = {}
    errors: list[FrontMatterError] = []
    for offset, raw in enumerate(block.splitlines()):
        line_no = first_line + offset
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _KEY.match(line)
        if not match:
            errors.append(FrontMatterError(line_no, f"expected 'key: value', found {raw.strip()[:40]!r}"))
            continue
        key, value = match.group(1), match.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        if key in values:
            errors.append(FrontMatterError(line_no, f"duplicate key {key!r}"))
            continue
        values[key] = value
    return values, errors
