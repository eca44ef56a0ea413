"""The summary before submitting a deferred attempt: "2 unanswered, 1 flagged", then every
question (Enter on one goes back to it) and "Submit the attempt"."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.quiz.navigation import summary
from aco_tui.quiz.run import QuizRun
from aco_tui.safe_text import strip_control

SUBMIT = "submit"


class SummaryPage(Vertical):
    """Every question's state; Enter on a question goes back to it, on the last line submits."""

    DEFAULT_CSS = """
    SummaryPage {
        height: 1fr;
    }
    SummaryPage #quiz-summary-list {
        height: 1fr;
    }
    """

    @dataclass
    class GoTo(Message):
        """Show question ``position`` (1-based) again."""

        position: int

    class Submit(Message):
        """End the attempt now."""

    def __init__(self, run: QuizRun) -> None:
        super().__init__(classes="quiz-page quiz-summary")
        self.run = run

    def compose(self) -> ComposeResult:
        run, state = self.run, summary(self.run)
        yield Static(
            Text(f"Summary: {state.line()}. Enter on a question goes back to it; the last line submits the attempt."),
            id="quiz-summary-line",
        )
        options = []
        for number in range(1, run.total + 1):
            given = run.given(number)
            answer = strip_control(given.given_text) if given is not None else "(not answered)"
            flag = "  [flagged]" if number in state.flagged else ""
            options.append(
                Option(Text(f"Q{number}  {answer}{flag}", overflow="ellipsis", no_wrap=True), id=f"q{number}")
            )
        options.append(Option(Text("Submit the attempt", style="bold"), id=SUBMIT))
        yield OptionList(*options, id="quiz-summary-list")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected, "#quiz-summary-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ident = event.option.id or ""
        self.post_message(self.Submit() if ident == SUBMIT else self.GoTo(int(ident[1:])))
