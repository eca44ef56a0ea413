"""A question's options as one line widget (aco_tui/ui/widgets/option_rows.py, issue 28): the lines
it draws, and a pick that redraws them without laying the screen out again."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from quiz_ui import wait_for

from aco_tui.quiz.start import QuizStart
from aco_tui.text_wrap import cell_len
from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz import QuizPane
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.widgets.option_rows import CURSOR, OptionRows, option_lines

ROWS = [("( ) 1)", "The Department of Health, through the national consultation"), ("( ) 2)", "The CCG")]


def test_the_marker_and_prefix_have_columns_and_the_text_wraps_under_itself():
    lines = option_lines(ROWS, 0, 30)
    assert [line for line, _ in lines] == [
        CURSOR + " ( ) 1) The Department of",
        "         Health, through the",
        "         national consultation",  # 21 cells: the text's column is 30 - 9 wide
        "  ( ) 2) The CCG",
    ]
    assert [here for _, here in lines] == [True, True, True, False]
    assert option_lines(ROWS, 1, 30)[-1] == (CURSOR + " ( ) 2) The CCG", True)


def test_prefixes_of_different_widths_line_the_texts_up():
    lines = option_lines([("1.", "first"), ("10.", "tenth"), ("", "none")], 5, 40)
    assert [line for line, _ in lines] == ["  1.  first", "  10. tenth", "      none"]
    assert option_lines([], 0, 40) == []


@given(
    rows=st.lists(
        st.tuples(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=6), st.text(max_size=120)),
        max_size=6,
    ),
    cursor=st.integers(-1, 7),
    width=st.integers(1, 120),
)
def test_any_options_wrap_to_lines_that_keep_every_word(rows, cursor, width):
    lines = option_lines(rows, cursor, width)
    text = " ".join(line for line, _ in lines)
    for _prefix, option in rows:
        for word in option.split():
            if cell_len(word) < width - 12:  # a word wider than its column is cut, not lost
                assert word in text
    marked = [line for line, here in lines if here]
    if 0 <= cursor < len(rows):  # the cursor's row, and only it, is marked, from its first line
        assert marked and marked[0].startswith(CURSOR) and sum(line.startswith(CURSOR) for line, _ in lines) == 1
    else:
        assert not marked and not any(line.startswith(CURSOR) for line, _ in lines)


async def test_a_pick_redraws_the_options_without_a_layout(real_knowledge, tmp_path):
    start = QuizStart(session="induction", start_page=True)
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Rows", quiz=start)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.query("StartPage"))
        await pilot.press("enter")
        pane = app.query_one(QuizPane)
        await wait_for(pilot, lambda: pane.query(QuestionCard))
        options = pane.query_one(OptionRows)
        assert options.lines(options.size.width)[0][0].startswith(CURSOR + " ( ) 1)")
        refreshes: list[bool] = []
        original = options.refresh

        def spy(*args, layout: bool = False, **kwargs):
            refreshes.append(layout)
            return original(*args, layout=layout, **kwargs)

        options.refresh = spy  # type: ignore[method-assign]
        await pilot.press("3")
        await pilot.pause()
        assert refreshes == [False]
        picked = [line for line, here in options.lines(options.size.width) if here]
        assert picked[0].startswith(CURSOR + " (\u2022) 3)"), picked
        assert options.region.height == len(options.lines(options.size.width))
