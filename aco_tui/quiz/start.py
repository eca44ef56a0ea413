"""What the Quiz pane opens on, as asked for by ``aco-tui quiz`` (plain data, no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_COUNT = 10


@dataclass(frozen=True)
class QuizStart:
    """The menu (its practice filters preset), a named session, a practice quiz or a review.

    Empty ``topics`` and ``levels`` mean any; ``count`` is the practice length, or the most review
    questions; a practice quiz starts at once when any practice option is given. ``start_page``: a
    named session opens on its start page even when it is neither timed nor deferred (trainees who
    land on a session, ``aco-tui serve --quiz-session``, begin it when they press Enter; one who comes
    back to an attempt in progress is told so there).
    """

    session: str | None = None
    topics: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    count: int | None = None
    seed: int | None = None
    review: bool = False
    start_page: bool = False

    @property
    def practice(self) -> bool:
        """Whether a practice quiz was asked for (rather than the menu)."""
        return not (self.session or self.review) and bool(
            self.topics or self.levels or self.count is not None or self.seed is not None
        )
