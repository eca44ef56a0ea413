"""The quiz's reading pages: the start page, feedback on an answer, the end report and what was missed.

Each page is a scrollable block of text with its own keys. Pages hold no quiz state: they post
messages that the Quiz pane acts on (Enter moves on, ``h``/``e`` grade a right answer...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.console import RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from aco_tui.knowledge.content import Content
from aco_tui.quiz.links import SectionTarget, teaching_section
from aco_tui.quiz.run import QuizReport
from aco_tui.ui.messages import SectionRequested
from aco_tui.ui.panes.quiz_views import missed_item, report_text, theme_tones
from aco_tui.ui.widgets.own_focus_style import OwnFocusStyle
from aco_tui.ui.widgets.rich_static import RichStatic


class QuizPage(OwnFocusStyle, VerticalScroll, can_focus=True):
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
        yield RichStatic(self.body, classes="quiz-page-text")

    def on_mount(self) -> None:
        self.focus()

    def action_continue(self) -> None:
        self.post_message(self.Continue(self))


class StartPage(QuizPage):
    """Before a timed or deferred-feedback session (or the session trainees land on): what it is;
    Enter starts it, Escape goes back."""

    page = "start"
    BINDINGS = [
        Binding("enter", "begin", "Start", id="quiz.start"),
        Binding("escape", "back", "Back to the menu", id="quiz.back"),
    ]

    @dataclass
    class Begin(Message):
        """Begin the attempt at ``session`` now."""

        session: str

    class Back(Message):
        """Not now: back to the menu."""

    def __init__(self, body: RenderableType, *, session: str) -> None:
        super().__init__(body)
        self.session = session

    def action_begin(self) -> None:
        self.post_message(self.Begin(self.session))

    def action_back(self) -> None:
        self.post_message(self.Back())


class FeedbackPage(QuizPage):
    """After an answer: right or not, why, and the sources; a right answer can be graded."""

    page = "feedback"
    # Feedback with its sources is nearly always longer than the pane: its scrollbar shown from the
    # start spares a second layout and paint of the page when the scrollbar would appear (a kept
    # gutter alone does not: the scrollbar coming into view still asks for a layout).
    DEFAULT_CSS = """
    FeedbackPage {
        overflow-y: scroll;
    }
    """
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

    def on_mount(self) -> None:
        # Textual makes the scrollbar (hidden) at the first layout and then shows it, which asks for
        # a second layout of the screen: made and shown now, it is in place for the first one.
        self.vertical_scrollbar.display = True

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "grade":
            return self.correct
        return True

    def action_grade(self, rating: str) -> None:
        self.post_message(self.Graded(rating))


class ReportPage(QuizPage):
    """The end of a quiz: the score and the breakdown by topic; what was missed is one key away."""

    page = "report"
    BINDINGS = [
        Binding("enter", "continue", "Menu", id="quiz.menu"),
        Binding("r", "review_missed", "Review missed", id="quiz.review_missed"),
        Binding(
            "m", "retry_missed", "Retry missed", id="quiz.retry_missed", tooltip="Ask the questions missed again, now"
        ),
    ]

    class ReviewMissed(Message):
        """Show every question answered wrongly or not at all."""

    class RetryMissed(Message):
        """Ask the questions missed again, now."""

    def __init__(self, report: QuizReport, *, graded: bool) -> None:
        super().__init__(report_text(report, graded=graded, tones=theme_tones(self.app.theme_variables)))
        self.missed = len(report.missed)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("review_missed", "retry_missed"):
            return self.missed > 0
        return True

    def action_review_missed(self) -> None:
        self.post_message(self.ReviewMissed())

    def action_retry_missed(self) -> None:
        self.post_message(self.RetryMissed())


class SectionLink(Static, can_focus=True):
    """``Read: Pane › Section``; Enter or a click shows that section (the quiz waits)."""

    BINDINGS = [Binding("enter", "follow", "Read section", id="quiz.read_section")]
    DEFAULT_CSS = """
    SectionLink {
        height: auto;
        margin-bottom: 1;
        text-style: underline;
    }
    SectionLink:focus {
        text-style: bold reverse;
    }
    """

    def __init__(self, target: SectionTarget) -> None:
        super().__init__(self._label(target, focused=False), classes="section-link")
        self.target = target

    @staticmethod
    def _label(target: SectionTarget, *, focused: bool) -> Text:
        # A marker as well as a style, so focus shows without colour too.
        marker = "\u25b6" if focused else " "
        return Text(f"{marker} Read: {target.label}")

    def on_focus(self) -> None:
        self.update(self._label(self.target, focused=True))

    def on_blur(self) -> None:
        self.update(self._label(self.target, focused=False))

    def on_click(self) -> None:
        self.action_follow()

    def action_follow(self) -> None:
        self.post_message(SectionRequested(self.target.pane, self.target.section))


class MissedPage(QuizPage):
    """Every question missed, with the right answer, why, the sources and the section that teaches it;
    Tab moves between the sections' links; Enter elsewhere returns to the report."""

    page = "missed"

    def __init__(self, report: QuizReport, content: Content | None) -> None:
        intro = (
            (
                "Tab moves to each question's \u2018Read\u2019 link, Enter opens that section (7 comes back "
                "here); Enter or Escape on the page goes back to the report.\n"
            )
            if report.missed
            else "Nothing to review: every question was answered correctly."
        )
        super().__init__(Text(intro, style="dim"))
        tones = theme_tones(self.app.theme_variables)
        self.items = [
            (missed_item(item, tones), teaching_section(item.played.question, content) if content else None)
            for item in report.missed
        ]

    def compose(self) -> ComposeResult:
        yield RichStatic(self.body, classes="quiz-page-text")
        rule = Text("\u2500" * 40, style="dim")
        for block, target in self.items:
            yield Static(block)
            if target is not None:
                yield SectionLink(target)
            yield Static(rule)
