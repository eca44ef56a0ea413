"""Plain mode for a deferred-feedback attempt: questions in any order, with the words ``skip``,
``back N``, ``flag``, ``review`` and ``submit`` (see :mod:`aco_tui.quiz.navigation`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from aco_tui.quiz.navigation import Command, parse_command, summary_lines
from aco_tui.quiz.plain import parse_answer, question_lines, read_line, sayer
from aco_tui.quiz.run import QuizRun, TimeUp
from aco_tui.quiz.scoring import InvalidAnswer

HINT = (
    "Words: skip (answer later), back N (go to question N), flag (mark for later), review (the summary), "
    "submit (end the attempt)."
)


def ask_navigable(run: QuizRun, stdin: TextIO, stdout: TextIO) -> bool:
    """Play a deferred attempt until it is submitted (True) or the input ends (False: the attempt
    is left running, to be resumed)."""
    say = sayer(stdout)
    say(HINT, "")
    shown = 0
    while run.status == "in_progress":
        if _past_deadline(run):
            say("Time is up: the attempt was submitted at its deadline with the answers given.", "")
            return True
        played = run.current
        if shown != run.position:
            say(*(_question(run) if played is not None else summary_lines(run)))
            shown = run.position
        line = read_line(stdin, stdout)
        if line is None:
            return False
        command = parse_command(line)
        try:
            if command is not None:
                _move(run, command, say)
            elif played is None:
                say("Type 'submit' to end the attempt, or 'back N' to go to question N.")
            else:
                run.submit(parse_answer(played, line))
                say("Answer recorded.", "")
        except InvalidAnswer as err:
            say(f"Invalid answer: {err}.")
        except ValueError as err:
            say(f"{err}.")
        except TimeUp:
            say("Time is up: that answer was not counted; the attempt was submitted at its deadline.", "")
            return True
    return True


def _question(run: QuizRun) -> list[str]:
    played = run.current
    assert played is not None
    lines = question_lines(played, run.position, run.total)
    if run.position in run.flags:
        lines[0] += "  [flagged]"
    given = run.given(run.position)
    if given is not None:
        lines.append(f"Your answer so far: {given.given_text} (answer again to change it, or skip)")
    return lines


def _move(run: QuizRun, command: Command, say: Callable[..., None]) -> None:
    """Carry out one navigation word."""
    at_end = run.current is None
    if command.word == "submit":
        if at_end:
            run.finish()
        else:
            run.go_to(run.total + 1)  # the summary first; 'submit' there ends the attempt
    elif command.word == "review":
        say(*summary_lines(run))
    elif command.word == "skip":
        if at_end:
            raise ValueError("there is no question to skip here; 'back N' goes to question N")
        run.skip()
    elif command.word == "flag":
        if at_end:
            raise ValueError("'back N' first: flag marks the question shown")
        say(f"Q{run.position} {'flagged' if run.toggle_flag() else 'no longer flagged'}.")
    else:
        run.go_to(command.number if command.number is not None else max(1, run.position - 1))


def _past_deadline(run: QuizRun) -> bool:
    if run.deadline is not None and run.clock() > run.deadline:
        run.finish("timed_out")
        return True
    return False
