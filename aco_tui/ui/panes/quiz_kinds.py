"""Each question type's card (how it is answered on screen) and its answer table in feedback,
found by :func:`card_class` from the type (a ``match`` mypy checks for every :class:`QuestionType`)."""

from __future__ import annotations

from typing import assert_never

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input

from aco_tui.quiz.kinds import PlayedQuestion, QuestionType, letter
from aco_tui.quiz.run import Feedback
from aco_tui.ui.panes.quiz_card import QuestionCard, Tones
from aco_tui.ui.widgets.safe_input import SafeInput

DOT = "(\u2022)"


class SingleCard(QuestionCard):
    """One option: a digit picks it, the cursor carries the pick (single choice, true or false)."""

    HINT = "1-9 pick \u00b7 \u2191\u2193 move \u00b7 Enter submit"

    def __init__(self, played: PlayedQuestion, header: str) -> None:
        super().__init__(played, header)
        self.chosen: int | None = None

    def rows(self) -> list[tuple[str, str]]:
        return [(f"{DOT if self.chosen == i else '( )'} {i + 1})", o) for i, o in enumerate(self.played.options)]

    def pick(self, index: int) -> bool:
        self.chosen = index
        return True

    def cursor_moved(self) -> None:
        self.chosen = self.cursor

    def response(self) -> object:
        return self.chosen


class TrueFalseCard(SingleCard):
    HINT = "1 true \u00b7 2 false \u00b7 Enter submit"


class MultipleCard(QuestionCard):
    """Several options: a digit or Space toggles one."""

    HINT = "1-9 or Space toggle \u00b7 \u2191\u2193 move \u00b7 Enter submit"

    def __init__(self, played: PlayedQuestion, header: str) -> None:
        super().__init__(played, header)
        self.ticked: set[int] = set()

    def rows(self) -> list[tuple[str, str]]:
        return [(f"{'[x]' if i in self.ticked else '[ ]'} {i + 1})", o) for i, o in enumerate(self.played.options)]

    def pick(self, index: int) -> bool:
        self.ticked ^= {index}
        return True

    def action_toggle_option(self) -> None:
        self.ticked ^= {self.cursor}
        self.render_options()

    def response(self) -> object:
        return sorted(self.ticked)


def _marked_rows(tones: Tones, rows: list[tuple[str, str, str, bool]], *, mark_first: bool, item_header: str) -> Table:
    """Two aligned columns (the answer given, the right one) with \u2714/\u2718 per position."""
    table = Table(box=None, pad_edge=False, padding=(0, 1), show_edge=False, expand=True)
    table.add_column("", no_wrap=True)
    if mark_first:
        table.add_column(item_header, ratio=1)
    else:
        table.add_column(item_header, no_wrap=True)
    table.add_column("Your answer", ratio=1, header_style="bold")
    table.add_column("Right answer", ratio=1, header_style="bold")
    for first, mine_text, right_text, same in rows:
        mark = Text("\u2714", style=tones["success"]) if same else Text("\u2718", style=tones["error"])
        cells = (mark, Text(first)) if mark_first else (Text(first), mark)
        table.add_row(*cells, Text(mine_text), Text(right_text))
    return table


class OrderCard(QuestionCard):
    """Every item in order: u/d (shift+up/down) move the item under the cursor."""

    HINT = "\u2191\u2193 move \u00b7 u/d (shift+\u2191\u2193) move item \u00b7 Enter submit"

    def __init__(self, played: PlayedQuestion, header: str) -> None:
        super().__init__(played, header)
        self.order: list[int] = list(range(len(played.options)))

    def rows(self) -> list[tuple[str, str]]:
        return [(f"{n}.", self.played.options[i]) for n, i in enumerate(self.order, start=1)]

    def action_move(self, delta: int) -> None:
        target = self.cursor + delta
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
            self.cursor = target
            self.render_options()

    def response(self) -> object:
        return list(self.order)

    @classmethod
    def answer_table(cls, feedback: Feedback, tones: Tones) -> Table | None:
        played, given = feedback.played, feedback.response
        if not isinstance(given, tuple):
            return None
        options = played.options
        rows = [
            (f"{n}.", options[mine], options[right], mine == right)
            for n, (mine, right) in enumerate(zip(given, played.key(), strict=True), start=1)
        ]
        return _marked_rows(tones, rows, mark_first=False, item_header="")


