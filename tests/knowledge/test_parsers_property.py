"""Property tests for the parsers that take authored text: front matter and citations."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from aco_tui.knowledge.citations import cited_ids, find_citations, link_citations, slugify, strip_citations
from aco_tui.knowledge.content import parse_document
from aco_tui.knowledge.frontmatter import parse_front_matter, split_front_matter

ids = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}", fullmatch=True)
keys = st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)
values = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40).map(str.strip)


@given(st.dictionaries(keys, values, max_size=6))
def test_front_matter_round_trip(mapping):
    block = "".join(f"{k}: {v}\n" for k, v in mapping.items())
    parsed, errors = parse_front_matter(block)
    expected = {k: (v[1:-1] if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"" else v) for k, v in mapping.items()}
    assert errors == [] and parsed == expected


@given(st.text(max_size=300))
def test_any_text_gives_values_or_errors_one_per_line(text):
    values, errors = parse_front_matter(text, first_line=2)
    counted = [line for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    assert len(values) + len(errors) == len(counted)  # every line read: a value, or an error naming it
    assert all(2 <= e.line < 2 + len(text.splitlines()) for e in errors)
    assert all(re.fullmatch(r"[a-z][a-z0-9_-]*", key) and isinstance(value, str) for key, value in values.items())


@given(st.text(max_size=300))
def test_split_front_matter_puts_the_text_back_together(text):
    block, body, body_line = split_front_matter(text)
    lines = text.splitlines(keepends=True)
    if block is None:
        assert (body, body_line) == (text, 1)
    else:
        assert lines[0].strip() == "---" and lines[body_line - 2].strip() == "---"
        assert "".join(lines[1 : body_line - 2]) == block and "".join(lines[body_line - 1 :]) == body


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_any_document_parses_or_says_why(tmp_path_factory, text):
    path = tmp_path_factory.getbasetemp() / "doc.md"
    document, problems = parse_document(path, text)
    assert document is not None or problems  # unusable only with a reason
    assert all(1 <= p.line <= len(text.splitlines()) + 1 for p in problems)
    document, problems = parse_document(path, "---\ntitle: t\norder: 1\nsummary: s\n---\n" + text)
    assert document is not None and (document.title, document.order, document.summary) == ("t", 1, "s")
    anchors = [section.id for section in document.sections]
    assert len(anchors) == len(set(anchors))  # every section can be linked to


@given(st.lists(st.lists(ids, min_size=1, max_size=3), max_size=5), st.lists(st.text(alphabet="abc .,\n", max_size=20)))
def test_citations_are_found_in_order(groups, fillers):
    text = ""
    for index, group in enumerate(groups):
        filler = fillers[index] if index < len(fillers) else " "
        text += filler + "[" + "; ".join("@" + i for i in group) + "]"
    found = find_citations(text)
    assert [c.excerpt_ids for c in found] == [tuple(g) for g in groups]
    assert all(c.malformed is None for c in found)
    flat = list(dict.fromkeys(i for g in groups for i in g))
    assert cited_ids(text) == flat
    linked, order = link_citations(text)
    assert order == flat and "[@" not in linked
    assert "[@" not in strip_citations(text)


@given(st.text(max_size=200))
def test_citations_in_any_text_are_ordered_spans_and_link_to_what_they_name(text):
    found = find_citations(text)
    assert all(text[c.start : c.end].startswith("[@") and text[c.end - 1] == "]" for c in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))  # in order, apart
    assert all(c.malformed is not None or c.excerpt_ids for c in found)  # a good one names an excerpt
    linked, order = link_citations(text)
    assert order == cited_ids(text)
    assert all(f"cite:{ident})" in linked for ident in order)


@given(st.lists(ids, min_size=1, max_size=4), st.text(alphabet="abc ", max_size=30).map(str.strip))
def test_strip_citations_leaves_the_words_and_closes_up_the_full_stop(cited, words):
    text = words + " [" + "; ".join("@" + i for i in cited) + "]."
    assert strip_citations(text) == words + "."


@given(st.text(max_size=200))
def test_slugify_gives_a_plain_slug_and_is_idempotent(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug  # lower-case words joined by single hyphens
    assert slugify(slug) == slug


@given(
    st.lists(st.from_regex(r"[A-Za-z0-9]+", fullmatch=True), min_size=1, max_size=6),
    st.lists(st.sampled_from([" ", "  ", " - ", ", ", ": ", " / ", "\u2014"]), min_size=5, max_size=5),
)
def test_slugify_joins_the_words_of_a_heading_with_hyphens(words, separators):
    heading = "".join(word + separators[i % len(separators)] for i, word in enumerate(words))
    assert slugify(heading) == "-".join(word.lower() for word in words)
