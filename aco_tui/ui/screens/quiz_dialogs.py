"""Questions asked while a quiz attempt is under way: quit the app? stop the quiz?"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from aco_tui.ui.screens.pickers import ChoiceScreen

KEEP_GOING, QUIT = 0, 1
RESTART, ABANDON = 1, 2


class QuitQuizScreen(ChoiceScreen):
    """Before quitting: Enter on the first choice (or Escape) keeps going; the second, or q again, quits."""

    BINDINGS = [Binding("q", f"dismiss({QUIT})", "Quit", id="quit_quiz.quit")]

    def __init__(self, attempt: str) -> None:
        super().__init__(
            f"Quit now? {attempt} is under way. A session's attempt stays open (the same session "
            "resumes it; a time limit keeps running); practice and review are recorded as abandoned.",
            [Text("Keep going"), Text("Quit")],
            current=KEEP_GOING,
        )


class StopQuizScreen(ChoiceScreen):
    """Keep going (Enter on the first choice, or Escape), restart from question 1, or abandon."""

    def __init__(self, attempt: str) -> None:
        super().__init__(
            f"{attempt}. Stop it?",
            [
                Text("Keep going"),
                Text("Restart from question 1 (this attempt is recorded as abandoned)"),
                Text("Abandon: end it now and see the report"),
            ],
            current=KEEP_GOING,
        )
