"""``aco-tui learn --plain PANE``: the learning path line by line, for screen readers and scripts.

Questions use the format and answer syntax of ``quiz --plain`` (``Q<i>/<n> [<type>] ...``). A
section to read is printed, then ``> `` waits for Enter. The place is saved after every step; end
of input saves and exits with :data:`~aco_tui.quiz.plain.EXIT_ABANDONED` (3), like the plain quiz,
and the next ``learn`` resumes the same step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from aco_tui.knowledge.content import Content, Section
from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.coverage import section_link
from aco_tui.quiz.learn import MASTERY, LearnPath, Step, open_path, pane_sections, save_path
from aco_tui.quiz.plain import EXIT_ABANDONED, ask_questions, read_line, sayer
from aco_tui.quiz.service import QuizService

TITLES = {
    "pretest": "Pretest (not scored): what do you know already?",
    "check": "Check",
    "posttest": "Posttest: different questions on the same sections",
    "retest": "Retest",
}


def run_learn_plain(
    service: QuizService,
    content: Content,
    trainee: str,
    pane: str,
    stdin: TextIO,
    stdout: TextIO,
    section_text: Callable[[Section], str],
    restart: bool = False,
) -> int:
    """Walk the path on text streams: 0 when it ends, 3 at end of input (the place is saved)."""
    say = sayer(stdout)
    path, resumed = open_path(service.progress, service.bank, content, trainee, pane, restart)
    sections = {section_link(s): s for s in pane_sections(content, pane)}
    say(
        f"Learning path: {topic_label(pane)}, {len(path.sections)} section(s). "
        f"Mastery is {MASTERY:.0%} on the posttest. Your place is saved after every step."
    )
    if resumed:
        say(f"Resuming where you stopped (step {path.position + 1} of {len(path.steps)}).")
    say("")
    while not path.finished:
        step = path.current
        if step.kind == "read":
            if not _read(step, sections, path, say, section_text, stdin, stdout, service, trainee):
                return _stopped(say)
            path.complete([])
        else:
            results = _ask(step, path, service, trainee, stdin, stdout, say)
            if results is None:
                return _stopped(say)
            path.complete(results)
            if step.kind in ("posttest", "retest"):
                say(*_test_summary(path, results))
        save_path(service.progress, trainee, path, service.clock())
    say("The path is complete: " + ("mastered." if path.mastered else "not yet mastered."))
    return 0


def _read(
    step: Step,
    sections: dict[str, Section],
    path: LearnPath,
    say: Callable[..., None],
    section_text: Callable[[Section], str],
    stdin: TextIO,
    stdout: TextIO,
    service: QuizService,
    trainee: str,
) -> bool:
    section = sections.get(step.section or "")
    number = path.sections.index(step.section) + 1 if step.section in path.sections else 0
    if section is None:  # the content changed since the path was planned: nothing to read here
        return True
    say(
        f"Section {number}/{len(path.sections)}: {section.title}",
        "",
        section_text(section),
        "",
        "Press Enter when you have read it.",
    )
    if read_line(stdin, stdout) is None:
        return False
    if service.progress is not None:
        service.progress.mark_read(trainee, section_link(section), service.clock())
    return True


def _ask(
    step: Step,
    path: LearnPath,
    service: QuizService,
    trainee: str,
    stdin: TextIO,
    stdout: TextIO,
    say: Callable[..., None],
) -> list[bool] | None:
    title = f"Learn {topic_label(path.pane)}: {step.kind}"
    say(TITLES.get(step.kind, step.kind.capitalize()) + f" ({len(step.questions)} question(s))", "")
    run = service.start_questions(trainee, step.questions, "learn", title, record=step.kind != "pretest")
    if not ask_questions(run, stdin, stdout):
        return None
    report = run.report()
    return [item.correct for item in report.items]


def _test_summary(path: LearnPath, results: list[bool]) -> list[str]:
    score = sum(results)
    lines = [f"Score: {score}/{len(results)} ({score / len(results):.0%})" if results else "No questions."]
    if path.mastered:
        lines.append(f"That meets the standard ({MASTERY:.0%}): {topic_label(path.pane)} mastered.")
    else:
        again = [s for s in path.steps[path.position :] if s.kind == "read"]
        lines.append(f"Below the standard ({MASTERY:.0%}): read {len(again)} section(s) again, then a retest.")
    return lines + [""]


def _stopped(say: Callable[..., None]) -> int:
    say("End of input: your place in the path is saved; run the same command to go on.")
    return EXIT_ABANDONED
