"""Plain mode's one entry point: a begun (or resumed) run played line by line to its end.

It sits above :mod:`aco_tui.quiz.plain` (questions, answers, feedback as lines) and
:mod:`aco_tui.quiz.plain_nav` (deferred attempts with skip, back, flag, review and submit), so that
neither of those imports the other's caller.
"""

from __future__ import annotations

from typing import TextIO

from aco_tui.quiz.plain import EXIT_ABANDONED, ask_questions, report_lines, say_paused, sayer
from aco_tui.quiz.plain_nav import ask_navigable
from aco_tui.quiz.run import QuizRun


def _intro(run: QuizRun) -> list[str]:
    plan = run.plan
    feedback = "after each question" if plan.feedback == "immediate" else "at the end"
    limit = f", time limit {plan.time_limit} min" if plan.time_limit else ""
    book = ", closed book" if plan.closed_book else ""
    return [
        plan.title,
        f"{run.total} question(s)"
        + (f", pass mark {plan.pass_mark:g}%" if plan.kind == "session" else "")
        + f", feedback {feedback}{limit}{book}.",
        "Answer with a number (single, truefalse); numbers separated by spaces or commas (multiple; "
        "order: every item, first to last); pairs like 1b 2a (match); text (short). "
        + (
            "End of input leaves the attempt open: the same command resumes it."
            if plan.kind == "session"
            else "End of input abandons the attempt."
        ),
        "",
    ]


def run_plain(run: QuizRun, stdin: TextIO, stdout: TextIO, resumed: str = "") -> int:
    """Play a begun (or resumed: ``resumed`` says so in one line) run on text streams; 0 when it
    ends, :data:`EXIT_ABANDONED` at end of input (a session's attempt is left running, to resume)."""
    say = sayer(stdout)
    say(*_intro(run))
    if resumed:
        say(resumed, "")
    if run.navigable:
        if not ask_navigable(run, stdin, stdout):
            say_paused(run, say)
            return EXIT_ABANDONED
    elif not ask_questions(run, stdin, stdout):
        return EXIT_ABANDONED
    report = run.report()
    for notice in run.notices:
        say(f"Note: {notice}")
    say(*report_lines(report))
    return 0
