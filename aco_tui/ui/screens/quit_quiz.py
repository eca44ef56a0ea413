"""Asked before quitting while a quiz attempt is under way: keep going, or quit and abandon it."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding

from aco_tui.ui.screens.pickers import ChoiceScreen

KEEP_GOING, QUIT = 0, 1


class QuitQuizScreen(ChoiceScreen):
    """Enter on the first choice (or Escape) keeps going; the second, or q again, quits."""

    BINDINGS = [Binding("q", f"dismiss({QUIT})", "Quit", id="quit_quiz.quit")]

    def __init__(self, attempt: str) -> None:
        super().__init__(f"Quit now? {attempt} is under way; quitting records it as abandoned.",
                         [Text("Keep going"), Text("Quit and record the attempt as abandoned")], current=KEEP_GOING)
