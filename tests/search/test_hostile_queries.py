"""Outside text given to the search: any query, however hostile, is parsed and answered without
raising, and nothing shown of a hit carries a control character. (What the screens show of hostile
text is in tests/ui/test_hostile_content.py.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    from search_fixtures import fixture_index

    return fixture_index(tmp_path_factory.mktemp("search"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    query=st.text(max_size=120)
    | st.from_regex(r'(kind|source|topic|type):("[^"]*"?|\S*)( \w+)*', fullmatch=True)
    | st.lists(
        st.sampled_from(
            [
                '"',
                "source:",
                "kind:term",
                "topic:",
                "\u201c",
                "\x1b[",
                "\x1b]8;;",
                "ACO",
                "Hawking",
                "*",
                "(",
                "\\",
                "\u202e",
                "\U0001f3e5",
                " ",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_search_find_never_raises_on_any_query(index, query):
    result = index.find(query, limit=10)
    assert not (result.problems and result.hits)
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    for hit in result.hits:
        assert "\x1b" not in hit.snippet
        for start, end in hit.snippet_spans:
            assert 0 <= start < end <= len(hit.snippet)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000))
def test_parse_query_is_total_and_bounded(text):
    from aco_tui.search.query import KINDS, MAX_QUERY_CHARS, parse_query

    parsed = parse_query(text)
    assert parsed.truncated == (len(text) > MAX_QUERY_CHARS)
    assert len(parsed.free) <= MAX_QUERY_CHARS
    assert all(k in KINDS for k in parsed.kinds)
    assert set(parsed.filters) <= {"source", "topic", "kind"}
    assert all('"' not in p for p in parsed.phrases)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.booleans())
def test_visible_and_strip_control_leave_no_control_character(text, keep_newlines):
    from aco_tui.safe_text import strip_control, visible

    shown = visible(text, keep_newlines)
    assert all(c.isprintable() or (keep_newlines and c == "\n") for c in shown)
    if text.isprintable():
        assert shown == text
    cleaned = strip_control(text)
    assert not any(ord(c) < 32 and c not in "\t\n" or 0x7F <= ord(c) < 0xA0 for c in cleaned)
