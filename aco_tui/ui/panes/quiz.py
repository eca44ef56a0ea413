"""The Quiz pane: choose a session, a practice quiz or a review; play it; read the results."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import OptionList, ProgressBar, SelectionList, Static
from textual.widgets.option_list import Option

from aco_tui.errors import AcoError
from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.fields import LEVELS
from aco_tui.quiz.run import QuizRun, TimeUp
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.storage.progress import ProgressStore
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_views import feedback_text, missed_text, report_text
from aco_tui.ui.widgets.chooser import Chooser
from aco_tui.ui.widgets.safe_lists import SafeOptionList, SafeSelectionList

ANY = "any"


class QuizPage(VerticalScroll, can_focus=True):
    """A scrollable page of text with its own keys (feedback, results, missed questions)."""

    BINDINGS = [
        Binding("enter", "continue", "Continue", id="quiz.continue"),
        Binding("r", "review_missed", "Review missed", id="quiz.review_missed"),
        Binding("h", "grade('hard')", "Was hard", id="quiz.hard"),
        Binding("e", "grade('easy')", "Was easy", id="quiz.easy"),
        Binding("escape", "continue", "Back", show=False),
    ]

    def __init__(self, text: Text, *, page: str, correct: bool = False) -> None:
        super().__init__(classes=f"quiz-page quiz-{page}")
        self.text = text
        self.page = page
        self.correct = correct

    def compose(self) -> ComposeResult:
        yield Static(self.text)

    def on_mount(self) -> None:
        self.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "review_missed":
            return self.page == "report"
        if action == "grade":
            return self.page == "feedback" and self.correct
        return True

    @property
    def pane(self) -> "QuizPane":
        return self.query_ancestor(QuizPane)

    async def action_continue(self) -> None:
        if self.page == "missed":
            await self.pane.show_report()
        else:
            await self.pane.continue_()

    async def action_review_missed(self) -> None:
        await self.pane.review_missed()

    def action_grade(self, rating: str) -> None:
        self.pane.grade(rating)


class QuizPane(Vertical):
    """Menu, question, feedback and report, one at a time."""

    def __init__(self, knowledge: KnowledgeBase, progress: ProgressStore | None, *, trainee: str,
                 session_name: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id, classes="quiz-pane")
        self.knowledge = knowledge
        self.progress = progress
        self.trainee = trainee
        self.autostart = session_name
        self.service = None
        self.run: QuizRun | None = None
        self.last_feedback = None
        self.report = None
        self.citations: list[str] = []
        self.section = None
        self._clock = None  # the time-limit timer of a timed run

    def compose(self) -> ComposeResult:
        yield Static(classes="quiz-status", id="quiz-status")
        yield Vertical(id="quiz-body")

    async def on_mount(self) -> None:
        from aco_tui.quiz.service import QuizService

        try:
            self.service = QuizService.open(self.knowledge.paths.content / "quiz", self.knowledge.store,
                                            self.progress)
        except AcoError as err:
            # A broken question bank costs the quiz, not the rest of the app.
            self.query_one("#quiz-status", Static).update(Text(f"The quiz is not available: {err}"))
            await self._replace(Static(Text("Run 'aco-tui check' to see every problem in content/quiz/.")))
            return
        for notice in self.service.notices:
            self.notify(notice, severity="warning", timeout=10)
        if self.autostart:
            await self.start(lambda: self.service.start_session(self.autostart, self.trainee))
        else:
            await self.show_menu()

    async def _replace(self, *widgets) -> None:
        body = self.query_one("#quiz-body")
        await body.remove_children()
        await body.mount(*widgets)

    # -- menu -------------------------------------------------------------------------------------

    async def show_menu(self) -> None:
        self._stop_clock()
        self.run, self.report, self.citations = None, None, []
        due = self.service.due_count(self.trainee)
        self.query_one("#quiz-status", Static).update(
            Text(f"Trainee: {self.trainee} \u00b7 review cards due now: {due}"))
        options = [Option(Text(f"Session: {s.title} ({s.feedback} feedback"
                               + (f", {s.time_limit} min" if s.time_limit else "") + ")"), id=f"session:{s.name}")
                   for s in self.service.sessions()]
        counts = self.service.topic_counts()
        options.append(Option("Practice: the topics, level and length chosen below", id="practice:"))
        options.append(Option(f"Review: {due} due question(s), most overdue first", id="review:", disabled=not due))
        menu = SafeOptionList(*options, id="quiz-menu")
        topics = SafeSelectionList(*((f"{t.replace('-', ' ').capitalize()} ({counts.get(t, 0)})", t, True)
                                      for t in TOPICS), id="quiz-topics", compact=True)
        filters = Horizontal(
            Chooser("Level", [("Any level", ANY), *((lv.capitalize(), lv) for lv in LEVELS)], ANY, id="quiz-level"),
            Chooser("Length", [(f"{n} questions", n) for n in (5, 10, 20)], 10, id="quiz-length"),
            classes="quiz-filters")
        await self._replace(Static("Choose a quiz and press Enter. Tab moves to the practice topics (Space "
                                   "toggles), level and length."), menu, topics, filters)
        menu.focus()

    @on(OptionList.OptionSelected, "#quiz-menu")
    async def _menu_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, name = (event.option.id or "").partition(":")
        if kind == "session":
            await self.start(lambda: self.service.start_session(name, self.trainee))
        elif kind == "practice":
            topics = tuple(self.query_one("#quiz-topics", SelectionList).selected)
            if not topics:
                self.notify("Choose at least one topic (Tab to the list, Space to tick).", severity="warning")
                return
            level = self.query_one("#quiz-level", Chooser).value
            count = int(self.query_one("#quiz-length", Chooser).value)
            await self.start(lambda: self.service.start_practice(
                self.trainee, topics=topics, levels=() if level == ANY else (level,), count=count))
        elif kind == "review":
            await self.start(lambda: self.service.start_review(self.trainee))

    # -- playing ----------------------------------------------------------------------------------

    async def start(self, begin) -> None:
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
        self.run = run
        self._stop_clock()
        if run.deadline is not None:
            self._clock = self.set_interval(1, self._tick, name="quiz-clock")
        await self.show_question()

    def _status(self) -> Text:
        run = self.run
        parts = [run.plan.title, f"question {min(run.position, run.total)} of {run.total}", f"trainee {self.trainee}"]
        left = run.time_left()
        if left is not None:
            minutes, seconds = divmod(int(left.total_seconds()), 60)
            parts.append(f"time left {minutes}:{seconds:02d}")
        return Text(" \u00b7 ".join(parts))

    async def _tick(self) -> None:
        if self.run is None or self.run.finished:
            return
        self.query_one("#quiz-status", Static).update(self._status())
        left = self.run.time_left()
        if left is not None and left.total_seconds() <= 0:
            self.run.finish("timed_out")
            self.notify("Time is up: the attempt has been recorded.", severity="warning")
            await self.show_report()

    async def show_question(self) -> None:
        run = self.run
        played = run.current
        self.citations = []
        self.query_one("#quiz-status", Static).update(self._status())
        header = f"Q{run.position}/{run.total} [{played.type}] \u00b7 {played.question.topic} \u00b7 {played.question.level}"
        progress = ProgressBar(total=run.total, show_eta=False, id="quiz-progress")
        progress.progress = run.position - 1
        await self._replace(progress, QuestionCard(played, header))

    @on(QuestionCard.Answered)
    async def _answered(self, event: QuestionCard.Answered) -> None:
        event.stop()
        try:
            feedback = self.run.submit(event.response)
        except InvalidAnswer as err:
            self.notify(f"Not a complete answer: {err}", severity="warning")
            return
        except TimeUp:
            self.notify("Time is up: the attempt has been recorded.", severity="warning")
            await self.show_report()
            return
        except AcoError as err:
            self.notify(str(err), severity="error")
            return
        for notice in self.run.notices:
            self.notify(notice, severity="warning")
        self.run.notices.clear()
        self.last_feedback = feedback
        if feedback.reveal:
            self.citations = [e.id for e in feedback.excerpts]
            await self._replace(QuizPage(feedback_text(feedback, total=self.run.total), page="feedback",
                                          correct=feedback.correct))
        else:
            self.notify("Answer recorded.", timeout=2)
            await self.continue_()

    async def continue_(self) -> None:
        """Next question, the report at the end, or back to the menu after the report."""
        if self.run is None:
            await self.show_menu()
        elif self.report is not None:
            await self.show_menu()
        elif self.run.finished:
            await self.show_report()
        else:
            await self.show_question()

    def grade(self, rating: str) -> None:
        """After a right answer, tell the review scheduler it was hard or easy."""
        if self.last_feedback is not None and self.last_feedback.correct and self.run is not None:
            self.run.rate_last(rating)
            self.notify(f"Noted: {rating}. It will come back for review accordingly.", timeout=2)

    def _stop_clock(self) -> None:
        if self._clock is not None:
            self._clock.stop()
            self._clock = None

    async def show_report(self) -> None:
        self._stop_clock()
        self.report = self.report or self.run.report()
        self.citations = []
        self.query_one("#quiz-status", Static).update(Text(f"{self.report.title} \u00b7 finished"))
        await self._replace(QuizPage(report_text(self.report), page="report"))

    async def review_missed(self) -> None:
        if self.report is not None:
            page = QuizPage(missed_text(self.report), page="missed")
            await self._replace(page)

    def abandon_if_running(self) -> None:
        """Record an unfinished run as abandoned (the app calls this when it quits)."""
        if self.run is not None and not self.run.finished:
            self.run.abandon()
