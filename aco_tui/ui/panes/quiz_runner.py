"""Playing one quiz run: its questions, feedback, clock and end report (the Quiz pane builds on this).

:class:`QuizRunner` holds the run under way and shows it in the pane's body, one widget at a time;
:class:`aco_tui.ui.panes.quiz.QuizPane` adds the menu and the ways a run begins.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import ProgressBar, Static

from aco_tui.errors import AcoError
from aco_tui.knowledge.content import Content
from aco_tui.quiz.run import Feedback, QuizReport, QuizRun, TimeUp
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.quiz.service import QuizService
from aco_tui.ui.messages import DataNoticesPending
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_kinds import question_card
from aco_tui.ui.panes.quiz_pages import FeedbackPage, MissedPage, QuizPage, ReportPage
from aco_tui.ui.panes.quiz_views import (
    attempt_label,
    feedback_text,
    interval_text,
    question_header,
    run_status,
    theme_tones,
)

Begin = Callable[[], QuizRun | None]
WARN_MINUTES_LEFT = (5, 1)  # a timed run says so when this little time is left


class QuizRunner(Vertical):
    """A run from its first question to its report, in ``#quiz-body``, with the status in ``#quiz-status``."""

    BINDINGS = [Binding("ctrl+r", "stop", "Restart/abandon", id="quiz.stop",
                        tooltip="Restart the quiz from question 1, or abandon it and see the report")]
    DEFAULT_CSS = """
    QuizRunner {
        height: 1fr;
        padding: 0 1;
    }
    QuizRunner .quiz-status {
        color: $text-muted;
        height: auto;
    }
    QuizRunner #quiz-body {
        height: 1fr;
    }
    """

    def __init__(self, service: QuizService | None, *, trainee: str, content: Content | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id, classes="quiz-pane")
        self.service = service
        self.trainee = trainee
        self.content = content
        self.run: QuizRun | None = None
        self.last_feedback: Feedback | None = None
        self.report: QuizReport | None = None
        self.citations: list[str] = []  # what `c` lists (the screen asks every pane)
        self.section = None  # quiz questions are not sections of a document
        self._clock: Timer | None = None  # the time-limit timer of a timed run
        self._warned: set[int] = set()  # the WARN_MINUTES_LEFT already said for this run

    def compose(self) -> ComposeResult:
        yield Static(classes="quiz-status", id="quiz-status")
        yield Vertical(id="quiz-body")

    async def show_menu(self) -> None:
        """Where a run ends up when it is over (the pane's menu)."""
        raise NotImplementedError

    @property
    def _service(self) -> QuizService:
        if self.service is None:
            raise RuntimeError("the quiz is not available")
        return self.service

    def _set_status(self, text: str) -> None:
        self.query_one("#quiz-status", Static).update(Text(text))

    async def _replace(self, *widgets: Widget) -> None:
        body = self.query_one("#quiz-body")
        await body.remove_children()
        await body.mount(*widgets)
        self.post_message(DataNoticesPending())  # reading or writing user data may have something to say

    async def start(self, begin: Begin) -> None:
        try:
            run = begin()
        except AcoError as err:
            self.notify(str(err), severity="error")
            await self.show_menu()
            return
        if run is None:
            self.notify("Nothing is due for review.")
            await self.show_menu()
            return
        self.run, self.report = run, None
        self._warned = set()
        self._stop_clock()
        if run.deadline is not None:
            self._clock = self.set_interval(1, self._tick, name="quiz-clock")
        await self.show_question()

    def _tick(self) -> None:
        run = self.run
        if run is None or run.finished:
            return
        self._set_status(run_status(run, self.trainee))
        left = run.time_left()
        if left is not None and 0 < left.total_seconds():
            due = [m for m in WARN_MINUTES_LEFT if left.total_seconds() <= m * 60 and m not in self._warned]
            if due:
                minutes = min(due)
                self._warned.update(m for m in WARN_MINUTES_LEFT if m >= minutes)
                self.notify(f"Less than {minutes} minute{'' if minutes == 1 else 's'} left.",
                            severity="warning", timeout=6)
        if left is not None and left.total_seconds() <= 0:
            run.finish("timed_out")
            # Not from here: this runs in the clock's own task, which stopping the clock cancels
            # (the report was then never mounted, leaving a blank pane).
            self.call_later(self._time_up)

    async def _time_up(self) -> None:
        self.notify("Time is up: the attempt has been recorded.", severity="warning")
        await self.show_report()

    async def show_question(self) -> None:
        run = self.run
        played = run.current if run is not None else None
        if run is None or played is None:
            return
        self.citations = []
        self._set_status(run_status(run, self.trainee))
        progress = ProgressBar(total=run.total, show_eta=False, id="quiz-progress")
        progress.progress = run.position - 1
        await self._replace(progress, question_card(played, question_header(run)))

    @on(QuestionCard.Answered)
    async def _answered(self, event: QuestionCard.Answered) -> None:
        event.stop()
        run = self.run
        if run is None or run.finished:
            return
        try:
            feedback = run.submit(event.response)
        except InvalidAnswer as err:
            self.notify(f"Not a complete answer: {err}", severity="warning")
            return
        except TimeUp:
            await self._time_up()
            return
        except AcoError as err:
            self.notify(str(err), severity="error")
            return
        self._say_run_notices(run)
        self.last_feedback = feedback
        if feedback.reveal:
            self.citations = [e.id for e in feedback.excerpts]
            body = feedback_text(feedback, total=run.total, next_review=self._next_review(feedback.played.id),
                                 tones=theme_tones(self.app.theme_variables))
            await self._replace(FeedbackPage(body, correct=feedback.correct))
        else:
            self.notify("Answer recorded.", timeout=2)
            await self.continue_()

    @on(QuizPage.Continue)
    async def _page_done(self, event: QuizPage.Continue) -> None:
        event.stop()
        if isinstance(event.page, MissedPage):
            await self.show_report()
        else:
            await self.continue_()

    async def continue_(self) -> None:
        """Next question, the report at the end, or back to the menu after the report."""
        if self.run is None or self.report is not None:
            await self.show_menu()
        elif self.run.finished:
            await self.show_report()
        else:
            await self.show_question()

    def _say_run_notices(self, run: QuizRun) -> None:
        """What the run could not do but carried on without (a review card not saved...)."""
        for notice in run.notices:
            self.notify(notice, severity="warning")
        run.notices.clear()

    def _next_review(self, question_id: str) -> timedelta | None:
        """How long until the question's review card falls due (``None``: no card was saved)."""
        service = self._service
        due = service.next_review(self.trainee, question_id)
        return None if due is None else due - service.clock()

    @on(FeedbackPage.Graded)
    def _graded(self, event: FeedbackPage.Graded) -> None:
        """After a right answer, tell the review scheduler it was hard or easy, and say what that did."""
        event.stop()
        last = self.last_feedback
        if last is None or not last.correct or self.run is None:
            return
        self.run.rate_last(event.rating)
        self._say_run_notices(self.run)
        interval = self._next_review(last.played.id)
        when = f"next review in {interval_text(interval)}." if interval is not None else "not saved for review."
        self.notify(f"Noted: {event.rating}; {when}", timeout=4)

    def _stop_clock(self) -> None:
        if self._clock is not None:
            self._clock.stop()
            self._clock = None

    async def show_report(self) -> None:
        self._stop_clock()
        if self.report is None and self.run is not None:
            self.report = self.run.report()
        if self.report is None:
            return
        self.citations = []
        self._set_status(f"{self.report.title} \u00b7 finished")
        graded = self.run is None or self.run.plan.kind == "session"  # practice and review: no pass or fail
        await self._replace(ReportPage(self.report, graded=graded))

    @on(ReportPage.ReviewMissed)
    async def _review_missed(self, event: ReportPage.ReviewMissed) -> None:
        event.stop()
        if self.report is not None:
            await self._replace(MissedPage(self.report, self.content))

    @on(ReportPage.RetryMissed)
    async def _retry_missed(self, event: ReportPage.RetryMissed) -> None:
        event.stop()
        report = self.report
        if report is None or not report.missed:
            return
        ids = [item.played.id for item in report.missed]
        service = self._service
        await self.start(lambda: service.start_retry(self.trainee, ids, title=f"Retry: {report.title}"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return bool(self.attempt_title)
        return True

    async def action_stop(self) -> None:
        """Ask: keep going, restart from question 1, or abandon now."""
        from aco_tui.ui.screens.quiz_dialogs import ABANDON, RESTART, StopQuizScreen

        run = self.run
        if run is None or run.finished:
            return

        async def chosen(choice: int | None) -> None:
            if self.run is not run or run.finished:
                return
            if choice == RESTART:
                run.abandon()
                await self.start(lambda: self._service.start_again(run))
            elif choice == ABANDON:
                run.abandon()
                await self.show_report()

        await self.app.push_screen(StopQuizScreen(self.attempt_title), chosen)

    @property
    def attempt_title(self) -> str:
        """``"The quiz 'Title' (3 of 20 answered)"`` while an attempt is under way, else ``""``."""
        run = self.run
        return attempt_label(run) if run is not None and not run.finished else ""

    def abandon_if_running(self) -> None:
        """Record an unfinished run as abandoned (the app calls this when it quits)."""
        if self.run is not None and not self.run.finished:
            self.run.abandon()