class MatchCard(QuestionCard):
    """Each numbered item given a letter: typing a letter matches the item under the cursor, which moves on."""

    HINT = "\u2191\u2193 item \u00b7 a letter matches it and the cursor moves on \u00b7 Enter submit"
    LETTERS = True

    def __init__(self, played: PlayedQuestion, header: str) -> None:
        super().__init__(played, header)
        self.matches: list[int | None] = [None] * len(played.left)

    @property
    def cursor_limit(self) -> int:
        return len(self.played.left)

    def rows(self) -> list[tuple[str, str]]:
        played, rows = self.played, []
        for n, left in enumerate(played.left):
            match = self.matches[n]
            right = f"{letter(match)}) {played.options[match]}" if match is not None else "?"
            rows.append((f"{n + 1}.", f"{left} \u2192 {right}"))
        rows.append(("", ""))
        rows += [(f"{letter(i)})", o) for i, o in enumerate(played.options)]
        return rows

    def letter_typed(self, char: str) -> bool:
        index = ord(char) - ord("a")
        if not 0 <= index < len(self.played.options):
            return False
        self.matches[self.cursor] = index
        others = [n + 1 for n, match in enumerate(self.matches) if match == index and n != self.cursor]
        self.warn(
            f"Letter {char} is already the match of item {others[0]}: each letter goes with one item." if others else ""
        )
        self.cursor = min(self.cursor + 1, self.cursor_limit - 1)
        return True

    def problem(self) -> str:
        unmatched = [n + 1 for n, match in enumerate(self.matches) if match is None]
        if unmatched:
            return f"Item {unmatched[0]} has no match yet."
        for match in set(self.matches):
            items = [str(n + 1) for n, other in enumerate(self.matches) if other == match]
            if match is not None and len(items) > 1:
                return f"Letter {letter(match)} is the match of items {' and '.join(items)}: each letter goes with one item."
        return ""

    def response(self) -> object:
        return list(self.matches)

    @classmethod
    def answer_table(cls, feedback: Feedback, tones: Tones) -> Table | None:
        played, given = feedback.played, feedback.response
        if not isinstance(given, tuple):
            return None
        options = played.options
        rows = [
            (f"{n}. {left}", f"{letter(mine)}) {options[mine]}", f"{letter(right)}) {options[right]}", mine == right)
            for n, (left, mine, right) in enumerate(zip(played.left, given, played.key(), strict=True), start=1)
        ]
        return _marked_rows(tones, rows, mark_first=True, item_header="Item")


class ShortCard(QuestionCard):
    """A few words typed into an input."""

    HINT = "type the answer \u00b7 Enter submit"
    TYPED = True

    def compose_answer(self) -> ComposeResult:
        yield SafeInput(placeholder="Your answer", classes="short-answer")

    def on_focus(self) -> None:
        self.query_one(Input).focus()  # the answer is typed into the input

    def response(self) -> object:
        return self.query_one(Input).value


def card_class(question_type: QuestionType) -> type[QuestionCard]:
    """The card that asks a question of this type."""
    match question_type:
        case QuestionType.SINGLE:
            return SingleCard
        case QuestionType.TRUEFALSE:
            return TrueFalseCard
        case QuestionType.MULTIPLE:
            return MultipleCard
        case QuestionType.ORDER:
            return OrderCard
        case QuestionType.MATCH:
            return MatchCard
        case QuestionType.SHORT:
            return ShortCard
        case _:
            assert_never(question_type)


def question_card(played: PlayedQuestion, header: str) -> QuestionCard:
    """A card asking ``played``, headed ``header``."""
    return card_class(played.type)(played, header)
