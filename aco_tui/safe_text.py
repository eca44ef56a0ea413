"""Outside text (excerpts, content, search queries) made safe to show: no control characters."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strip_control(text: str) -> str:
    """Remove control characters (ANSI escapes would otherwise reach the terminal)."""
    return _CONTROL.sub("", text)
