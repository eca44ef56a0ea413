"""The app's commands, declared once (aco_tui/ui/commands.py): bindings, palette, Footer and help agree.

Issue 23: ctrl+p found no app action; Textual's "Keys" panel could not be closed with Escape and
squeezed the tab bar; at 80 columns the Footer cut off ``? Help`` and ``q Quit``; a matching
question's Footer offered ``c Citations`` where ``c`` answers.
"""

from __future__ import annotations

import pytest
from helpers import SIZE, arrived, main_screen, running, wait_until
from textual.command import CommandList, CommandPalette

from aco_tui.knowledge.base import KnowledgeBase, load_knowledge
from aco_tui.navigation import PANES
from aco_tui.ui.commands import COMMANDS, MAIN_COMMANDS, command_by_id
from aco_tui.ui.screens.help import HelpScreen
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.pane_bar import PaneBar


@pytest.fixture
def quiz_knowledge(quiz_kb) -> KnowledgeBase:
    return load_knowledge(quiz_kb)


def footer(app) -> str:
    """The Footer line as drawn."""
    return str(app.screen.query_one(KeyBar).render())


def offered(app) -> list[str]:
    """What the Footer would show with room for every key (before keys are dropped to fit)."""
    return [f"{k.display} {k.description}" for k in app.screen.query_one(KeyBar).keys]


def palette_titles(app) -> list[str]:
    """The titles the command palette lists now."""
    commands = app.screen.query_one(CommandList)
    return [str(commands.get_option_at_index(n).prompt).split("\n")[0] for n in range(commands.option_count)]


async def open_palette(pilot, query: str) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the palette is open")
    await pilot.press(*query)


# -- declarations --------------------------------------------------------------------------------------


def test_each_command_is_declared_once_with_a_help_line():
    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids))
    assert all(c.help and c.footer for c in COMMANDS)
    assert all(len(c.help) <= 41 for c in COMMANDS)  # the help screen's column at 80 columns
    assert [c.id for c in MAIN_COMMANDS[: len(PANES)]] == [f"pane.{p.id}" for p in PANES]
    assert [c.keys for c in MAIN_COMMANDS[: len(PANES)]] == [p.key for p in PANES]


async def test_bindings_tabs_and_help_come_from_the_declarations(quiz_knowledge, tmp_path):
    async with running(quiz_knowledge, tmp_path) as (app, pilot):
        main = main_screen(app)
        assert main is not None
        declared = {c.id: c for c in COMMANDS}
        live = [*app.BINDINGS, *main.BINDINGS]
        assert all(b.id in declared and b.tooltip == declared[b.id].help for b in live)
        tabs = app.screen.query_one(PaneBar)
        assert [(t.id, t.key) for t in tabs.tabs] == [(p.id, p.key) for p in PANES]  # the quiz kb has every pane
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help is open")
        described = [d for _k, d in app.screen.rows]
        learn = command_by_id("main.learn")
        assert learn is not None and learn.help in described


# -- the palette ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("quiz", "Go to Quiz"),
        ("concepts", "Go to Concepts"),
        ("progress", "Progress"),
        ("learn", "Learn this pane"),
        ("glossary", "Glossary, A to Z"),
        ("help", "Help: keys"),
        ("find", "Find in this pane"),
        ("copy", "Copy this section"),
        ("citations", "Citations of this section"),
    ],
)
async def test_the_palette_finds_the_apps_own_commands(quiz_knowledge, tmp_path, query, title):
    async with running(quiz_knowledge, tmp_path) as (app, pilot):
        await open_palette(pilot, query)
        await wait_until(pilot, lambda: title in palette_titles(app), f"the palette lists {title!r} for {query!r}")


async def test_a_palette_command_runs_its_action(quiz_knowledge, tmp_path):
    async with running(quiz_knowledge, tmp_path) as (app, pilot):
        await open_palette(pilot, "go to quiz")
        await wait_until(pilot, lambda: palette_titles(app)[:1] == ["Go to Quiz"], "Go to Quiz is the first hit")
        await pilot.press("enter")
        main = main_screen(app)
        await wait_until(pilot, lambda: main is not None and main.location.pane == "quiz", "the Quiz pane is shown")
        await open_palette(pilot, "help: keys")
        await wait_until(pilot, lambda: palette_titles(app)[:1] == ["Help: keys"], "Help is the first hit")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen is open")


