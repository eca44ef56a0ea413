"""Hostile text on screen: content, excerpts, sources, terms, quiz questions and queries carrying Rich
markup, ANSI escapes and 300-character words are shown literally and wrapped, never interpreted.
(The parsers of outside text are fuzzed in tests/search/test_hostile_queries.py and
tests/knowledge/test_hostile_files.py.)

What reaches the terminal is read from the compositor's strips (the cells Textual would write), so
a raw ESC in a segment is an escape sequence the terminal would obey.
"""

from __future__ import annotations

import json

import pytest
from helpers import make_app, region_text, screen_rows, settle, wait_until
from kbfixtures import EXCERPTS, FILES, SOURCES, write_knowledge

from aco_tui.knowledge.base import load_knowledge
from aco_tui.knowledge.citations import slugify

MARKUP = "[bold red]x[/]"
LINK = "[link=file:///etc/passwd]click[/link]"
ANSI = "\x1b[31mRED\x1b[0m"
SHOWN_ANSI = "RED"  # what must be shown of ANSI: the ESC may be dropped or made visible, never sent
LONG = "\u0416" * 300  # one 300-character word of a letter that appears nowhere else
HOSTILE = f"{MARKUP} {LINK} {ANSI} {LONG}"
HEADING = f"Heading {MARKUP} {LINK}"
TERM = f"Markup {MARKUP}"
EVENT = f"Hawking {MARKUP} joins"
SIZE = (160, 50)

QUIZ = f"""
[[question]]
id = "con-hostile"
topic = "concepts"
level = "intro"
type = "single"
question = "Which {MARKUP} \\u001b[31mRED\\u001b[0m is right?"
correct = "Right {LINK}"
wrong = ["Wrong {MARKUP}", "Wrong two", "Wrong three"]
explanation = "Because {MARKUP}."
excerpts = ["a-definition"]
"""
SESSIONS = """
[[session]]
name = "hostile"
title = "Hostile [bold]session[/]"
seed = 1
pass_mark = 50
feedback = "immediate"
questions = ["con-hostile"]
"""


def build_hostile(root, *, heading: str = "What is an ACO?"):
    """The mini knowledge base with hostile text in every place the app shows outside text."""
    excerpts = json.loads(json.dumps(EXCERPTS))
    excerpts["1"]["text"] = f"An ACO {HOSTILE}"
    excerpts["3"]["speaker"] = f"Speaker {MARKUP}"
    excerpts["3"]["text"] = f"Hawking joined {HOSTILE}"
    files = {
        "concepts.md": FILES["concepts.md"].replace("## What is an ACO?\n\n", f"## {heading}\n\n{HOSTILE}\n\n"),
        "timeline.md": FILES["timeline.md"]
        .replace("Hawking joins", EVENT)
        .replace("He joined the case.", f"He joined the case {MARKUP} {LINK}."),
        "glossary.md": FILES["glossary.md"] + f"\n## {TERM}\n\nDefined as {HOSTILE} [@a-definition]\n",
    }
    paths = write_knowledge(root, excerpts=excerpts, files=files)
    store = json.loads(paths.store.read_text(encoding="utf-8"))
    store["sources"] = json.loads(json.dumps(SOURCES))
    store["sources"]["1"]["publisher"] = f"Publisher {MARKUP}"
    store["sources"]["1"]["title"] = f"Title {LINK} {ANSI}"
    paths.store.write_text(json.dumps(store), encoding="utf-8")
    quiz = paths.content / "quiz"
    quiz.mkdir()
    (quiz / "concepts.toml").write_text(QUIZ, encoding="utf-8")
    (quiz / "sessions.toml").write_text(SESSIONS, encoding="utf-8")
    knowledge = load_knowledge(paths)
    assert not [p for p in knowledge.problems if p.fatal], knowledge.problems
    return knowledge


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory):
    """Hostile bodies, excerpts, sources, terms, timeline titles and quiz text; plain pane headings."""
    return build_hostile(tmp_path_factory.mktemp("hostile"))


@pytest.fixture(scope="module")
def hostile_heading_kb(tmp_path_factory):
    """As :func:`hostile_kb`, and a pane heading with markup in it too."""
    return build_hostile(tmp_path_factory.mktemp("hostile-heading"), heading=HEADING)


# -- reading the screen ----------------------------------------------------------------------------


def flat(text: str) -> str:
    """Text without whitespace, so that a wrapped literal can be found."""
    return "".join(text.split())


def assert_literal(shown: str, *literals: str) -> None:
    for literal in literals:
        assert flat(literal) in flat(shown), f"{literal!r} is not shown literally in:\n{shown}"


