"""Live sessions line by line: the trainee's ``quiz --live CODE --plain`` and the text of the
trainer's ``live`` commands. Questions and reveals print as in ``quiz --plain``
(:mod:`aco_tui.quiz.plain`): ``Q1/8 [single] ...``, ``Right answer: ...``, ``Source: ...``.

The trainee's loop reads answers on a thread (so that a silent trainee still sees the room move on)
and polls the room between lines, :data:`POLL_S` apart.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TextIO

from aco_tui.errors import UserDataError
from aco_tui.quiz.live import LEADERBOARD_SIZE, LiveStatus
from aco_tui.quiz.live_seat import LiveSeat, QuestionClosed
from aco_tui.quiz.plain import EXIT_ABANDONED, feedback_lines, parse_answer, question_lines, report_lines, sayer
from aco_tui.quiz.run import Feedback
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.storage.live_rooms import Room, SeatScore

POLL_S = 0.25
WAITING = "Waiting for the trainer..."
_NOTHING = ""  # no line arrived before the next poll


def leaderboard_lines(scores: list[SeatScore], asked: int) -> list[str]:
    """The top five by right answers, then speed (the scores must be ranked)."""
    lines = [f"Leaderboard (top {LEADERBOARD_SIZE}):"]
    for place, seat in enumerate(scores[:LEADERBOARD_SIZE], start=1):
        lines.append(f"{place}. {seat.trainee}: {seat.right}/{asked} right, {seat.seconds:.1f} s")
    return lines if scores else lines + ["(nobody has answered yet)"]


def _read_lines(stdin: TextIO, lines: queue.Queue[str | None]) -> None:
    for line in stdin:
        lines.put(line.rstrip("\r\n") or " ")  # a blank line is still a line: "no answer"
    lines.put(None)


class _Follower:
    """Prints what the trainee should see each time the room moves."""

    def __init__(self, seat: LiveSeat, stdout: TextIO, scores: Callable[[], list[SeatScore]]) -> None:
        self.seat = seat
        self.say = sayer(stdout)
        self.scores = scores
        self.shown: tuple[int, str] = (-1, "")

    def show(self, room: Room) -> None:
        number, phase = room.question, room.phase
        if (number, phase) == self.shown:
            return
        seat, say = self.seat, self.say
        if phase == "lobby":
            say(WAITING)
        elif phase == "open":
            say("", *question_lines(seat.played(number), number, seat.total))
            given = seat.given(number)
            if given is not None:
                say(f"Your answer so far: {given.given_text} (type another to change it)")
            say("Type your answer; you can change it until the trainer closes the question.")
        elif phase == "closed":
            given = seat.given(number)
            say(
                f"Question {number} is closed. "
                + (f"Your answer: {given.given_text}" if given else "You did not answer it."),
                WAITING,
            )
        elif phase == "revealed":
            say("", *reveal_lines(seat.feedback(number)))
            if room.leaderboard:
                say("", *leaderboard_lines(self.scores(), number))
            say("", WAITING)
        self.shown = (number, phase)

    def answer(self, line: str) -> None:
        played = self.seat.current
        if played is None:
            self.say("No question is open: wait for the trainer.")
            return
        try:
            given = self.seat.answer(parse_answer(played, line))
        except InvalidAnswer as err:
            self.say(f"Invalid answer: {err}.")
        except QuestionClosed as err:
            self.say(f"Not recorded: {err}.")
        except UserDataError as err:  # the database could not take it: the trainee may try again
            self.say(f"Not saved: {err}")
        else:
            self.say(f"Answer recorded: {given.given_text}")


def reveal_lines(feedback: Feedback, own: bool = True) -> list[str]:
    """Question ``n``'s header, then (``own``: the trainee's) right or wrong, the right answer, why
    and the verbatim source."""
    played = feedback.played
    lines = feedback_lines(feedback)
    return [f"Q{feedback.number} [{played.type}] {played.text}", *(lines if own else lines[1:])]


def run_live_plain(seat: LiveSeat, stdin: TextIO, stdout: TextIO, poll_s: float = POLL_S) -> int:
    """Follow the room on text streams until it ends (0), or until the end of input (the trainee
    left: :data:`~aco_tui.quiz.plain.EXIT_ABANDONED`; joining again carries on where they were)."""
    say = sayer(stdout)
    say(
        f"Live session: {seat.plan.title} (room {seat.room.code}), {seat.total} question(s).",
        "Welcome back: your earlier answers are kept."
        if seat.rejoined
        else "Answer as in 'quiz --plain': a number, numbers, pairs like 1b 2a, or text.",
    )
    follower = _Follower(
        seat,
        stdout,
        lambda: sorted(seat.progress.room_scores(seat.room.code), key=lambda s: (-s.right, s.seconds, s.trainee)),
    )
    lines: queue.Queue[str | None] = queue.Queue()
    threading.Thread(target=_read_lines, args=(stdin, lines), daemon=True, name="live-input").start()
    follower.show(seat.room)
    while seat.room.phase != "ended":
        try:
            line = lines.get(timeout=poll_s)
        except queue.Empty:
            line = _NOTHING
        if line is None:
            say("End of input: you left the room. Join again with the same code to carry on.")
            return EXIT_ABANDONED
        if seat.poll() is not None:
            follower.show(seat.room)
        if line:
            follower.answer(line)
    say("", "The trainer ended the session.", *report_lines(seat.report(), show_missed=False))
    return 0


# -- the trainer's commands ----------------------------------------------------------------------


def chart_lines(status: LiveStatus, width: int = 30) -> list[str]:
    """One line per option: a bar, the count, the option (marked right once revealed)."""
    top = max((o.count for o in status.options), default=0) or 1
    lines = []
    for option in status.options:
        filled = round(width * option.count / top)
        mark = "  (right)" if status.revealed and option.correct else ""
        lines.append(f"{'#' * filled:<{width}} {option.count:>3}  {option.label}{mark}")
    return lines


def status_lines(status: LiveStatus) -> list[str]:
    """``live status`` as text."""
    room = status.room
    lines = [
        f"Room {room.code}: {room.title} ({room.session}), {room.phase}, "
        f"question {room.question}/{room.total}, {status.joined} joined"
    ]
    if room.question:
        lines.append(
            f"Answers: {status.answers} of {status.joined}" + (f", {status.right} right" if status.revealed else "")
        )
        lines += chart_lines(status)
    return lines


def score_lines(scores: list[SeatScore], total: int) -> list[str]:
    """Everyone's score, best first (the scores must be ranked)."""
    if not scores:
        return ["Nobody joined the room."]
    mean = sum(100.0 * s.right / total for s in scores) / len(scores) if total else 0.0
    lines = [f"Scores of {len(scores)} trainee(s), mean {mean:.0f}%:"]
    lines += [
        f"{seat.trainee}: {seat.right}/{total} ({100.0 * seat.right / total:.0f}%), {seat.answered} answered"
        for seat in scores
    ]
    return lines
