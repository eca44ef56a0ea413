"""The quiz's progress line: a bar of the questions done and the percentage, in one widget.

It looks like Textual's ``ProgressBar`` without the time estimate, which it replaces because that is
three widgets with two timers: it updated itself every second, and fifteen times a second while it
had no total (hidden, on a session's start page). Over SSH, with a room of trainees on that page or
on a question, that was work for nothing in every session: about 8 ms of CPU a second each on the
start page, a few on a question. This one has no timer and redraws only when the count changes.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

BAR_WIDTH = 32  # cells, as Textual's bar
PERCENT_WIDTH = 5  # " 100%"
BAR, HALF_BAR = "\u2501", "\u2578"  # a full cell, the left half of one


def progress_line(done: int, total: int, bar: Style, background: Style, complete: Style) -> Text:
    """``done`` of ``total`` as a bar of :data:`BAR_WIDTH` cells (to the nearest half cell) and a
    percentage in :data:`PERCENT_WIDTH` cells: ``━━━━━━━━╸━━━…━━  25%``."""
    fraction = min(max(done / total, 0.0), 1.0) if total > 0 else 0.0
    full, half = divmod(round(fraction * BAR_WIDTH * 2), 2)
    style = complete if fraction >= 1 else bar
    line = Text(no_wrap=True, end="")
    line.append(BAR * full, style)
    if half:
        line.append(HALF_BAR, style)
    line.append(BAR * (BAR_WIDTH - full - half), background)
    line.append(f"{round(fraction * 100)}%".rjust(PERCENT_WIDTH))
    return line


class QuizProgress(Widget, can_focus=False):
    """Questions done of all the questions of the run, as a bar and a percentage."""

    COMPONENT_CLASSES = {"quiz-progress--bar", "quiz-progress--complete"}
    DEFAULT_CSS = """
    QuizProgress {
        width: auto;
        height: 1;
        &> .quiz-progress--bar { color: $primary; background: $surface; }
        &> .quiz-progress--complete { color: $success; background: $surface; }
    }
    """

    progress: reactive[tuple[int, int]] = reactive((0, 0), layout=False)

    def show(self, done: int, total: int) -> None:
        """Show ``done`` of ``total``; nothing is redrawn when they did not change."""
        self.progress = (done, total)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return BAR_WIDTH + PERCENT_WIDTH

    def render(self) -> Text:
        bar = self.get_component_rich_style("quiz-progress--bar")
        complete = self.get_component_rich_style("quiz-progress--complete")
        return progress_line(
            *self.progress,
            bar=Style.from_color(bar.color),
            background=Style.from_color(bar.bgcolor),
            complete=Style.from_color(complete.color),
        )
