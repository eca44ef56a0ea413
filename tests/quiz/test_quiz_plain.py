"""Plain mode: answer parsing (with property tests) and whole attempts driven through a pipe."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO
from hypothesis import given
from hypothesis import strategies as st
from quiz_fixtures import write_kb

from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.model import Question
from aco_tui.quiz.plain import EXIT_ABANDONED, parse_answer, question_lines
from aco_tui.quiz.plain_run import run_plain
from aco_tui.quiz.plan import plan_session
from aco_tui.quiz.run import QuizRun
from aco_tui.quiz.scoring import InvalidAnswer, PlayedQuestion, check_response, letter, response_code

BASE = dict(topic="concepts", level="core", question="Q?", explanation="E.", excerpts=("ex-budget",))


def played(kind: str, size: int) -> PlayedQuestion:
    names = tuple(f"o{i}" for i in range(size))
    if kind == "match":
        question = Question(
            id="m", type=kind, pairs=tuple((f"l{i}", n) for i, n in enumerate(names[:-1])), extra=names[-1:], **BASE
        )
        return PlayedQuestion(question, names, tuple(f"l{i}" for i in range(size - 1)))
    keys = {
        "single": dict(correct=names[:1], wrong=names[1:]),
        "multiple": dict(correct=names[:1], wrong=names[1:]),
        "order": dict(items=names),
        "truefalse": dict(answer=True),
        "short": dict(answers=("x",)),
    }[kind]
    return PlayedQuestion(Question(id="q", type=kind, **BASE, **keys), names if kind != "short" else ())


@st.composite
def question_and_response(draw):
    kind = draw(st.sampled_from(["single", "multiple", "order", "match", "truefalse"]))
    size = 2 if kind == "truefalse" else draw(st.integers(3, 9))
    question = played(kind, size)
    if kind in ("single", "truefalse"):
        response = draw(st.integers(0, size - 1))
    elif kind == "multiple":
        response = draw(st.lists(st.integers(0, size - 1), min_size=1, unique=True))
    elif kind == "order":
        response = draw(st.permutations(range(size)))
    else:
        response = draw(st.permutations(range(size)))[: size - 1]
    return question, check_response(question, response)


SEPARATORS = st.sampled_from([" ", ",", ", ", "  ", " , "])


@given(question_and_response(), SEPARATORS, st.booleans())
def test_typed_answers_parse_back_to_the_response(case, separator, upper):
    question, response = case
    code = response_code(question, response).replace(" ", separator)
    if upper:
        code = code.upper()
    assert parse_answer(question, f"  {code} \n") == response


@given(
    st.sampled_from(["single", "multiple", "order", "match", "truefalse", "short"]),
    st.integers(3, 6),
    st.text(max_size=30),
)
def test_any_text_parses_or_is_refused_with_a_reason(kind, size, text):
    question = played(kind, 2 if kind == "truefalse" else size)
    try:
        response = parse_answer(question, text)
    except InvalidAnswer as err:
        assert str(err) and "\n" not in str(err)
    else:
        assert check_response(question, response) == response


@pytest.mark.parametrize(
    "kind, text",
    [
        ("single", ""),
        ("single", "0"),
        ("single", "5"),
        ("single", "1 2"),
        ("single", "one"),
        ("multiple", "1 1"),
        ("multiple", "1;2"),
        ("order", "1 2"),
        ("order", "1 2 3 3"),
        ("match", "1a 2b"),
        ("match", "1a 1b 2c"),
        ("match", "1a 2a 3b"),
        ("match", "1z 2a 3b"),
        ("match", "abc"),
        ("truefalse", "maybe"),
        ("short", "   "),
    ],
)
def test_invalid_typed_answers(kind, text):
    with pytest.raises(InvalidAnswer):
        parse_answer(played(kind, 4), text)


def test_match_accepts_common_pair_spellings():
    question = played("match", 4)
    for text in ("1b 2a 3c", "1B,2A,3C", "1-b 2-a 3-c", "3c 1b 2a", "1 b, 2 a, 3 c", "1:b; 2:a; 3:c"):
        assert parse_answer(question, text) == (1, 0, 2)
    assert parse_answer(played("truefalse", 2), "False") == 1


def test_question_lines_format():
    lines = question_lines(played("match", 3), 2, 5)
    assert lines == ["Q2/5 [match] Q?", "1) l0", "2) l1", "a) o0", "b) o1", "c) o2"]
    assert letter(25) == "z"


@pytest.fixture
def env(tmp_path):
    store, content = write_kb(tmp_path)
    return {
        **os.environ,
        "ACO_TUI_STORE": str(store),
        "ACO_TUI_CONTENT": str(content),
        "ACO_TUI_DATA": str(tmp_path / "data"),
        "PYTHONPATH": str(REPO),
    }


def aco(env, *args, stdin: str = ""):
    return subprocess.run(
        [sys.executable, "-m", "aco_tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )


def right_answers(env) -> list[str]:
    plan = plan_session(load_bank(Path(env["ACO_TUI_CONTENT"]) / "quiz"), "induction")
    return [response_code(p, p.key()) for p in plan.questions]


def test_full_attempt_through_a_pipe(env):
    typed = ["9"] + right_answers(env)  # an invalid first try (the first question is true/false), then all right
    result = aco(env, "quiz", "--plain", "--session", "induction", "--name", "Sam Smith", stdin="\n".join(typed) + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    headers = re.findall(r"^Q(\d)/7 \[(single|multiple|truefalse|order|match|short)\] .+$", out, re.MULTILINE)
    assert [int(n) for n, _ in headers] == list(range(1, 8))
    assert out.count("Invalid answer: ") == 1 and out.count("> ") == 8
    assert out.count("\nCorrect.\n") == 7 and "Right answer: " in out and "Why: " in out
    assert "Source: \u201c" in out and "(Test briefing, " in out
    assert "Score: 7/7 (100%), pass mark 60%: PASS" in out and "By topic: " in out
    attempts = json.loads(aco(env, "results", "--json").stdout)["attempts"]
    assert [(a["trainee"], a["status"], a["score"], a["passed"]) for a in attempts] == [
        ("Sam Smith", "finished", 7, True)
    ]


def test_end_of_input_leaves_a_session_open_and_the_same_command_resumes_it(env):
    answers = right_answers(env)
    result = aco(env, "quiz", "--plain", "--session", "induction", "--name", "Kim", stdin=answers[0] + "\n")
    assert result.returncode == EXIT_ABANDONED
    assert "your attempt stays open with 1 of 7 answered" in result.stdout
    [attempt] = json.loads(aco(env, "results", "--json").stdout)["attempts"]
    assert attempt["status"] == "in_progress" and attempt["answered"] == 1 and attempt["passed"] is None
    again = aco(
        env, "quiz", "--plain", "--session", "induction", "--name", "Kim", stdin="".join(a + "\n" for a in answers[1:])
    )
    assert again.returncode == 0, again.stderr
    assert "Resumed your attempt begun " in again.stdout and ": 1 of 7 answered." in again.stdout
    assert "Q1/7" not in again.stdout and "Q2/7" in again.stdout
    assert "Score: 7/7 (100%), pass mark 60%: PASS" in again.stdout
    [attempt] = json.loads(aco(env, "results", "--json").stdout)["attempts"]
    assert attempt["status"] == "finished" and attempt["score"] == 7


def test_end_of_input_abandons_practice(env):
    result = aco(env, "quiz", "--plain", "--topic", "timeline", "--count", "2", "--name", "Kim", stdin="")
    assert result.returncode == EXIT_ABANDONED and "attempt abandoned after 0 of 2" in result.stdout


def test_practice_options_and_usage_errors(env):
    result = aco(env, "quiz", "--plain", "--topic", "timeline", "--count", "2", "--seed", "4", "--name", "Al", stdin="")
    assert result.returncode == 3 and "Q1/2 [" in result.stdout
    bad = aco(env, "quiz", "--plain", "--session", "induction")
    assert bad.returncode == 2 and "--name" in bad.stderr
    bad = aco(env, "quiz", "--plain", "--topic", "nonsense")
    assert bad.returncode == 2 and "unknown topic 'nonsense'" in bad.stderr
    bad = aco(env, "quiz", "--plain", "--session", "nope", "--name", "Al")
    assert bad.returncode == 2 and "no quiz session named 'nope'" in bad.stderr
    listed = aco(env, "quiz", "--list-sessions")
    assert [line.split("\t")[:2] for line in listed.stdout.splitlines()] == [
        ["induction", "Induction quiz"],
        ["assessment", "Assessment"],
    ]
    assert aco(env, "quiz", "--due", "--name", "Al").stdout == (
        "Nothing is due for review now. Questions you answer come back for review later.\n"
    )


def test_deferred_session_in_plain_mode(tmp_path):
    from aco_tui.knowledge.store import load_store
    from aco_tui.quiz.service import QuizService
    from aco_tui.storage.sqlite import SQLiteProgress

    store, content = write_kb(tmp_path)
    service = QuizService(load_bank(content / "quiz"), load_store(store), SQLiteProgress(tmp_path / "d"))
    run: QuizRun = service.start_session("assessment", "Sam")
    typed = "".join(response_code(p, p.key()) + "\n" for p in run.plan.questions) + "submit\n"
    out = io.StringIO()
    assert run_plain(run, io.StringIO(typed), out) == 0
    before, after = out.getvalue().split("Score:")
    assert before.count("Answer recorded.") == 6 and "Correct." not in before and "Right answer" not in before
    assert "Summary: all 6 answered." in before  # the summary before submitting
    assert after.startswith(" 6/6 (100%), pass mark 80%: PASS")


def test_quiz_without_plain_opens_the_app_on_the_session(env, monkeypatch):
    import aco_tui.cli.app
    from aco_tui.cli.main import main

    for key in ("ACO_TUI_STORE", "ACO_TUI_CONTENT", "ACO_TUI_DATA"):
        monkeypatch.setenv(key, env[key])
    calls = []
    monkeypatch.setattr(aco_tui.cli.app, "run_app", lambda args, **options: calls.append(options) or 0)
    from aco_tui.quiz.start import QuizStart

    assert main(["quiz", "--session", "induction", "--name", "Sam Smith"]) == 0
    assert main(["quiz"]) == 0
    assert calls == [
        {"quiz": QuizStart(session="induction"), "trainee": "Sam Smith", "session_files": ()},
        {"quiz": QuizStart(), "trainee": None, "session_files": ()},
    ]
    assert main(["quiz", "--session", "nope"]) == 2 and len(calls) == 2


def test_quiz_options_reach_the_app(env, monkeypatch):
    """Regression (ux-walk P2-3): the app ignored --topic, --level, --count, --seed and --review."""
    import aco_tui.cli.app
    from aco_tui.cli.main import main
    from aco_tui.quiz.start import QuizStart

    for key in ("ACO_TUI_STORE", "ACO_TUI_CONTENT", "ACO_TUI_DATA"):
        monkeypatch.setenv(key, env[key])
    calls = []
    monkeypatch.setattr(aco_tui.cli.app, "run_app", lambda args, **options: calls.append(options["quiz"]) or 0)
    assert main(["quiz", "--topic", "timeline,concepts", "--level", "intro", "--count", "3", "--seed", "9"]) == 0
    assert main(["quiz", "--review", "--count", "4"]) == 0
    assert calls == [
        QuizStart(topics=("timeline", "concepts"), levels=("intro",), count=3, seed=9),
        QuizStart(count=4, review=True),
    ]
    assert calls[0].practice and not calls[1].practice
