"""The Quiz pane: choose a session, a practice quiz or a review; play it (``quiz_runner``); read the results."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import OptionList, Static

from aco_tui.knowledge.content import Content
from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.service import QuizService
from aco_tui.quiz.start import DEFAULT_COUNT, QuizStart
from aco_tui.ui.messages import DataNoticesPending, LeaveRequested
from aco_tui.ui.panes.quiz_menu import PracticeFilters, QuizMenu
from aco_tui.ui.panes.quiz_pages import StartPage
from aco_tui.ui.panes.quiz_runner import QuizRunner
from aco_tui.ui.panes.quiz_views import start_text


class QuizPane(QuizRunner):
    """Menu, start page, question, feedback and report, one at a time.

    Args:
        service: the quiz service the app built, or ``None`` when the question bank is unusable
            (``problem`` then says why).
        trainee: the name attempts are recorded under.
        content: the explainer, to link each missed question to the section that teaches it.
        start: what to open on (``aco-tui quiz`` and its options); the menu by default.
    """

    DUE_REFRESH_S = 30.0  # how often the menu counts the due review cards again

    def __init__(self, service: QuizService | None, *, trainee: str, start: QuizStart | None = None,
                 content: Content | None = None, problem: str = "", id: str | None = None) -> None:
        super().__init__(service, trainee=trainee, content=content, id=id)
        self.problem = problem
        self.opening = start or QuizStart()
        self.filters = PracticeFilters(topics=self.opening.topics or TOPICS, levels=self.opening.levels,
                                       count=self.opening.count or DEFAULT_COUNT)

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

    @on(StartPage.Begin)
    async def _begin(self, event: StartPage.Begin) -> None:
        event.stop()
        await self.start_session(event.session, confirmed=True)

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
