"""The plain-text renderer of ``aco-tui read``: each kind of block, citations and widths."""

from __future__ import annotations

from aco_tui.knowledge.blocks import display_text, parse_blocks
from aco_tui.render.plain import blocks_lines, footnote_lines


def plain(markdown: str, width: int | None = 40) -> str:
    return "\n".join(blocks_lines(parse_blocks(markdown), width))


def test_lists_keep_their_markers_and_hang_their_lines():
    assert plain("- one two three four five six seven\n- two", 20) == ("- one two three four\n  five six seven\n- two")
    assert plain("9. nine\n10. ten") == " 9. nine\n10. ten"
    assert plain("- a\n\n- b") == "- a\n\n- b"  # a loose list keeps its blank lines
    assert plain("- outer\n  - inner") == "- outer\n  - inner"


def test_quotes_code_rules_headings_and_links():
    assert plain("> quoted words here", 12) == "> quoted\n> words here"
    assert plain("    code  stays   as is") == "    code  stays   as is"
    assert plain("---", 80) == "-" * 40
    assert plain("#### Deep heading") == "#### Deep heading"
    assert plain("See [the term](term:aco) and [a site](https://example.org).") == (
        "See the term and a site\n<https://example.org>."
    )


def test_citations_are_numbered_markers_and_no_width_means_no_wrapping():
    shown = display_text("First claim. [@a-one] Second claim. [@a-two; @a-one]\nsame paragraph")
    assert shown.citations == ("a-one", "a-two")
    assert blocks_lines(shown.blocks, None) == ["First claim. [1] Second claim. [2][1] same paragraph"]


def test_tables_fit_as_columns_or_fall_back_to_records():
    table = "| Name | Says |\n|---|---|\n| Alpha | one two three |\n| Beta | four |\n"
    assert plain(table, 60).splitlines() == [
        "Name   Says",
        "-----  -------------",
        "Alpha  one two three",
        "Beta   four",
    ]
    assert plain(table, None).splitlines() == ["Name: Alpha", "  Says: one two three", "", "Name: Beta", "  Says: four"]


def test_footnotes_quote_the_excerpt_with_its_source(mini_kb):
    from aco_tui.knowledge.store import load_store

    store = load_store(mini_kb.store)
    assert footnote_lines(store, ["a-budget", "gone"], None) == [
        "Citations:",
        "[1] \u201cIt usually receives an annual, capitated budget.\u201d",
        "    A briefing",
        "    A Writer, A Library, 2018-01-09",
        "    Section: 1.1 What",
        "[2] gone (not in the excerpt store)",
    ]
    assert footnote_lines(store, [], 40) == []
