"""The safe-text policies (aco_tui/safe_text.py): one per use, each with its own promise."""

from __future__ import annotations

import pytest

from aco_tui.safe_text import echo_quoted, log_quoted, strip_control, strip_control_in, visible


def test_strip_control_removes_escapes_but_keeps_tabs_and_newlines():
    assert strip_control("a\x1b[31mb\tc\nd\x9b") == "a[31mb\tc\nd"


def test_strip_control_in_cleans_every_string_of_a_document_keys_included():
    document = {"q\x1b": ["a\x07", {"b": "c\x00d"}], "n": 3, "t": True}
    assert strip_control_in(document) == {"q": ["a", {"b": "cd"}], "n": 3, "t": True}


@pytest.mark.parametrize(
    ("text", "keep_newlines", "expected"),
    [
        ("plain", False, "plain"),
        ("a\x1bb", False, "a\\x1bb"),
        ("right\u202eleft", False, "right\\u202eleft"),
        ("one\ntwo\tthree", False, "one two three"),
        ("one\ntwo", True, "one\ntwo"),
    ],
)
def test_visible_makes_control_characters_into_escapes(text, keep_newlines, expected):
    assert visible(text, keep_newlines) == expected


def test_echo_quoted_is_one_visible_capped_line_in_quotes():
    assert echo_quoted("  capitated \n budget ") == "'capitated budget'"
    assert echo_quoted("\x1b[2J") == "'\\x1b[2J'"
    long = echo_quoted("x" * 100)
    assert long == "'" + "x" * 59 + "\u2026'"


def test_log_quoted_uses_repr_escapes_and_caps_the_length():
    assert log_quoted("alice") == "'alice'"
    assert log_quoted("a\x1bb") == "'a\\x1bb'"
    assert log_quoted("\u00e9l\u00e8ve") == "'\u00e9l\u00e8ve'"  # printable non-ASCII stays readable
    assert log_quoted("y" * 100, 10) == "'" + "y" * 9 + "\u2026'"
