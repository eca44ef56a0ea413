"""Closed book: while a closed-book attempt is open, the app's reading and lookup actions do
nothing but say why, in one line.

One check for the whole app: :class:`ClosedBookGate` is the state (the line to say, or None), the
quiz runner closes and opens the book as a closed-book attempt starts and ends, and the app's
``run_action`` consults :meth:`ClosedBookGate.refusal` before every action a key or the palette
runs. Declaring a new reading action only means naming it in :data:`GATED_ACTIONS`.
"""

from __future__ import annotations

from textual.actions import ActionParseResult, parse

# Actions that show material or leave the quiz: search, the palette (its excerpts), glossary and
# terms, citations, other panes (and moving between them), the learning path and progress.
GATED_ACTIONS = frozenset(
    {
        "search",
        "command_palette",
        "glossary",
        "terms",
        "citations",
        "show_pane",
        "back",
        "forward",
        "learn",
        "progress",
        "step_section",
        "focus_contents",
    }
)
QUIZ_PANE = "quiz"


class ClosedBookGate:
    """Whether a closed-book attempt is open, and the line that says so."""

    def __init__(self) -> None:
        self.reason: str | None = None

    def close_book(self, title: str) -> None:
        """A closed-book attempt at ``title`` has begun (or resumed)."""
        self.reason = (
            f"Closed book: {title} is under way, so search, the glossary, citations, the other panes "
            "and the learning path come back when it ends."
        )

    def open_book(self) -> None:
        """The attempt ended (or none is running)."""
        self.reason = None

    def refusal(self, action: str | ActionParseResult) -> str | None:
        """The line to say instead of running ``action`` (None: run it)."""
        if self.reason is None:
            return None
        _, name, parameters = parse(action) if isinstance(action, str) else action
        if name not in GATED_ACTIONS or (name == "show_pane" and parameters == (QUIZ_PANE,)):
            return None
        return self.reason
