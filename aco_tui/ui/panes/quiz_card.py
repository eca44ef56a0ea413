"""One quiz question on screen, answered by keyboard: the card every type shares.

Keys: up/down move the cursor, Enter submits, Escape leaves the quiz waiting; each type's card
(:mod:`aco_tui.ui.panes.quiz_kinds`, found by :func:`~aco_tui.ui.panes.quiz_kinds.question_card`)
adds its own: digits pick or toggle an option, ``u``/``d`` move an item, a letter matches an item,
or an input for a typed answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from aco_tui.quiz.run import Feedback
from aco_tui.quiz.scoring import PlayedQuestion
from aco_tui.ui.messages import LeaveRequested
from aco_tui.ui.widgets.option_rows import OptionRows
from aco_tui.ui.widgets.own_focus_style import OwnFocusStyle

Tones = Mapping[str, Style]


class QuestionCard(OwnFocusStyle, VerticalScroll, can_focus=True):
    """Collects the answer to ``played``; posts :class:`QuestionCard.Answered` on Enter."""

    HINT: ClassVar[str] = "Enter submit"
    TYPED: ClassVar[bool] = False  # the answer is typed into an input (no options, no answer keys)
    LETTERS: ClassVar[bool] = False  # a letter names an option (matching): on_key gives those letters to it
    BINDINGS = [
        Binding("enter", "submit", "Submit", id="quiz.submit"),
        Binding(
            "escape",
            "leave",
            "Leave",
            id="quiz.leave",
            tooltip="Leave the quiz waiting and go back to the pane you were reading (7 returns)",
        ),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "toggle_option", "Toggle", show=False),
        Binding("u,shift+up", "move(-1)", "Move up", show=False),
        Binding("d,shift+down", "move(1)", "Move down", show=False),
    ]
    DEFAULT_CSS = """
    QuestionCard {
        height: 1fr;
    }
    QuestionCard .question-header {
        text-style: bold;
        color: $accent;
    }
    QuestionCard .question-text {
        padding: 1 0;
    }
    QuestionCard .question-warning {
        display: none;
        text-style: bold;
        color: $warning;
    }
    QuestionCard .question-hint {
        color: $text-muted;
        padding-top: 1;
    }
    """

    @dataclass
    class Answered(Message):
        """The trainee submitted ``response`` (0-based indices or text, as the quiz core expects) to
        ``played`` (a key pressed on a card being replaced must not answer the next question)."""

        response: object
        played: PlayedQuestion | None = None

    def __init__(self, played: PlayedQuestion, header: str) -> None:
        super().__init__(classes="question-card")
        self.played = played
        self.header = header
        self.cursor = 0

    def compose(self) -> ComposeResult:
        yield Static(Text(self.header), classes="question-header")
        yield Static(Text(self.played.text), classes="question-text")
        yield from self.compose_answer()
        yield Static(classes="question-warning")
        yield Static(Text(self.HINT), classes="question-hint")

    def compose_answer(self) -> ComposeResult:
        """Where the answer is given: the options, re-rendered as the trainee answers."""
        # Drawn with the card (an update in on_mount would lay out and paint the card a second time).
        yield OptionRows(self.rows(), self.cursor, classes="question-options")

    def on_mount(self) -> None:
        self.focus()

    # -- what each type defines -----------------------------------------------------------------

    def rows(self) -> list[tuple[str, str]]:
        """(prefix, text) per line: the prefix (mark, number, letter) stays apart, so text wraps under text."""
        return []

    def response(self) -> object:
        """The answer as the quiz core expects it (may be malformed: the core says why)."""
        raise NotImplementedError

    def pick(self, index: int) -> bool:
        """A digit typed for option ``index`` (0-based); False when it means nothing here (a bell)."""
        return False

    def letter_typed(self, char: str) -> bool:
        """A letter typed; True when the card used it."""
        return False

    def problem(self) -> str:
        """What stops the answer being submitted, in the trainee's terms ("" if nothing)."""
        return ""

    @property
    def cursor_limit(self) -> int:
        return len(self.played.options)

    @classmethod
    def answer_table(cls, feedback: Feedback, tones: Tones) -> Table | None:
        """The answer given beside the right one as a table, for feedback (None: one line each)."""
        return None

    # -- rendering and input --------------------------------------------------------------------

    def render_options(self) -> None:
        """Show the options as the trainee sees them now: cursor, prefix and text per row."""
        self.query_one(".question-options", OptionRows).show(self.rows(), self.cursor)

    def claims_key(self, key: str) -> bool:
        """The keys :meth:`on_key` takes (so the Footer leaves out the commands on them, see
        ``ui/commands.ClaimsKeys``): digits, and the letters of the options where letters answer."""
        if self.TYPED or len(key) != 1 or not key.isalnum():
            return False
        return key.isdigit() or (self.LETTERS and 0 <= ord(key.lower()) - ord("a") < len(self.played.options))

    def on_key(self, event: events.Key) -> None:
        if self.TYPED or not event.character:
            return
        char = event.character.lower()
        if char.isdigit():
            # Digits belong to the question while it has focus (they would otherwise switch panes),
            # including those of no option, which only ring the bell.
            event.stop()
            event.prevent_default()
            index = int(char) - 1
            if not 0 <= index < len(self.played.options) or not self.pick(index):
                self.app.bell()
                return
            self.cursor = index
            self.render_options()
        elif char.isalpha() and len(char) == 1 and self.letter_typed(char):
            event.stop()
            event.prevent_default()
            self.render_options()

    def action_cursor(self, delta: int) -> None:
        self.cursor = max(0, min(self.cursor_limit - 1, self.cursor + delta))
        self.cursor_moved()
        if not self.TYPED:
            self.render_options()

    def cursor_moved(self) -> None:
        """The cursor moved by up/down (a single choice follows it)."""

    def action_toggle_option(self) -> None:
        """Space: multiple choice ticks the option under the cursor."""

    def action_move(self, delta: int) -> None:
        """u/d: ordering questions move the item under the cursor."""

    def action_leave(self) -> None:
        """Go back to the pane read before the quiz; the quiz waits (7 returns to it)."""
        self.post_message(LeaveRequested())

    def warn(self, message: str) -> None:
        """Say (under the options, where no toast covers them) what is wrong with the answer so far."""
        warning = self.query_one(".question-warning", Static)
        warning.update(Text(message))
        warning.display = bool(message)
        if message:
            self.call_after_refresh(self.scroll_to_widget, warning, animate=False)

    def action_submit(self) -> None:
        problem = self.problem()
        if problem:
            self.warn(problem)
            self.app.bell()
            return
        self.post_message(self.Answered(self.response(), self.played))

    @on(Input.Submitted)
    def _typed_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
