"""The dashboard screen: a summary, four tabs (trainees, questions, topics, scores), drill-downs."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from aco_tui.quiz.cohort import CohortReport, aware
from aco_tui.quiz.model import Question
from aco_tui.quiz.results_text import summary_line
from aco_tui.quiz.statistics import MIN_RELIABLE
from aco_tui.ui.trainer.screens import DetailScreen, question_lines, trainee_lines
from aco_tui.ui.trainer.views import QuestionTable, ScoreChart, TopicChart, TraineeTable
from aco_tui.ui.widgets.key_bar import KeyBar


def same_figures(old: CohortReport | None, new: CohortReport) -> bool:
    """Whether a refresh brought nothing new to show (the time of the refresh aside)."""
    return (
        old is not None
        and old.session == new.session
        and old.trainees == new.trainees
        and old.topics == new.topics
        and old.analysis == new.analysis
    )


class Dashboard(Screen[None]):
    """How the cohort is doing, refreshed by the app."""

    BINDINGS = [
        Binding("1", "tab('trainees')", "Trainees", show=False),
        Binding("2", "tab('questions')", "Questions", show=False),
        Binding("3", "tab('topics')", "Topics", show=False),
        Binding("4", "tab('scores')", "Scores", show=False),
        Binding("o", "order", "Order", id="trainer.order"),
        Binding("s", "session", "Session", id="trainer.session"),
        Binding("r", "reload", "Refresh", id="trainer.reload"),
        Binding("q", "app.quit", "Quit", id="trainer.quit"),
    ]

    def __init__(
        self,
        interval: float,
        questions: Mapping[str, Question],
        excerpt: Callable[[str], str | None],
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.interval = interval
        self.questions = questions
        self.excerpt = excerpt
        self.report: CohortReport | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading\u2026", id="summary")
        with TabbedContent(initial="trainees", id="trainer-tabs"):
            with TabPane("1 Trainees", id="trainees"):
                yield TraineeTable(id="trainee-table")
            with TabPane("2 Questions", id="questions"):
                yield QuestionTable(id="question-table")
            with TabPane("3 Topics", id="topics"):
                yield TopicChart(id="topic-chart")
            with TabPane("4 Scores", id="scores"):
                yield ScoreChart(id="score-chart")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(TraineeTable).focus()
        self.app.start_refreshing()  # type: ignore[attr-defined]

    def show(self, report: CohortReport) -> None:
        """Show fresh figures (only what changed is redrawn)."""
        changed = not same_figures(self.report, report)
        self.report = report
        try:
            self._show_summary(report)
            if changed:
                self.query_one(TraineeTable).show(report)
                self.query_one(QuestionTable).show(report)
                self.query_one(TopicChart).show(report)
                self.query_one(ScoreChart).show(report)
        except NoMatches:  # the app is closing and its widgets are gone
            pass

    def clear(self) -> None:
        """Forget the figures shown (another session is loading)."""
        self.report = None
        self.query_one("#summary", Static).update("Loading\u2026")

    def _show_summary(self, report: CohortReport) -> None:
        counted = len(report.analysis.attempts) if report.analysis else 0
        second = f"updated {aware(report.now).strftime('%H:%M:%S')} UTC, every {self.interval:g} s"
        if 0 < counted < MIN_RELIABLE:
            second += f"; {counted} counted: figures unreliable"
        self.query_one("#summary", Static).update(Text(f"{summary_line(report)}\n{second}"))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        table = {"trainees": TraineeTable, "questions": QuestionTable}.get(tab)
        if table is not None:
            self.query_one(table).focus()

    def action_order(self) -> None:
        """Questions in session order, or hardest first."""
        table = self.query_one(QuestionTable)
        table.hardest_first = not table.hardest_first
        if self.report is not None:
            table.show(self.report)
        self.notify("Hardest first" if table.hardest_first else "In session order", timeout=2)

    def action_session(self) -> None:
        self.app.choose_session()  # type: ignore[attr-defined]

    def action_reload(self) -> None:
        self.app.reload()  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        report, key = self.report, event.row_key.value
        if report is None or key is None:
            return
        if isinstance(event.data_table, TraineeTable):
            self.app.push_screen(DetailScreen(trainee_lines(report, key, self.questions)))
            return
        item = report.item(key)
        if item is not None and report.analysis is not None:
            position = report.analysis.items.index(item) + 1
            self.app.push_screen(DetailScreen(question_lines(position, item, self.questions.get(key), self.excerpt)))
