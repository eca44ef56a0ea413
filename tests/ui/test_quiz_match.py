"""Match and order questions in the app: clear messages and aligned feedback (issue 17 A6)."""

from __future__ import annotations

from helpers import arrived, wait_until
from quiz_ui import page_text, wait_for

from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_pages import FeedbackPage
from aco_tui.ui.widgets.option_rows import OptionRows

SIZE = (80, 24)


async def one_question(pilot, kind: str, seed: int = 1) -> tuple[QuizPane, QuestionCard]:
    app = pilot.app
    await arrived(pilot)
    await pilot.press("7")
    pane = app.query_one(QuizPane)
    await wait_for(pilot, lambda: pane.query("#quiz-menu"))
    await pane.runner.start(lambda: pane.service.start_practice("Mat", types=(kind,), count=1, seed=seed))
    await wait_for(pilot, lambda: pane.query(QuestionCard) and app.focused is pane.query_one(QuestionCard))
    return pane, pane.query_one(QuestionCard)


def card_text(card: QuestionCard) -> str:
    return " ".join(str(static.render()) for static in card.query("Static"))


async def test_a_letter_used_twice_is_warned_about(real_knowledge, tmp_path):
    """Regression (ux-walk P2-6): the same letter could be given to two items without a word."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Mat")
    async with app.run_test(size=SIZE) as pilot:
        pane, card = await one_question(pilot, "match")
        await pilot.press("b", "b")
        await pilot.pause()
        assert card.matches[:2] == [1, 1]
        assert "Letter b is already the match of item 1" in card_text(card)


async def test_an_unmatched_item_is_named_on_submit(real_knowledge, tmp_path):
    """Regression (ux-walk P2-6): submitting with an item unmatched said "letters go from a to d"."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Mat")
    async with app.run_test(size=SIZE) as pilot:
        pane, card = await one_question(pilot, "match")
        await pilot.press("a", "enter")
        await pilot.pause()
        assert "Item 2 has no match yet" in card_text(card)
        assert not any("letters go from" in n.message for n in app._notifications)
        assert pane.query_one(QuestionCard) is card  # still the question, nothing recorded
        assert "the cursor moves on" in card_text(card)  # the hint says what a letter does


async def test_match_and_order_feedback_are_aligned_lists(real_knowledge, tmp_path):
    """Regression (ux-walk P2-8): order and match feedback were run-on chains ("1) … → 3) … → 2) …")."""
    from quiz_ui import right_keys

    for kind in ("match", "order"):
        app = AcoApp(real_knowledge, data_dir=tmp_path / f"data-{kind}", trainee="Mat")
        async with app.run_test(size=SIZE) as pilot:
            pane, card = await one_question(pilot, kind)
            played = card.played
            keys = right_keys(card)
            if kind == "match":  # the last two items' letters swapped: both wrong
                keys[-1], keys[-2] = keys[-2], keys[-1]
            else:
                keys = []  # the order as shown (never the right one)
            await pilot.press(*keys, "enter")
            await wait_for(pilot, lambda pane=pane: pane.query(FeedbackPage))
            text = page_text(pane.query_one(FeedbackPage))
            assert "\u2192" not in text.split("What the sources say")[0], text
            assert "Your answer" in text and "Right answer" in text
            lines = text.splitlines()
            if kind == "match":
                for number, left in enumerate(played.left, start=1):
                    row = next(line for line in lines if f"{number}. {left.split()[0]}" in line)
                    assert ("\u2718" if number > len(played.left) - 2 else "\u2714") in row, row
            else:
                key = played.key()
                first_right = played.options[key[0]][:12]
                row = next(line for line in lines if line.lstrip().startswith("1."))
                assert first_right in row and ("\u2714" in row or "\u2718" in row), row


async def test_a_four_pair_match_keeps_its_hint_and_warnings_in_view_at_80x24(real_knowledge, tmp_path):
    """Regression (ux-walk P2-6): at 80x24 a four-pair match pushed the hint line off the screen
    (and a warning under the options would have gone the same way)."""
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Mat")
    async with app.run_test(size=SIZE) as pilot:
        pane, card = await one_question(pilot, "match", seed=1)
        assert len(card.played.left) == 4
        hint = card.query_one(".question-hint")
        await wait_until(pilot, lambda: hint.region.height, "the question is laid out")
        assert card.region.contains_region(hint.region), (card.region, hint.region, card.played.left)
        lines = card.query_one(".question-options", OptionRows).lines(78)
        assert lines[0][0].startswith("\u25b6 1."), "no cursor marker: focus shows by colour only"
        await pilot.press("b", "b")
        warning = card.query_one(".question-warning")
        await wait_until(pilot, lambda: warning.display and warning.region.height, "the warning is laid out")
        assert card.region.contains_region(warning.region), (card.region, warning.region)