def palette_titles(app) -> list[str]:
    """The plain text of every entry the command palette lists (first lines), scrolled into view or not."""
    from textual.command import CommandList

    found = app.screen.query(CommandList)
    if not found:
        return []
    commands = found.first()
    return [str(commands.get_option_at_index(n).prompt).split("\n")[0] for n in range(commands.option_count)]


def assert_nothing_interpreted(app) -> None:
    """No control character and no link to a local file reaches the terminal."""
    for row in screen_rows(app):
        for segment in row:
            assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in segment.text), (
                f"control character sent to the terminal: {segment.text!r}"
            )
            link = segment.style.link if segment.style else None
            assert not (link and link.startswith("file:")), f"link to {link} on screen"


def assert_long_word_wrapped(app, widget) -> None:
    shown = region_text(app, widget)
    assert widget.region.width < len(LONG)
    assert shown.count(LONG[0]) == len(LONG), "the long word is cut instead of wrapped"


async def wait_for_hits(app, pilot) -> None:
    await wait_until(pilot, lambda: getattr(app.screen, "hits", None), "the search screen shows hits")
    await settle(pilot)


# -- markup shown literally, long words wrapped -----------------------------------------------------


async def test_document_pane_shows_markup_literally_and_wraps_long_words(hostile_kb, tmp_path):
    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.active_pane
        reader = pane.query_one(".reader")
        assert_literal(region_text(app, reader), MARKUP, LINK, SHOWN_ANSI)
        assert_long_word_wrapped(app, reader)
        markdown = pane.query_one(".section")
        assert MARKUP in markdown.plain and LONG in markdown.plain


async def test_heading_with_markup_is_shown_literally_in_the_contents(hostile_heading_kb, tmp_path):
    """Regression: the contents list once parsed headings as markup ('[link=file:...]' crashed the app)."""
    app = make_app(hostile_heading_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.active_pane
        assert_literal(region_text(app, pane.query_one(".reader")), HEADING)
        assert_literal(region_text(app, pane.query_one(".toc")), HEADING)


async def test_citation_dialog_and_list_are_literal(hostile_kb, tmp_path):
    from aco_tui.ui.screens.citation import CitationScreen
    from aco_tui.ui.screens.pickers import ChoiceScreen

    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen)
        assert_literal(region_text(app, app.screen.query_one(".dialog")), MARKUP)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CitationScreen)
        dialog = app.screen.query_one(".dialog")
        assert_literal(region_text(app, dialog), MARKUP, LINK, SHOWN_ANSI, f"Title {LINK}")
        assert_long_word_wrapped(app, app.screen.query_one("#citation-text"))


async def test_glossary_term_dialog_is_literal(hostile_kb, tmp_path):
    from aco_tui.ui.screens.term import TermScreen

    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.open_term(slugify(TERM))
        await settle(pilot)
        assert isinstance(app.screen, TermScreen)
        assert_literal(region_text(app, app.screen.query_one(".dialog")), TERM, MARKUP, LINK, SHOWN_ANSI)
        assert_long_word_wrapped(app, app.screen.query_one(".term-definition"))


async def test_sources_pane_is_literal(hostile_kb, tmp_path):
    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("6")
        await settle(pilot)
        pane = app.screen.active_pane
        assert_literal(region_text(app, pane.query_one("#source-list")), f"Publisher {MARKUP}")
        assert_literal(region_text(app, pane.query_one("#excerpt-list")), MARKUP, LINK)
        pane.query_one("#source-list").focus()
        await pilot.press("down")
        await settle(pilot)
        assert_literal(region_text(app, pane.query_one("#source-meta")), f"Title {LINK}")


async def test_timeline_and_commentary_are_literal(hostile_kb, tmp_path):
    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        await settle(pilot)
        pane = app.screen.active_pane
        assert_literal(region_text(app, pane.query_one("#timeline-events")), EVENT)
        assert_literal(region_text(app, pane.query_one(".reader")), EVENT, MARKUP)
        await pilot.press("4")
        await settle(pilot)
        reader = app.screen.active_pane.query_one(".reader")
        assert_literal(region_text(app, reader), f"Speaker {MARKUP}", MARKUP, LINK, SHOWN_ANSI)
        assert_long_word_wrapped(app, reader)
        assert_nothing_interpreted(app)  # the voices are literal spans; the store dropped their controls


async def test_search_results_are_literal(hostile_kb, tmp_path):
    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_view("search", app, pilot)
        results = region_text(app, app.screen.query_one("#search-results"))
        assert "Hawking" in results
        assert_literal(results, SHOWN_ANSI)
        assert_nothing_interpreted(app)  # hit_label strips controls


async def test_search_query_with_markup_and_escapes_is_typed_literally(hostile_kb, tmp_path):
    from textual import events

    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        app.post_message(events.Paste(f"{MARKUP} {ANSI} Hawking"))
        await wait_for_hits(app, pilot)
        query = app.screen.query_one("#search-input")
        assert MARKUP in query.value
        assert_literal(region_text(app, query), MARKUP)


