"""Plain mode: the quiz line by line on stdin/stdout, for screen readers, dumb terminals and pipes.

Each question prints ``Q<i>/<n> [<type>] <question>``, its options (``1)``, ``2)``...; for match the
left items numbered and the right items lettered ``a)``, ``b)``...), then the prompt ``> ``.
End of input abandons the attempt (recorded as such) and the exit code is :data:`EXIT_ABANDONED`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from aco_tui.errors import RetryableError
from aco_tui.quiz.kinds import InvalidAnswer, PlayedQuestion, Response, kind_of
from aco_tui.quiz.run import Feedback, QuizReport, QuizRun, TimeUp

EXIT_ABANDONED = 3
PROMPT = "> "


def parse_answer(played: PlayedQuestion, line: str) -> Response:
    """The response (0-based, as :func:`aco_tui.quiz.scoring.check_response` returns it) typed on ``line``.

    Raises:
        InvalidAnswer: a one-line explanation of what is expected.
    """
    return kind_of(played.type).parse_plain(played, line.strip())


def question_lines(played: PlayedQuestion, number: int, total: int) -> list[str]:
    """The header line and the numbered (and, for match, lettered) options."""
    return [f"Q{number}/{total} [{played.type}] {played.text}", *kind_of(played.type).option_lines(played)]


def feedback_lines(feedback: Feedback, with_question: bool = False) -> list[str]:
    """Correct or not, the right answer, the explanation and the verbatim excerpts with their sources."""
    lines = []
    if with_question:
        lines.append(f"Q{feedback.number} [{feedback.played.type}] {feedback.played.text}")
        lines.append(f"Your answer: {feedback.given_text}")
    if feedback.correct and feedback.accepted and feedback.accepted != feedback.given_text.strip():
        lines.append(f"Correct: accepted as \u201c{feedback.accepted}\u201d.")
    elif feedback.correct:
        lines.append("Correct.")
    elif not feedback.answered:
        lines.append("Not answered.")
    elif feedback.credit > 0:
        lines.append(f"Incorrect (partly right: {round(feedback.credit * 100)}%).")
    else:
        lines.append("Incorrect.")
    lines.append(f"Right answer: {feedback.answer_text}")
    lines.append(f"Why: {feedback.explanation}")
    for excerpt in feedback.excerpts:
        where = f"{excerpt.source_title}, {excerpt.section}" if excerpt.section else excerpt.source_title
        lines.append(f"Source: \u201c{excerpt.text}\u201d ({where})")
    return lines


def report_lines(report: QuizReport, show_missed: bool = True) -> list[str]:
    """Score, pass or fail, the per-topic breakdown and (optionally) what was missed."""
    score = f"Score: {report.score}/{report.total} ({report.percent:g}%)"
    if report.passed is not None:
        score += f", pass mark {report.pass_mark:g}%: {'PASS' if report.passed else 'FAIL'}"
    lines = [score, "By topic: " + ", ".join(f"{t.topic} {t.correct}/{t.total}" for t in report.by_topic)]
    if show_missed and report.missed:
        lines += ["", f"What you missed ({len(report.missed)}):"]
        for item in report.missed:
            lines += [""] + feedback_lines(item, with_question=True)
    return lines


def say_paused(run: QuizRun, say: Callable[..., None]) -> None:
    """End of input in a session: the attempt stays open on the server, to be resumed."""
    if run.status != "in_progress":
        return
    answered = sum(1 for n in range(1, run.total + 1) if run.answered(n))
    deadline = f" before its deadline, {run.deadline:%Y-%m-%d %H:%M %Z}" if run.deadline else ""
    say(
        f"End of input: your attempt stays open with {answered} of {run.total} answered; run the same "
        f"command again to resume it{deadline}."
    )


def sayer(stdout: TextIO) -> Callable[..., None]:
    """A function that prints whole lines and flushes (a reader on a pipe sees them at once)."""

    def say(*lines: str) -> None:
        stdout.write("".join(line + "\n" for line in lines))
        stdout.flush()

    return say


def status_printer(stdout: TextIO) -> Callable[[str], None]:
    """A ``status_listener`` for the progress store in plain mode: each status on a line of its own,
    capitalised ("Reconnecting to the database..."); the all-clear (``""``) prints nothing."""
    say = sayer(stdout)

    def show(status: str) -> None:
        if status:
            say(status[:1].upper() + status[1:])

    return show


def read_line(stdin: TextIO, stdout: TextIO) -> str | None:
    """Prompt and read one line; None at end of input."""
    stdout.write(PROMPT)
    stdout.flush()
    line = stdin.readline()
    if not (hasattr(stdin, "isatty") and stdin.isatty()):
        stdout.write("\n")  # the answer typed into a pipe is not echoed: end the prompt's line
    return line.rstrip("\r\n") if line else None


def ask_questions(run: QuizRun, stdin: TextIO, stdout: TextIO) -> bool:
    """Ask every remaining question of ``run`` with its feedback; False at end of input (the run is
    then abandoned, the answers given so far kept)."""
    say = sayer(stdout)
    try:
        while (played := run.current) is not None:
            say(*question_lines(played, run.position, run.total))
            while True:
                line = read_line(stdin, stdout)
                if line is None:
                    if run.plan.kind == "session":
                        say_paused(run, say)
                        return False
                    report = run.abandon()
                    say(
                        f"End of input: attempt abandoned after {report.answered} of {report.total} "
                        "question(s); your answers so far are saved."
                    )
                    return False
                try:
                    feedback = run.submit(parse_answer(played, line))
                except InvalidAnswer as err:
                    say(f"Invalid answer: {err}.")
                    continue
                except RetryableError as err:  # the database was out of reach: nothing changed, ask again
                    say(f"Not saved: {err}. Type your answer again to retry.")
                    continue
                break
            say(*(feedback_lines(feedback) if feedback.reveal else ["Answer recorded."]), "")
    except TimeUp:
        say("Time is up: that answer was not counted.", "")
    except KeyboardInterrupt:
        run.abandon()
        raise
    return True
