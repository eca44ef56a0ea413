"""The quiz's reading pages: feedback on an answer, the end report and what was missed.

Each page is a scrollable block of text with its own keys. Pages hold no quiz state: they post
messages that the Quiz pane acts on (Enter moves on, ``h``/``e`` grade a right answer...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static


class QuizPage(VerticalScroll, can_focus=True):
    """A scrollable page of the quiz; Enter (or Escape) moves on."""

    page: ClassVar[str] = "page"
    BINDINGS = [
        Binding("enter", "continue", "Continue", id="quiz.continue"),
        Binding("escape", "continue", "Back", show=False),
    ]
    DEFAULT_CSS = """
    QuizPage {
        height: 1fr;
    }
    """

    @dataclass
    class Continue(Message):
        """The trainee is done with ``page``."""

        page: QuizPage

    def __init__(self, body: RenderableType) -> None:
        super().__init__(classes=f"quiz-page quiz-{self.page}")
        self.body = body

    def compose(self) -> ComposeResult:
        yield Static(self.body, classes="quiz-page-text")

    def on_mount(self) -> None:
        self.focus()

    def action_continue(self) -> None:
        self.post_message(self.Continue(self))


class StartPage(QuizPage):
    """Before a timed or deferred-feedback session: what it is; Enter starts it, Escape goes back."""

    page = "start"
    BINDINGS = [
        Binding("enter", "continue", "Start", id="quiz.start"),
        Binding("escape", "back", "Back to the menu", id="quiz.back"),
    ]

    class Back(Message):
        """Not now: back to the menu."""

    def __init__(self, body: RenderableType, *, session: str) -> None:
        super().__init__(body)
        self.session = session

    def action_back(self) -> None:
        self.post_message(self.Back())


class FeedbackPage(QuizPage):
    """After an answer: right or not, why, and the sources; a right answer can be graded."""

    page = "feedback"
    BINDINGS = [
        Binding("h", "grade('hard')", "Was hard", id="quiz.hard"),
        Binding("e", "grade('easy')", "Was easy", id="quiz.easy"),
    ]

    @dataclass
    class Graded(Message):
        """The trainee says the right answer just given was ``rating`` (hard or easy)."""

        rating: str

    def __init__(self, body: RenderableType, *, correct: bool) -> None:
        super().__init__(body)
        self.correct = correct

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "grade":
            return self.correct
        return True

    def action_grade(self, rating: str) -> None:
        self.post_message(self.Graded(rating))


class ReportPage(QuizPage):
    """The end of a quiz: the score and the breakdown by topic."""

    page = "report"
    BINDINGS = [Binding("r", "review_missed", "Review missed", id="quiz.review_missed")]

    class ReviewMissed(Message):
        """Show every question answered wrongly or not at all."""

    def action_review_missed(self) -> None:
        self.post_message(self.ReviewMissed())


class MissedPage(QuizPage):
    """Every question missed, with the right answer, why, and the sources; Enter returns to the report."""

    page = "missed"
