"""The Quiz pane: choose a session, a practice quiz or a review; play it; read the results."""

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
from textual.widgets import OptionList, ProgressBar, Static

from aco_tui.errors import AcoError
from aco_tui.knowledge.content import Content
from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.model import Question
from aco_tui.quiz.run import Feedback, QuizReport, QuizRun, TimeUp
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.quiz.service import QuizService
from aco_tui.ui.messages import DataNoticesPending, LeaveRequested
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_links import SectionTarget, teaching_section
from aco_tui.ui.panes.quiz_menu import PracticeFilters, QuizMenu
from aco_tui.ui.panes.quiz_pages import FeedbackPage, MissedPage, QuizPage, ReportPage, StartPage
from aco_tui.ui.panes.quiz_start import DEFAULT_COUNT, QuizStart
from aco_tui.ui.panes.quiz_views import feedback_text, interval_text, missed_item, report_text, start_text

Begin = Callable[[], QuizRun | None]


class QuizPane(Vertical):
    """Menu, start page, question, feedback and report, one at a time.

    Args:
        service: the quiz service the app built, or ``None`` when the question bank is unusable
            (``problem`` then says why).
        trainee: the name attempts are recorded under.
        content: the explainer, to link each missed question to the section that teaches it.
        start: what to open on (``aco-tui quiz`` and its options); the menu by default.
    """

    BINDINGS = [Binding("ctrl+r", "stop", "Restart/abandon", id="quiz.stop",
                        tooltip="Restart the quiz from question 1, or abandon it and see the report")]

    DUE_REFRESH_S = 30.0  # how often the menu counts the due review cards again

    def __init__(self, service: QuizService | None, *, trainee: str, start: QuizStart | None = None,
                 content: Content | None = None, problem: str = "", id: str | None = None) -> None:
        super().__init__(id=id, classes="quiz-pane")
        self.service = service
        self.content = content
        self.problem = problem
        self.trainee = trainee
        self.opening = start or QuizStart()
        self.filters = PracticeFilters(topics=self.opening.topics or TOPICS, levels=self.opening.levels,
                                       count=self.opening.count or DEFAULT_COUNT)
        self.run: QuizRun | None = None
        self.last_feedback: Feedback | None = None
        self.report: QuizReport | None = None
        self.citations: list[str] = []  # what `c` lists (the screen asks every pane)
        self.section = None  # quiz questions are not sections of a document
        self._clock: Timer | None = None  # the time-limit timer of a timed run

    def compose(self) -> ComposeResult:
        yield Static(classes="quiz-status", id="quiz-status")
        yield Vertical(id="quiz-body")

    async def on_mount(self) -> None:
        self.set_interval(self.DUE_REFRESH_S, self.refresh_due, name="quiz-due-count")
        if self.service is None:
            # A broken question bank costs the quiz, not the rest of the app.
            self._set_status(f"The quiz is not available: {self.problem}")
            await self._replace(Static(Text("Run 'aco-tui check' to see every problem in content/quiz/.")))
            return
        start = self.opening
        if start.session:
            await self.start_session(start.session)
        elif start.review:
            await self.start_review(limit=start.count)
        elif start.practice:
            await self.start_practice(self.filters, seed=start.seed)
        else:
            await self.show_menu()

    def on_show(self) -> None:
        """Whenever the pane comes into view with a question or a page of a quiz, that has the focus,
        so the answer keys answer (they would otherwise switch panes, open dialogs or quit); the
        menu counts the due review cards again."""
        current = self.query("#quiz-body > QuestionCard, #quiz-body > QuizPage")
        if current:
            current.first().focus()
        self.refresh_due()

    @on(LeaveRequested)
    def _leaving(self, event: LeaveRequested) -> None:
        run = self.run
        if run is not None and not run.finished:
            clock = " (its clock keeps running)" if run.deadline is not None else ""
            self.notify(f"The quiz waits{clock}: press 7 to come back to it.", timeout=3)

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

    # -- menu -------------------------------------------------------------------------------------

    async def show_menu(self) -> None:
        self._stop_clock()
        self.run, self.report, self.citations = None, None, []
        service = self._service
        due = service.due_count(self.trainee)
        self._set_due_status(due)
        await self._replace(QuizMenu(service.sessions(), service.topic_counts(), due, self.filters))

    def _set_due_status(self, due: int) -> None:
        self._set_status(f"Trainee: {self.trainee} \u00b7 review cards due now: {due}")

    def refresh_due(self) -> None:
        """Count the due review cards again while the menu is shown: cards fall due as time passes,
        and other runs (the command line, another terminal) answer and review."""
        menus = self.query(QuizMenu)
        if not menus or self.service is None or not self.display:
            return
        due = self.service.due_count(self.trainee)
        self._set_due_status(due)
        menus.first().set_due(due)
        self.post_message(DataNoticesPending())

    @on(OptionList.OptionSelected, "#quiz-menu")
    async def _menu_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, name = (event.option.id or "").partition(":")
        if kind == "session":
            await self.start_session(name)
        elif kind == "practice":
            filters = self.query_one(QuizMenu).filters
            if not filters.topics:
                self.notify("Choose at least one topic (Tab to the list, Space to tick).", severity="warning")
                return
            await self.start_practice(filters)
        elif kind == "review":
            await self.start_review()

    async def start_session(self, name: str, *, confirmed: bool = False) -> None:
        """Begin an attempt at a named session; a timed or deferred one shows its start page first."""
        service = self._service
        spec = next((s for s in service.sessions() if s.name == name), None)
        if spec is not None and not confirmed and (spec.time_limit or spec.feedback == "deferred"):
            self.run, self.report = None, None
            self._set_status(f"Trainee: {self.trainee} \u00b7 ready to start")
            await self._replace(StartPage(start_text(spec), session=name))
            return
        await self.start(lambda: service.start_session(name, self.trainee))

    @on(StartPage.Back)
    async def _not_now(self, event: StartPage.Back) -> None:
        event.stop()
        await self.show_menu()

    async def start_practice(self, filters: PracticeFilters, seed: int | None = None) -> None:
        """Begin a practice quiz (and keep its filters for the menu)."""
        service = self._service
        self.filters = filters
        topics = () if set(filters.topics) == set(TOPICS) else filters.topics  # "all topics"
        await self.start(lambda: service.start_practice(
            self.trainee, topics=topics, levels=filters.levels, count=filters.count, seed=seed))

    async def start_review(self, limit: int | None = None) -> None:
        """Begin a review of the due questions, most overdue first."""
        service = self._service
        await self.start(lambda: service.start_review(self.trainee, limit=limit))

    # -- playing ----------------------------------------------------------------------------------

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
        self._stop_clock()
        if run.deadline is not None:
            self._clock = self.set_interval(1, self._tick, name="quiz-clock")
        await self.show_question()

    def _status(self, run: QuizRun) -> str:
        parts = [run.plan.title, f"question {min(run.position, run.total)} of {run.total}", f"trainee {self.trainee}"]
        left = run.time_left()
        if left is not None:
            minutes, seconds = divmod(int(left.total_seconds()), 60)
            parts.append(f"time left {minutes}:{seconds:02d}")
        return " \u00b7 ".join(parts)

    def _tick(self) -> None:
        run = self.run
        if run is None or run.finished:
            return
        self._set_status(self._status(run))
        left = run.time_left()
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
        self._set_status(self._status(run))
        header = f"Q{run.position}/{run.total} [{played.type}] \u00b7 {played.question.topic} \u00b7 {played.question.level}"
        progress = ProgressBar(total=run.total, show_eta=False, id="quiz-progress")
        progress.progress = run.position - 1
        await self._replace(progress, QuestionCard(played, header))

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
            body = feedback_text(feedback, total=run.total, next_review=self._next_review(feedback.played.id))
            await self._replace(FeedbackPage(body, correct=feedback.correct))
        else:
            self.notify("Answer recorded.", timeout=2)
            await self.continue_()

    @on(QuizPage.Continue)
    async def _page_done(self, event: QuizPage.Continue) -> None:
        event.stop()
        if isinstance(event.page, StartPage):
            await self.start_session(event.page.session, confirmed=True)
        elif isinstance(event.page, MissedPage):
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
        await self._replace(ReportPage(report_text(self.report, graded=graded), missed=len(self.report.missed)))

    @on(ReportPage.ReviewMissed)
    async def _review_missed(self, event: ReportPage.ReviewMissed) -> None:
        event.stop()
        if self.report is not None:
            items = [(missed_item(item), self._teaching(item.played.question)) for item in self.report.missed]
            await self._replace(MissedPage(items))

    def _teaching(self, question: Question) -> SectionTarget | None:
        return teaching_section(question, self.content) if self.content is not None else None

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
        if run is None or run.finished:
            return ""
        return f"The quiz \u2018{run.plan.title}\u2019 ({run.position - 1} of {run.total} answered)"

    def abandon_if_running(self) -> None:
        """Record an unfinished run as abandoned (the app calls this when it quits)."""
        if self.run is not None and not self.run.finished:
            self.run.abandon()