async def test_the_palette_offers_no_keys_panel_and_escape_closes_it(quiz_knowledge, tmp_path):
    async with running(quiz_knowledge, tmp_path) as (app, pilot):
        assert "Keys" not in [c.title for c in app.get_system_commands(app.screen)]
        await open_palette(pilot, "keys")
        await wait_until(pilot, lambda: "Help: keys" in palette_titles(app), "the palette lists our help")
        assert "Keys" not in palette_titles(app)
        tabs = app.screen_stack[0].query_one(PaneBar).region.width
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "Escape closes the palette")
        assert app.screen.query_one(PaneBar).region.width == tabs == SIZE[0]


# -- the Footer ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [80, 60, 44])
async def test_the_footer_keeps_help_and_quit_when_narrow(quiz_knowledge, tmp_path, width):
    async with running(quiz_knowledge, tmp_path, size=(width, 24)) as (app, pilot):
        line = footer(app)
        assert "? Help" in line and "q Quit" in line, line
        if width < 60:
            assert "g Terms" not in line  # the lowest rank went first
        await pilot.press("7")
        await wait_until(pilot, lambda: app.screen.query("QuizMenu, #quiz-menu"), "the quiz menu is shown")
        line = footer(app)
        assert "? Help" in line and "q Quit" in line, line


async def one_question(pilot, kind: str):
    """Start a one-question practice of ``kind`` on the Quiz pane; the card, focused."""
    from aco_tui.ui.panes.quiz import QuizPane
    from aco_tui.ui.panes.quiz_card import QuestionCard

    app = pilot.app
    await arrived(pilot)
    await pilot.press("7")
    await wait_until(
        pilot, lambda: app.query(QuizPane) and app.query_one(QuizPane).query("#quiz-menu"), "the quiz menu is shown"
    )
    pane = app.query_one(QuizPane)
    await pane.runner.start(lambda: pane.service.start_practice("Mat", types=(kind,), count=1, seed=1))
    await wait_until(
        pilot,
        lambda: pane.query(QuestionCard) and app.focused is pane.query_one(QuestionCard),
        "the question has focus",
    )
    return pane.query_one(QuestionCard)


async def test_a_matching_question_footer_leaves_out_the_letters_it_answers_with(quiz_knowledge, tmp_path):
    async with running(quiz_knowledge, tmp_path, trainee="Mat") as (app, pilot):
        assert "c Citations" in footer(app)  # on a content pane, c lists the citations
        card = await one_question(pilot, "match")
        await wait_until(pilot, lambda: "c Citations" not in offered(app), "the Footer leaves out c Citations")
        assert "g Terms" in offered(app)  # the quiz kb's matching question has letters a to d only
        line = footer(app)
        assert "? Help" in line and "q Quit" in line and "Submit" in line, line
        await pilot.press("c")
        await wait_until(pilot, lambda: card.matches[0] == 2, "c matched the first item with the third letter")


async def test_a_choice_question_keeps_the_keys_it_does_not_take(quiz_knowledge, tmp_path):
    async with running(quiz_knowledge, tmp_path, trainee="Mat") as (app, pilot):
        await one_question(pilot, "single")
        await wait_until(pilot, lambda: "Submit" in footer(app), "the question's keys are in the Footer")
        assert "c Citations" in offered(app)  # digits answer here, not letters
        line = footer(app)  # 80 columns: citations went, to keep Help and Quit
        assert "? Help" in line and "q Quit" in line and "c Citations" not in line, line


async def test_typing_in_find_leaves_out_the_letter_commands(quiz_knowledge, tmp_path):
    async with running(quiz_knowledge, tmp_path) as (app, pilot):
        await pilot.press("f")
        await wait_until(pilot, lambda: type(app.focused).__name__ == "SafeInput", "the find box has focus")
        await wait_until(
            pilot,
            lambda: "c Citations" not in offered(app) and "l Learn" not in offered(app),
            "letters typed into find are not offered as commands",
        )


async def test_palette_help_shows_a_bracket_key_literally(quiz_knowledge, tmp_path):
    """The palette reads help as markup: the key of Back, "[", must not start a tag."""
    from helpers import region_text

    async with running(quiz_knowledge, tmp_path) as (app, pilot):
        await open_palette(pilot, "back")
        await wait_until(pilot, lambda: "Back" in palette_titles(app), "the palette lists Back")
        await wait_until(pilot, lambda: "(key: [)" in region_text(app, app.screen), "Back's help shows its key")
