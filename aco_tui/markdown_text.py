"""Small helpers to put outside text (excerpts, search queries) into Markdown literally."""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Remove control characters (ANSI escapes would otherwise reach the terminal)."""
    return _CONTROL.sub("", text)


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown syntax so ``text`` renders exactly as written."""
    return _SPECIAL.sub(r"\\\1", strip_control(text))