@pytest.mark.parametrize("where", ["search", "sources"])
async def test_pasted_escape_codes_are_not_echoed(hostile_kb, tmp_path, where):
    """Regression: a pasted ANSI escape was once echoed raw by the search and filter inputs."""
    from textual import events

    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash" if where == "search" else "6")
        await settle(pilot)
        if where == "sources":
            app.screen.query_one("#excerpt-filter").focus()
        app.post_message(events.Paste(f"{ANSI} Hawking"))
        await settle(pilot, after=0.3)
        assert_nothing_interpreted(app)


async def test_quiz_question_options_and_feedback_are_literal(hostile_kb, tmp_path):
    app = make_app(hostile_kb, tmp_path, quiz_session="hostile", trainee="t")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = app.screen.query_one("QuestionCard")
        assert_literal(region_text(app, card), MARKUP, SHOWN_ANSI, "Wrong [bold red]x[/]", f"Right {LINK}")
        assert_literal(region_text(app, app.screen.query_one("#quiz-status")), "Hostile [bold]session[/]")
        await pilot.press("1", "enter")
        await settle(pilot)
        await wait_until(pilot, lambda: app.screen.query(".quiz-page"), "the answer is saved and its feedback shown")
        page = app.screen.query_one(".quiz-page")
        assert_literal(region_text(app, page), f"Because {MARKUP}", MARKUP)


async def test_palette_shows_headings_literally(hostile_kb, tmp_path):
    """Regression: the palette once parsed headings as markup (KnowledgeCommands.discover gave str hits)."""
    app = make_app(hostile_kb, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        heading = f"Timeline: 2017-12-08 \u00b7 {EVENT}"
        # Every heading is listed (the app's own commands come first, in an order Textual decides).
        await wait_until(pilot, lambda: heading in palette_titles(app), "the palette lists the heading as written")
        await pilot.press(*"Hawking")
        await wait_until(pilot, lambda: flat(EVENT) in flat(region_text(app, app.screen)), "the palette finds it")
        assert_literal(region_text(app, app.screen), f"2017-12-08 \u00b7 {EVENT}")


async def test_palette_survives_a_heading_that_is_not_valid_markup(hostile_heading_kb, tmp_path):
    """Regression: a heading with '[link=file:...]' once crashed the app when the palette opened."""
    from textual.command import CommandPalette

    from aco_tui.navigation import Place
    from aco_tui.storage.sqlite import SQLiteProgress

    app = make_app(hostile_heading_kb, tmp_path)
    SQLiteProgress(tmp_path / "data").save_place(app.profile, Place("sources"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette is open")
        palette = app.screen
        shown = f"Concepts: {HEADING}"
        await wait_until(pilot, lambda: flat(shown) in flat(region_text(app, palette)), "the palette lists the heading")
        assert_literal(region_text(app, palette), shown)  # as written, markup and link text included
        assert_nothing_interpreted(app)
        await pilot.press(*"Heading")
        await wait_until(pilot, lambda: "Heading" in region_text(app, palette), "the palette finds the heading")
        assert app.is_running and isinstance(app.screen, CommandPalette)


# -- no control character reaches the terminal ---------------------------------------------------------


async def open_view(view: str, app, pilot) -> None:
    """Reach one of the views that show outside text."""
    await settle(pilot)
    keys = {
        "document": [],
        "citation-list": ["c"],
        "citation": ["c", "enter"],
        "sources": ["6"],
        "timeline": ["5"],
        "commentary": ["4"],
        "search": ["slash", *"Hawking"],
        "quiz": [],
        "quiz-feedback": ["1", "enter"],
    }.get(view)
    if view == "term":
        app.screen.open_term(slugify(TERM))
    else:
        await pilot.press(*keys)
    if view == "search":
        await wait_for_hits(app, pilot)
        assert app.screen.hits
    await settle(pilot)


@pytest.mark.parametrize(
    "view",
    [
        "document",
        "citation-list",
        "citation",
        "term",
        "sources",  # leaked ESC before strip_control was added
        "quiz",
        "quiz-feedback",  # leaked ESC until the bank loader dropped control characters
        "timeline",  # (commentary and search are checked with their literal tests above)
    ],
)
async def test_no_control_character_reaches_the_terminal(hostile_kb, tmp_path, view):
    options = {"quiz_session": "hostile", "trainee": "t"} if view.startswith("quiz") else {}
    app = make_app(hostile_kb, tmp_path, **options)
    async with app.run_test(size=SIZE) as pilot:
        await open_view(view, app, pilot)
        assert_nothing_interpreted(app)
