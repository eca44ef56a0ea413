"""The plain-text wrapper behind the long lists (aco_tui/text_wrap.py): examples and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from aco_tui.text_wrap import wrap

WORDS = st.text(alphabet=st.sampled_from("abcdefghij\u00e9\u4e2d\U0001f3e5-'"), min_size=1, max_size=30)
TEXTS = st.lists(st.tuples(WORDS, st.sampled_from([" ", "  ", "\n", "\t"])), max_size=40).map(
    lambda parts: "".join(w + sep for w, sep in parts))


def test_breaks_at_spaces_and_keeps_lines_within_width():
    assert wrap("the quick brown fox jumps over the lazy dog", 10) == [
        "the quick", "brown fox", "jumps over", "the lazy", "dog"]


def test_a_word_wider_than_the_line_is_cut():
    assert wrap("see supercalifragilistic now", 8) == ["see", "supercal", "ifragili", "stic now"]


def test_newlines_start_new_lines_and_spaces_collapse():
    assert wrap("one   two\nthree", 40) == ["one two", "three"]


def test_wide_characters_count_two_cells():
    assert wrap("\u4e2d\u6587 \u4e2d\u6587", 5) == ["\u4e2d\u6587", "\u4e2d\u6587"]
    assert wrap("\u4e2d\u6587\u4e2d", 4) == ["\u4e2d\u6587", "\u4e2d"]


def test_empty_text_is_one_empty_line_and_width_below_one_is_one():
    assert wrap("", 10) == [""]
    assert wrap("ab", 0) == ["a", "b"]


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=60))
def test_lines_fit_and_nothing_is_lost(text, width):
    lines = wrap(text, width)
    assert lines
    assert all(cell_len(line) <= max(width, 2) for line in lines)  # one wide character may exceed width 1
    assert "".join("".join(lines).split()) == "".join(text.split())
    assert all(line == line.strip() for line in lines)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=40),
       st.integers(min_value=12, max_value=60))
def test_same_lines_as_rich_for_words_that_fit(words, width):
    text = " ".join(words)
    rich_lines = [line.plain.rstrip() for line in Text(text).wrap(Console(width=width), width)]
    assert wrap(text, width) == rich_lines
