"""Moving about a deferred-feedback attempt, for the app and plain mode alike: the summary before
submitting ("2 unanswered, 1 flagged") and the plain-mode words ``skip``, ``back N``, ``flag``,
``review`` and ``submit`` (the moves themselves are :class:`~aco_tui.quiz.run.QuizRun` methods).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aco_tui.quiz.run import QuizRun

WORDS = ("skip", "back", "flag", "review", "submit")
_COMMAND = re.compile(r"^\s*(skip|back|flag|review|submit)(?:\s+(\d+))?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Command:
    """One navigation word, and for ``back`` the question number (None: the one before)."""

    word: str
    number: int | None = None


@dataclass(frozen=True)
class Summary:
    """Where an attempt stands: the positions (1-based) unanswered and flagged."""

    total: int
    unanswered: tuple[int, ...]
    flagged: tuple[int, ...]

    def line(self) -> str:
        """``2 unanswered, 1 flagged`` (``all 6 answered`` when nothing is left)."""
        parts = [f"{len(self.unanswered)} unanswered"] if self.unanswered else [f"all {self.total} answered"]
        if self.flagged:
            parts.append(f"{len(self.flagged)} flagged")
        return ", ".join(parts)


def summary(run: QuizRun) -> Summary:
    numbers = range(1, run.total + 1)
    return Summary(
        run.total, tuple(n for n in numbers if not run.answered(n)), tuple(n for n in numbers if n in run.flags)
    )


def parse_command(line: str) -> Command | None:
    """The navigation word typed on ``line``, or None (then it is an answer)."""
    match = _COMMAND.match(line)
    if match is None or (match.group(2) is not None and match.group(1).casefold() != "back"):
        return None
    return Command(match.group(1).casefold(), int(match.group(2)) if match.group(2) else None)


def summary_lines(run: QuizRun) -> list[str]:
    """The summary before submitting: the counts, then every question's state."""
    state = summary(run)
    lines = [f"Summary: {state.line()}."]
    for number in range(1, run.total + 1):
        given = run.given(number)
        mark = given.given_text if given is not None else "(not answered)"
        flag = "  [flagged]" if number in state.flagged else ""
        lines.append(f"  Q{number}: {mark}{flag}")
    lines.append("Type 'submit' to end the attempt, or 'back N' to go to question N.")
    return lines
