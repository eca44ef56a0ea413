"""Outside text (excerpts, content, questions, queries, SSH input) made safe to show: one policy per use.

| policy              | for                                           | control characters become        |
|---------------------|-----------------------------------------------|----------------------------------|
| ``strip_control``   | text drawn by the app (Textual)               | nothing (removed)                |
| ``strip_control_in``| every string of a parsed TOML document        | nothing (removed)                |
| ``visible``         | text printed line by line (``lookup``, quiz)  | escapes such as ``\\x1b``         |
| ``echo_quoted``     | a user's words echoed back in a message       | escapes, on one capped line      |
| ``log_quoted``      | a client's words in a log line or SSH refusal | Python ``repr``/``ascii`` escapes |

Imports only :mod:`re` (already loaded by argparse), so the ``lookup`` cold path can use it.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ECHO_CHARS = 60
LOG_CHARS = 80


def strip_control(text: str) -> str:
    """Remove control characters (ANSI escapes would otherwise reach the terminal); tabs and newlines stay."""
    return _CONTROL.sub("", text)


def strip_control_in(value: Any) -> Any:
    """``value`` (a parsed document: strings, lists, dicts, keys included) with :func:`strip_control`
    applied to every string; other values are returned as they are."""
    if isinstance(value, str):
        return strip_control(value)
    if isinstance(value, list):
        return [strip_control_in(v) for v in value]
    if isinstance(value, dict):
        return {strip_control_in(k): strip_control_in(v) for k, v in value.items()}
    return value


def escaped(char: str) -> str:
    """One character as a visible escape: ``\\x1b``, ``\\u202e``; a byte that was not UTF-8 (in a
    command-line argument or file name, Python keeps it as a lone surrogate) as that byte, ``\\xff``."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """``text`` safe to print: control and format characters (ANSI escapes, bidi overrides...)
    become visible escapes such as ``\\x1b``; other whitespace becomes a space."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif char == "\n" and keep_newlines:
            out.append(char)
        elif char.isspace():
            out.append(" ")
        else:
            out.append(escaped(char))
    return "".join(out)


def echo_quoted(text: str, limit: int = ECHO_CHARS) -> str:
    """A user's words (a query, a term) echoed back in a message: single-spaced, :func:`visible`,
    at most ``limit`` characters (then "…"), in single quotes."""
    shown = visible(" ".join(text.split()))
    shown = shown if len(shown) <= limit else shown[: limit - 1] + "\u2026"
    return f"'{shown}'"


def log_quoted(text: str, limit: int = LOG_CHARS) -> str:
    """``text`` quoted for a log line or a refusal message: control characters escaped, length capped."""
    text = text if len(text) <= limit else text[: limit - 1] + "\u2026"
    return ascii(text) if not text.isprintable() else repr(text)
