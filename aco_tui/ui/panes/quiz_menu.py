"""The Quiz pane's menu: named sessions, a practice quiz with its filters, and the review."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import Option

from aco_tui.knowledge.topics import TOPICS, topic_label
from aco_tui.quiz.fields import LEVELS
from aco_tui.quiz.model import SessionSpec
from aco_tui.quiz.start import DEFAULT_COUNT
from aco_tui.ui.widgets.chooser import Chooser
from aco_tui.ui.widgets.safe_lists import SafeOptionList, SafeSelectionList

ANY = "any"
LENGTHS = (5, 10, 20)


@dataclass(frozen=True)
class PracticeFilters:
    """The practice quiz asked for: topics and levels (empty = any) and how many questions."""

    topics: tuple[str, ...] = TOPICS
    levels: tuple[str, ...] = ()
    count: int = DEFAULT_COUNT


def _level_options(levels: tuple[str, ...]) -> list[tuple[str, str]]:
    options = [("Any level", ANY), *((level.capitalize(), level) for level in LEVELS)]
    if len(levels) > 1:  # several levels from the command line: offer that combination too
        options.append((" or ".join(levels).capitalize(), ",".join(levels)))
    return options


def _review_label(due: int) -> str:
    return f"Review: {due} due question{'' if due == 1 else 's'}, most overdue first"


def _describe(spec: SessionSpec) -> str:
    limit = f", {spec.time_limit} min" if spec.time_limit else ""
    return f"Session: {spec.title} ({spec.feedback} feedback{limit})"


class QuizMenu(Vertical):
    """Posts ``OptionList.OptionSelected`` from ``#quiz-menu`` (ids ``session:NAME``, ``practice:``,
    ``review:``); :attr:`filters` reads the practice choices."""

    DEFAULT_CSS = """
    QuizMenu {
        height: 1fr;
    }
    QuizMenu #quiz-menu {
        height: auto;
        max-height: 1fr;
    }
    QuizMenu #quiz-topics {
        height: auto;
        margin-top: 1;
    }
    QuizMenu .quiz-filters {
        height: 1;
        margin: 1 0;
    }
    QuizMenu .quiz-filters Chooser {
        width: 1fr;
    }
    """

    def __init__(
        self, sessions: list[SessionSpec], topic_counts: dict[str, int], due: int, filters: PracticeFilters
    ) -> None:
        super().__init__(classes="quiz-menu-page")
        self.sessions = sessions
        self.topic_counts = topic_counts
        self.due = due
        self.initial = filters

    def compose(self) -> ComposeResult:
        options = [Option(Text(_describe(s)), id=f"session:{s.name}") for s in self.sessions]
        options.append(Option("Practice: the topics, level and length chosen below", id="practice:"))
        options.append(Option(_review_label(self.due), id="review:", disabled=not self.due))
        options.append(Option("Join a live session: the code your trainer gives you", id="live:"))
        initial = self.initial
        level = ",".join(initial.levels) if initial.levels else ANY
        lengths = sorted({*LENGTHS, initial.count})
        yield Static(
            "Choose a quiz and press Enter. Tab moves to the practice topics (Space toggles), level and length."
        )
        yield SafeOptionList(*options, id="quiz-menu")
        yield SafeSelectionList(
            *((f"{topic_label(t)} ({self.topic_counts.get(t, 0)})", t, t in initial.topics) for t in TOPICS),
            id="quiz-topics",
            compact=True,
        )
        with Horizontal(classes="quiz-filters"):
            yield Chooser("Level", _level_options(initial.levels), level, id="quiz-level")
            yield Chooser("Length", [(f"{n} questions", n) for n in lengths], initial.count, id="quiz-length")

    def on_mount(self) -> None:
        self.query_one("#quiz-menu").focus()

    def set_due(self, due: int) -> None:
        """Show a new count of review questions due (enabling or disabling the review)."""
        if due == self.due:
            return
        self.due = due
        menu = self.query_one("#quiz-menu", OptionList)
        menu.replace_option_prompt("review:", _review_label(due))
        if due:
            menu.enable_option("review:")
        else:
            menu.disable_option("review:")

    @property
    def filters(self) -> PracticeFilters:
        """The practice quiz as now chosen (topics may be empty: none ticked)."""
        topics = tuple(self.query_one("#quiz-topics", SelectionList).selected)
        level = str(self.query_one("#quiz-level", Chooser).value)
        count = int(str(self.query_one("#quiz-length", Chooser).value))
        return PracticeFilters(topics, () if level == ANY else tuple(level.split(",")), count)
