"""Your progress in the app: per topic read, checked, mastered and the predicted recall in a week;
the reviews due now and coming due.

The figures are :mod:`aco_tui.quiz.progress_report`'s (as ``aco-tui progress`` prints them), drawn
as bars with the numbers beside them, so they read without colour too.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.progress_report import ProgressReport, due_sentence
from aco_tui.quiz.review import RECALL_MEANING
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar

BAR = 12
SPARK = " \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588"


def bar(fraction: float | None, width: int = BAR) -> str:
    """``fraction`` (0..1) as a bar of full and light blocks; blank for None."""
    if fraction is None:
        return " " * width
    full = round(max(0.0, min(1.0, fraction)) * width)
    return "\u2588" * full + "\u2591" * (width - full)


def sparkline(values: list[int]) -> str:
    """One character per value, scaled to the largest (a space for zero)."""
    top = max(values, default=0)
    return "".join(SPARK[0] if not v else SPARK[max(1, round(v / top * (len(SPARK) - 1)))] for v in values)


def report_renderables(report: ProgressReport) -> list[Table | Text]:
    """The table of topics, then the text under it: what "Recall" means, the reviews, the calendar.

    The table fits the dialog at 80x24 (66 columns beside the scrollbar) with every cell at its
    widest: the column is called "Recall", explained in full under the table, and the questions
    last answered wrong get a line of their own rather than a longer cell.
    """
    table = Table(box=None, padding=(0, 1), pad_edge=False, show_edge=False)
    for column in ("Topic", "Read", "Checks", "Mastery", "Recall"):
        table.add_column(column, no_wrap=True)
    for t in report.topics:
        read = t.sections_read / t.sections if t.sections else None
        table.add_row(
            topic_label(t.topic),
            f"{bar(read, 6)} {t.sections_read}/{t.sections}",
            f"{t.checks_right}/{t.checks}",
            f"{bar(t.mastery, 6)} {t.mastery:.0%}" + (" \u2713" if t.mastered else ""),
            "-" if t.recall is None else f"{bar(t.recall, 6)} {t.recall:.0%}",
        )
    wrong = [f"{topic_label(t.topic)} {t.last_wrong}" for t in report.topics if t.last_wrong]
    summary = Text()
    if wrong:
        summary.append(f"\nQuestions whose last answer was wrong: {', '.join(wrong)}.\n")
    summary.append(f"\n{RECALL_MEANING}\n", style="italic")
    due = [n for _, n in report.forecast]
    days = [n for _, n in report.calendar]
    summary.append(f"\n{due_sentence(report.due_now)}\n", style="bold")
    summary.append(f"Falling due later, next {len(due)} days: {sum(due)}\n")
    summary.append(
        f"  {sparkline(due)}  later today {due[0] if due else 0}, then {' '.join(str(n) for n in due[1:7])}\n"
    )
    summary.append(f"\nStudy calendar, last {len(days)} days: {sum(1 for n in days if n)} days studied\n", style="bold")
    for week in range(0, len(days), 7):
        start = report.calendar[week][0]
        summary.append(
            f"  {start.isoformat()}  {sparkline(days[week : week + 7]) or ''}  {sum(days[week : week + 7])}\n"
        )
    return [table, summary]


class ProgressScreen(Dialog[None]):
    """Where the trainee stands: a table of topics and two charts."""

    DEFAULT_CSS = """
    ProgressScreen > VerticalScroll { width: 90%; max-width: 100; height: 90%; border: round $accent;
                                      padding: 0 1; background: $panel; }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="progress.close")]

    def __init__(self, report: ProgressReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=True):
            yield Static(Text(f"Progress of {self.report.trainee}", style="bold"))
            for renderable in report_renderables(self.report):
                yield Static(renderable)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()
