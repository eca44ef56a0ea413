"""The dashboard's drill-downs (one question, one trainee) and its two small choices."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.cohort import CohortReport, ItemRow, answer_words, attempt_percent, aware
from aco_tui.quiz.model import Question
from aco_tui.quiz.results_text import figure_parts, one_line, type_words
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.trainer.charts import bar
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.safe_lists import SafeOptionList


class DetailScreen(Screen[None]):
    """A scrolling page of text; Escape goes back to the dashboard."""

    BINDINGS = [Binding("escape,backspace", "back", "Back", id="trainer.back")]
    DEFAULT_CSS = """
    DetailScreen .detail-body {
        height: 1fr;
        padding: 0 1;
    }
    """

    def __init__(self, lines: Sequence[Text]) -> None:
        super().__init__()
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="detail-body"):
            yield Static(Text("\n").join(self.lines), classes="detail-text")
        yield KeyBar()

    def action_back(self) -> None:
        self.dismiss(None)


def question_lines(
    position: int, item: ItemRow, question: Question | None, excerpt: Callable[[str], str | None]
) -> list[Text]:
    """One question: text, figures with their readings, answers with counts, explanation, excerpts."""
    heading = Text(
        f"Q{position}  {one_line(item.question)}  ({topic_label(item.topic) if item.topic else '?'}, "
        f"{type_words(item.type)})",
        style="bold",
    )
    if item.flag:
        heading.append("  REVIEW this question", style="bold reverse")
    lines = [heading]
    if item.text:
        lines.append(Text(one_line(item.text)))
    first, second = figure_parts(item)
    lines += [Text(""), Text(", ".join(first)), Text(", ".join(second)), Text(""), Text("Answers", style="bold")]
    top = max((o.count for o in item.options), default=0) or 1
    for option in item.options:
        mark = " (right)" if option.correct else ""
        lines.append(Text(f"  {bar(option.count / top, 16)} {option.count:>4}  {one_line(option.answer, 44)}{mark}"))
    if question is not None:
        lines += [Text(""), Text("Explanation", style="bold"), Text(one_line(question.explanation))]
        if question.excerpts:
            lines += [Text(""), Text("Excerpts", style="bold")]
            for number, ident in enumerate(question.excerpts, start=1):
                lines.append(Text(f"[{number}] " + (excerpt(ident) or f"{ident} (not in the store)")))
    return lines


def trainee_lines(report: CohortReport, trainee: str, questions: Mapping[str, Question]) -> list[Text]:
    """One trainee's attempts at the session, latest first, each with its answers."""
    mine = [a for a in report.attempts if a.trainee == trainee][::-1]
    lines = [
        Text(
            f"{one_line(trainee)}: {len(mine)} attempt{'s' if len(mine) != 1 else ''} at {one_line(report.title)}",
            style="bold",
        )
    ]
    for attempt in mine:
        when = aware(attempt.started).strftime("%Y-%m-%d %H:%M UTC")
        lines += [
            Text(""),
            Text(
                f"{when}  {attempt.status.replace('_', ' ')}, {attempt.score}/{attempt.total} "
                f"({attempt_percent(attempt):.0f}%), answered {attempt.answered}",
                style="bold",
            ),
        ]
        given = {answer.question: answer for answer in report.answers_of(attempt.id)}
        for number, qid in enumerate(attempt.questions, start=1):
            answer = given.get(qid)
            verdict = "     " if answer is None else "right" if answer.correct else "wrong"
            shown = "(not answered)" if answer is None else one_line(answer_words(answer), 40)
            text = questions[qid].question if qid in questions else qid
            lines.append(Text(f"{number:>3} {verdict} {one_line(text, 28):<28}  {shown}"))
    return lines


class StartChoice(Dialog[str]):
    """For a trainer over SSH: the dashboard or the explainer."""

    BINDINGS = [
        Binding("d", "choose('dashboard')", "Dashboard", id="trainer.choose_dashboard"),
        Binding("e", "choose('explainer')", "Explainer", id="trainer.choose_explainer"),
    ]
    DEFAULT_CSS = """
    StartChoice {
        align: center middle;
    }
    StartChoice > Vertical {
        width: 60;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    StartChoice OptionList {
        height: auto;
    }
    """
    CHOICES = (
        ("dashboard", "d  The trainer dashboard (how the cohort is doing)"),
        ("explainer", "e  The explainer (reading panes and the quiz)"),
    )

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Open which?", style="bold"))
            yield SafeOptionList(*(Option(label, id=key) for key, label in self.CHOICES))
            yield KeyBar()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.id))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class SessionPicker(Dialog[str | None]):
    """The named sessions; Enter picks one, Escape keeps the current one."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close", id="trainer.picker_close")]
    DEFAULT_CSS = """
    SessionPicker {
        align: center middle;
    }
    SessionPicker > Vertical {
        width: 90%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    SessionPicker OptionList {
        height: auto;
        max-height: 16;
    }
    """

    def __init__(self, sessions: Sequence[tuple[str, str]], current: str) -> None:
        super().__init__()
        self.sessions = list(sessions)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text("Show which session?", style="bold"))
            yield SafeOptionList(
                *(Option(Text(f"{name}  {one_line(title, 50)}"), id=name) for name, title in self.sessions)
            )
            yield KeyBar()

    def on_mount(self) -> None:
        names = [name for name, _ in self.sessions]
        if self.current in names:
            self.query_one(OptionList).highlighted = names.index(self.current)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.id))
