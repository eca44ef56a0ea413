"""The dashboard's four views of a :class:`~aco_tui.quiz.cohort.CohortReport`.

Each has ``show(report)``, called on every refresh that brought new figures. The tables change
only the cells that changed (a cohort of 500 refreshes in milliseconds, and the cursor stays put).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, Static

from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.cohort import CohortReport, TraineeRow, attempt_percent, aware, histogram
from aco_tui.quiz.results_text import one_line, session_parts
from aco_tui.quiz.statistics import MIN_RELIABLE
from aco_tui.ui.trainer.charts import bar, histogram_lines, percent_label, signed_bar

TRAINEE_WIDTH = 20
QUESTION_WIDTH = 22


def state_text(row: TraineeRow) -> str:
    """``live, Q3/12``, ``stale, Q3/12``, ``finished``, ``timed out`` or ``abandoned``."""
    if row.position is not None:
        return f"{row.state}, Q{row.position}/{row.latest.total}"
    return row.state


def score_text(row: TraineeRow) -> str:
    """Running: right answers so far; ended: the score and percent."""
    latest = row.latest
    if latest.status == "in_progress":
        return f"{latest.score}/{latest.answered} so far"
    return f"{latest.score}/{latest.total} {attempt_percent(latest):.0f}%"


def result_text(row: TraineeRow) -> str:
    return "" if row.passed is None else "pass" if row.passed else "fail"


class SyncedTable(DataTable[Any]):
    """A DataTable whose rows are replaced by key, changing only the cells that differ; Enter opens a row."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", id="trainer.open")]

    def sync(self, rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Make the table show ``rows`` (key, cells), in this order."""
        wanted = [key for key, _ in rows]
        current = [str(key.value) for key in self.rows]
        if current != wanted:
            cursor = self.cursor_row
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
            if rows:
                self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)
            return
        for key, cells in rows:
            old = self.get_row(key)
            for column, (before, after) in enumerate(zip(old, cells, strict=True)):
                if str(before) != str(after):
                    self.update_cell(key, self.ordered_columns[column].key, after)


class TraineeTable(SyncedTable):
    """One row per trainee: state (and question), score, pass or fail, time of the last answer."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_column("Trainee", width=TRAINEE_WIDTH, key="trainee")
        self.add_column("State", width=15, key="state")
        self.add_column("Score", width=12, key="score")
        self.add_column("Result", width=6, key="result")
        self.add_column("Last (UTC)", width=10, key="last")

    def show(self, report: CohortReport) -> None:
        self.sync(
            [
                (
                    row.trainee,
                    (
                        one_line(row.trainee, TRAINEE_WIDTH),
                        state_text(row),
                        score_text(row),
                        result_text(row),
                        aware(row.latest.last_activity).strftime("%H:%M:%S"),
                    ),
                )
                for row in report.trainees
            ]
        )


class QuestionTable(SyncedTable):
    """One row per question: n, facility and discrimination as bars, and the review flag."""

    hardest_first = False

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.add_column("#", width=2, key="position")
        self.add_column("Question", width=QUESTION_WIDTH, key="question")
        self.add_column("n", width=3, key="n")
        self.add_column("Facility", width=12, key="facility")
        self.add_column("Discrimination", width=15, key="discrimination")
        self.add_column("Flag", width=6, key="flag")

    def show(self, report: CohortReport) -> None:
        items = list(enumerate(report.analysis.items, start=1)) if report.analysis else []
        if self.hardest_first:
            items.sort(key=lambda pair: (pair[1].figures.facility is None, pair[1].figures.facility or 0.0))
        rows = []
        for position, item in items:
            figures = item.figures
            facility = None if figures.facility is None else 100 * figures.facility
            discrimination = "   -" if figures.discrimination is None else f"{figures.discrimination:5.2f}"
            rows.append(
                (
                    item.question,
                    (
                        str(position),
                        one_line(item.question, QUESTION_WIDTH),
                        str(figures.n),
                        f"{bar(figures.facility, 7)} {percent_label(facility)}",
                        f"{signed_bar(figures.discrimination, 9)}{discrimination}",
                        "review" if item.flag else "",
                    ),
                )
            )
        self.sync(rows)


class TopicChart(Static):
    """The cohort's share of questions fully right, per topic, as bars."""

    def show(self, report: CohortReport) -> None:
        if not report.topics:
            self.update("No finished attempts yet: topics appear when the first trainee finishes.")
            return
        lines = [Text("Questions fully right, each trainee's first finished attempt\n")]
        for topic in report.topics:
            share = topic.percent
            lines.append(
                Text(
                    f"{topic_label(topic.topic):<18} {bar(None if share is None else share / 100, 30)} "
                    f"{percent_label(share)}  {topic.right}/{topic.asked}"
                )
            )
        self.update(Text("\n").join(lines))


class ScoreChart(Static):
    """The distribution of scores and the whole session's figures with their readings."""

    def show(self, report: CohortReport) -> None:
        analysis = report.analysis
        if analysis is None or not analysis.scores:
            self.update("No finished attempts yet: the distribution appears when the first trainee finishes.")
            return
        labels = [f"{band * 10}-{band * 10 + 9}%" if band < 9 else "90-100%" for band in range(10)]
        lines = [Text(f"Scores of {len(analysis.scores)} counted attempts (percent of the maximum)\n")]
        lines += histogram_lines(histogram(analysis.scores), 36, labels)
        first, second = session_parts(analysis.test)
        lines += [Text(""), Text(", ".join(first)), Text(", ".join(second))]
        if len(analysis.scores) < MIN_RELIABLE:
            lines.append(Text(f"Fewer than {MIN_RELIABLE} counted attempts: unreliable.", style="italic"))
        self.update(Text("\n").join(lines))
