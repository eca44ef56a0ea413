"""The one plain-text wrapper (aco_tui/text_wrap.py), behind the long lists and lookup: examples and properties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from aco_tui.text_wrap import cell_len as own_cell_len
from aco_tui.text_wrap import wrap, wrap_spans

WORDS = st.text(alphabet=st.sampled_from("abcdefghij\u00e9\u4e2d\U0001f3e5-'"), min_size=1, max_size=30)
TEXTS = st.lists(st.tuples(WORDS, st.sampled_from([" ", "  ", "\n", "\t"])), max_size=40).map(
    lambda parts: "".join(w + sep for w, sep in parts)
)


def test_breaks_at_spaces_and_keeps_lines_within_width():
    assert wrap("the quick brown fox jumps over the lazy dog", 10) == [
        "the quick",
        "brown fox",
        "jumps over",
        "the lazy",
        "dog",
    ]


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
@given(
    st.lists(st.text(alphabet="abcdefghij", min_size=1, max_size=12), min_size=1, max_size=40),
    st.integers(min_value=12, max_value=60),
)
def test_same_lines_as_rich_for_words_that_fit(words, width):
    text = " ".join(words)
    rich_lines = [line.plain.rstrip() for line in Text(text).wrap(Console(width=width), width)]
    assert wrap(text, width) == rich_lines


def test_spans_follow_their_words_onto_each_line():
    text = "the capitated budget pays for care"
    start = text.index("capitated budget")
    assert wrap_spans(text, 12, [(start, start + len("capitated budget"))]) == [
        ("the", []),
        ("capitated", [(0, 9)]),
        ("budget pays", [(0, 6)]),
        ("for care", []),
    ]


def test_span_wrapping_counts_wide_characters_as_two_cells():
    text = "\u4e2d\u6587\u4e2d\u6587 ACO \u4e2d\u6587\u4e2d\u6587"  # 8 cells, 3, 8: 4 characters fill a line of 8
    aco = text.index("ACO")
    assert wrap_spans(text, 8, [(aco, aco + 3)]) == [
        ("\u4e2d\u6587\u4e2d\u6587", []),
        ("ACO", [(0, 3)]),
        ("\u4e2d\u6587\u4e2d\u6587", []),
    ]
    lines = wrap_spans("\u4e2d\u6587 \u4e2d\u6587", 5, [(1, 4)])
    assert lines == [("\u4e2d\u6587", [(1, 2)]), ("\u4e2d\u6587", [(0, 1)])]


def test_span_wrapping_maps_through_collapsed_spaces_and_newlines():
    text = "one   two\nthree"
    assert wrap_spans(text, 40, [(3, 16)]) == [("one two", [(3, 7)]), ("three", [(0, 5)])]
    assert wrap_spans(text, 40, [(4, 16)]) == [("one two", [(4, 7)]), ("three", [(0, 5)])]
    assert wrap_spans(text, 40, [(3, 6)]) == [("one two", [(3, 4)]), ("three", [])]  # only spaces: the kept one


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=60), st.data())
def test_spans_mark_the_same_characters_after_wrapping(text, width, data):
    start = data.draw(st.integers(min_value=0, max_value=len(text)))
    end = data.draw(st.integers(min_value=start, max_value=len(text)))
    wrapped = wrap_spans(text, width, [(start, end)])
    assert [line for line, _spans in wrapped] == wrap(text, width)
    marked = "".join(line[s:e] for line, spans in wrapped for s, e in spans)
    assert "".join(marked.split()) == "".join(text[start:end].split())
    assert all(0 <= s < e <= len(line) for line, spans in wrapped for s, e in spans)


@given(
    st.text(
        alphabet=st.sampled_from(
            "abc \u00e9\u00b7\u2014\u2026\u203a\u4e2d\uff21\U0001f3e5\u0301\u200b\u0410\u05d0\u3042\uac00"
        ),
        max_size=30,
    )
)
def test_cell_widths_agree_with_rich(text):
    assert own_cell_len(text) == cell_len(text)
