"""The Quiz pane: choose a session, a practice quiz or a review (``quiz_menu``); play it (a
:class:`~aco_tui.ui.panes.quiz_runner.QuizRunner` the pane holds); read the results."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static

from aco_tui.errors import AcoError
from aco_tui.knowledge.content import Content
from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.run import QuizReport, QuizRun
from aco_tui.quiz.service import QuizService
from aco_tui.quiz.start import DEFAULT_COUNT, QuizStart
from aco_tui.ui.messages import DataNoticesPending, LeaveRequested
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_menu import PracticeFilters, QuizMenu
from aco_tui.ui.panes.quiz_pages import FeedbackPage, QuizPage, ReportPage, StartPage
from aco_tui.ui.panes.quiz_runner import QuizRunner, SavingNote
from aco_tui.ui.panes.quiz_summary import SummaryPage
from aco_tui.ui.panes.quiz_views import start_text
from aco_tui.ui.widgets.quiz_progress import QuizProgress


class QuizStatus(Static):
    """The quiz's status line. It takes the store's notes (:class:`SavingNote`, posted from the
    thread that waits on the store) on its own message queue: the pane's may be waiting for that very
    transaction to finish."""

    @on(SavingNote)
    def _saving_note(self, event: SavingNote) -> None:
        event.stop()
        pane = self.parent
        if isinstance(pane, QuizPane) and pane.runner is not None:
            pane.runner.say_saving(event.note)


class QuizPane(Vertical):
    """Menu, start page, question, feedback and report, one at a time, in ``#quiz-body`` under the
    status line ``#quiz-status``.

    Args:
        service: the quiz service the app built, or ``None`` when the question bank is unusable
            (``problem`` then says why).
        trainee: the name attempts are recorded under.
        content: the explainer, to link each missed question to the section that teaches it.
        start: what to open on (``aco-tui quiz`` and its options); the menu by default.
    """

    DUE_REFRESH_S = 30.0  # how often the menu counts the due review cards again
    BINDINGS = [
        Binding(
            "ctrl+r",
            "stop",
            "Restart/abandon",
            id="quiz.stop",
            tooltip="Restart the quiz from question 1, or abandon it and see the report",
        ),
        # Moving about a deferred attempt (Moodle's quiz navigation); priority, so that a
        # short answer's text box does not take the keys.
        Binding(
            "ctrl+n",
            "skip",
            "Skip",
            id="quiz.skip",
            priority=True,
            tooltip="Leave this question for later: on to the next unanswered one",
        ),
        Binding("ctrl+b", "go_back", "Back", id="quiz.go_back", priority=True, tooltip="The question before this one"),
        Binding(
            "ctrl+g",
            "flag",
            "Flag",
            id="quiz.flag",
            priority=True,
            tooltip="Flag this question to come back to (again: unflag)",
        ),
        Binding(
            "ctrl+o",
            "summary",
            "Summary",
            id="quiz.summary",
            priority=True,
            tooltip="Every question's state, to go back to one or submit",
        ),
    ]
    DEFAULT_CSS = """
    QuizPane {
        height: 1fr;
        padding: 0 1;
    }
    QuizPane .quiz-status {
        color: $text-muted;
        height: auto;
    }
    QuizPane #quiz-body {
        height: 1fr;
    }
    """

    def __init__(
        self,
        service: QuizService | None,
        *,
        trainee: str,
        start: QuizStart | None = None,
        content: Content | None = None,
        problem: str = "",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, classes="quiz-pane")
        self.service = service
        self.trainee = trainee
        self.runner = QuizRunner(self, service, trainee=trainee, content=content) if service is not None else None
        self.problem = problem
        self.section = None  # quiz questions are not sections of a document
        self._shown: tuple[Widget, ...] = ()  # what the body shows (or is about to)
        self._step_lock = asyncio.Lock()  # the steps (see :meth:`step`) one at a time
        self.opening = start or QuizStart()
        self.filters = PracticeFilters(
            topics=self.opening.topics or TOPICS, levels=self.opening.levels, count=self.opening.count or DEFAULT_COUNT
        )

    def compose(self) -> ComposeResult:
        yield QuizStatus(classes="quiz-status", id="quiz-status")
        bar = QuizProgress(id="quiz-progress")
        bar.display = False
        yield bar
        yield Vertical(id="quiz-body")

    @property
    def run(self) -> QuizRun | None:
        """The run under way (or just ended), if any."""
        return self.runner.run if self.runner is not None else None

    @property
    def report(self) -> QuizReport | None:
        """The end report of the run, once it ended."""
        return self.runner.report if self.runner is not None else None

    @property
    def citations(self) -> list[str]:
        """What `c` lists: the excerpts of the feedback shown (the screen asks every pane)."""
        return self.runner.citations if self.runner is not None else []

    @property
    def attempt_title(self) -> str:
        """``"The quiz 'Title' (3 of 20 answered)"`` while an attempt is under way, else ``""``."""
        return self.runner.attempt_title if self.runner is not None else ""

    def abandon_if_running(self) -> None:
        """Record an unfinished run as abandoned (the app calls this when it quits)."""
        if self.runner is not None:
            self.runner.abandon_if_running()

    @property
    def _runner(self) -> QuizRunner:
        if self.runner is None:
            raise RuntimeError("the quiz is not available")
        return self.runner

    def set_status(self, text: str) -> None:
        self.query_one("#quiz-status", Static).update(Text(text))

    async def show(self, *widgets: Widget, progress: tuple[int, int] | None = None) -> None:
        """Show ``widgets`` in the body instead of what it shows now; ``progress`` (questions done,
        questions in all) shows the progress bar above them, which is updated, not rebuilt."""
        body = self.query_one("#quiz-body")
        shown = list(body.children)
        self._shown = widgets
        bar = self.query_one("#quiz-progress", QuizProgress)
        # One frame for the new page (not one for the empty body between), and the focus goes from
        # the old page straight to the new one (not through another widget while the body is empty).
        with self.app.batch_update():
            if progress is not None:
                bar.show(*progress)
            bar.display = progress is not None
            await body.mount(*widgets)
            await body.remove_children(shown)
        self.post_message(DataNoticesPending())  # reading or writing user data may have something to say

    def step(self, work: Coroutine[Any, Any, None], *, on: Widget | None = None) -> None:
        """Take a step of the quiz that may read or write the store (start, move on, finish, flag) in
        a worker: the pane's message queue stays free while the store works, so the keys that pass
        through the pane (switching panes, help) are handled meanwhile. Steps run one after another,
        in the order asked; a step asked for from a page (``on``) is dropped if, by its turn, that
        page is no longer shown (a second Enter on a page the first one replaced)."""

        async def one_step() -> None:
            try:
                async with self._step_lock:
                    if on is None or on in self._shown:
                        await work
            finally:
                work.close()  # dropped, or cancelled while waiting its turn: never started, no warning

        self.run_worker(one_step(), name="quiz-step", group="quiz-step")

    def _current(self) -> Widget | None:
        """The page (or menu, or question) the body shows now."""
        return self._shown[0] if self._shown else None

    async def on_mount(self) -> None:
        self.set_interval(self.DUE_REFRESH_S, self.refresh_due, name="quiz-due-count")
        if self.service is None:
            # A broken question bank costs the quiz, not the rest of the app.
            self.set_status(f"The quiz is not available: {self.problem}")
            await self.show(Static(Text("Run 'aco-tui check' to see every problem in content/quiz/.")))
            return
        start = self.opening
        if start.session:
            self.step(self.start_session(start.session, start_page=start.start_page))
        elif start.review:
            self.step(self.start_review(limit=start.count))
        elif start.practice:
            self.step(self.start_practice(self.filters, seed=start.seed))
        else:
            self.step(self.show_menu())

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

    # -- the run: the pages' messages go to the runner ----------------------------------------------

    @on(QuestionCard.Answered)
    async def _answered(self, event: QuestionCard.Answered) -> None:
        event.stop()
        await self._runner.answered(event.response, event.played)

    @on(QuizPage.Continue)
    async def _page_done(self, event: QuizPage.Continue) -> None:
        event.stop()
        if event.page not in self._shown:  # a second Enter on a page already being replaced does nothing
            return
        runner = self._runner
        if runner.next_is_question(event.page) and not (self._step_lock.locked() or runner.saving):
            await runner.page_done(event.page)  # no store call: at once, in one frame
        else:
            self.step(runner.page_done(event.page), on=event.page)

    @on(FeedbackPage.Graded)
    def _graded(self, event: FeedbackPage.Graded) -> None:
        event.stop()
        self._runner.graded(event.rating)

    @on(ReportPage.ReviewMissed)
    async def _review_missed(self, event: ReportPage.ReviewMissed) -> None:
        event.stop()
        await self._runner.review_missed()

    @on(ReportPage.RetryMissed)
    async def _retry_missed(self, event: ReportPage.RetryMissed) -> None:
        event.stop()
        self.step(self._runner.retry_missed(), on=self._current())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "stop":
            return bool(self.attempt_title)
        if action in ("skip", "go_back", "flag", "summary"):
            return self.runner is not None and self.runner.can_navigate()
        return True

    async def action_skip(self) -> None:
        await self._runner.skip()

    async def action_go_back(self) -> None:
        await self._runner.go_back()

    def action_flag(self) -> None:
        self.step(self._runner.flag())

    async def action_summary(self) -> None:
        await self._runner.show_summary()

    @on(SummaryPage.GoTo)
    async def _summary_go_to(self, event: SummaryPage.GoTo) -> None:
        event.stop()
        await self._runner.go_to(event.position)

    @on(SummaryPage.Submit)
    async def _summary_submit(self, event: SummaryPage.Submit) -> None:
        event.stop()
        self.step(self._runner.submit_attempt(), on=self._current())

    async def action_stop(self) -> None:
        """Ask: keep going, restart from question 1, or abandon now."""
        await self._runner.stop()

    # -- menu -------------------------------------------------------------------------------------

    async def show_menu(self) -> None:
        """The menu (where a run ends up when it is over)."""
        runner = self._runner
        runner.forget()
        service, trainee = runner.service, self.trainee
        try:
            due = await asyncio.to_thread(service.due_count, trainee)  # read off the UI thread
        except AcoError as err:  # the menu still opens: the count comes again with the next refresh
            self.notify(f"The review cards due could not be counted: {err}", severity="warning")
            due = 0
        self._set_due_status(due)
        await self.show(QuizMenu(runner.service.sessions(), runner.service.topic_counts(), due, self.filters))

    def _set_due_status(self, due: int) -> None:
        self.set_status(f"Trainee: {self.trainee} \u00b7 review cards due now: {due}")

    def refresh_due(self) -> None:
        """Count the due review cards again while the menu is shown: cards fall due as time passes,
        and other runs (the command line, another terminal) answer and review. The count is read in
        a worker thread (a stalled database never freezes the screen)."""
        if not self.query(QuizMenu) or self.service is None or not self.display:
            return
        self.run_worker(
            self._count_due, thread=True, name="quiz-due", group="quiz-due", exclusive=True, exit_on_error=False
        )

    def _count_due(self) -> None:
        """In the worker thread: read the count, then show it on the UI thread."""
        if self.service is not None:
            due = self.service.due_count(self.trainee)
            self.app.call_from_thread(self._show_due, due)

    def _show_due(self, due: int) -> None:
        menus = self.query(QuizMenu)
        if not menus:
            return  # the menu was left meanwhile
        self._set_due_status(due)
        menus.first().set_due(due)
        self.post_message(DataNoticesPending())

    @on(OptionList.OptionSelected, "#quiz-menu")
    async def _menu_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, name = (event.option.id or "").partition(":")
        if kind == "session":
            self.step(self.start_session(name), on=self._current())
        elif kind == "practice":
            filters = self.query_one(QuizMenu).filters
            if not filters.topics:
                self.notify("Choose at least one topic (Tab to the list, Space to tick).", severity="warning")
                return
            self.step(self.start_practice(filters), on=self._current())
        elif kind == "review":
            self.step(self.start_review(), on=self._current())
        elif kind == "live":
            from aco_tui.ui.screens.live import LiveCodeDialog, LiveRequested

            def join(code: str | None) -> None:
                if code:
                    self.post_message(LiveRequested(code))

            self.app.push_screen(LiveCodeDialog(), join)

    async def start_session(self, name: str, *, confirmed: bool = False, start_page: bool = False) -> None:
        """Begin an attempt at a named session; a timed or deferred one shows its start page first
        (any one, with ``start_page``)."""
        runner = self._runner
        spec = next((s for s in runner.service.sessions() if s.name == name), None)
        if spec is not None and not confirmed and (start_page or spec.time_limit or spec.feedback == "deferred"):
            runner.forget()
            service, trainee = runner.service, self.trainee
            try:
                running = await asyncio.to_thread(service.check_session, name, trainee)  # off the UI thread
            except AcoError as err:
                self.notify(str(err), severity="error")
                await self.show_menu()
                return
            self.set_status(
                f"Trainee: {self.trainee} \u00b7 " + ("attempt in progress" if running else "ready to start")
            )
            await self.show(StartPage(start_text(spec, running), session=name))
            return
        await runner.start(lambda: runner.service.start_session(name, self.trainee))

    @on(StartPage.Begin)
    async def _begin(self, event: StartPage.Begin) -> None:
        event.stop()
        self.step(self.start_session(event.session, confirmed=True), on=self._current())

    @on(StartPage.Back)
    async def _not_now(self, event: StartPage.Back) -> None:
        event.stop()
        self.step(self.show_menu(), on=self._current())

    async def start_practice(self, filters: PracticeFilters, seed: int | None = None) -> None:
        """Begin a practice quiz (and keep its filters for the menu)."""
        runner = self._runner
        self.filters = filters
        topics = () if set(filters.topics) == set(TOPICS) else filters.topics  # "all topics"
        await runner.start(
            lambda: runner.service.start_practice(
                self.trainee, topics=topics, levels=filters.levels, count=filters.count, seed=seed
            )
        )

    async def start_review(self, limit: int | None = None) -> None:
        """Begin a review of the due questions, most overdue first."""
        runner = self._runner
        await runner.start(lambda: runner.service.start_review(self.trainee, limit=limit))
