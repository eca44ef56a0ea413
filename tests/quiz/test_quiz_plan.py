"""Selection, seeded shuffling, session determinism and the quiz run the UI drives."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from quiz_fixtures import write_kb

from aco_tui.errors import UsageError
from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.plan import plan_practice, plan_session, play
from aco_tui.quiz.run import QuizRun, TimeUp
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.quiz.service import QuizService
from aco_tui.storage.sqlite import SQLiteProgress


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def kb(tmp_path):
    store, content = write_kb(tmp_path)
    return load_store(store), load_bank(content / "quiz")


def shape(plan):
    return [(p.id, p.options, p.left) for p in plan.questions]


def test_session_is_deterministic(kb):
    _, bank = kb
    first, second = plan_session(bank, "induction"), plan_session(bank, "induction")
    assert shape(first) == shape(second) and first.version == second.version
    ids = [p.id for p in first.questions]
    assert len(ids) == 7 and len(set(ids)) == 7
    assert {"con-order", "con-match"} <= set(ids)
    assert first.pass_mark == 60 and first.feedback == "immediate" and first.session == "induction"


def test_session_is_deterministic_across_processes(kb, tmp_path):
    _, bank = kb
    code = (
        "import sys; sys.path.insert(0, 'tests'); from pathlib import Path\n"
        "from aco_tui.quiz.bank import load_bank; from aco_tui.quiz.plan import plan_session\n"
        f"p = plan_session(load_bank(Path({str(bank.directory)!r})), 'assessment')\n"
        "print(p.version, [(q.id, q.options) for q in p.questions])"
    )
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        outputs.add(
            subprocess.run(
                [sys.executable, "-c", code],
                capture_output=True,
                text=True,
                check=True,
                env=env,
                cwd=Path(__file__).resolve().parents[2],
            ).stdout
        )
    plan = plan_session(bank, "assessment")
    assert outputs == {f"{plan.version} {[(q.id, q.options) for q in plan.questions]}\n"}


def test_different_seed_or_changed_question_changes_the_set(kb):
    _, bank = kb
    plan = plan_session(bank, "assessment")
    bank.sessions["assessment"] = replace(bank.sessions["assessment"], seed=8)
    assert shape(plan_session(bank, "assessment")) != shape(plan)
    bank.sessions["assessment"] = replace(bank.sessions["assessment"], seed=7)
    assert plan_session(bank, "assessment").version == plan.version
    first = plan.questions[0].question
    bank.questions[first.id] = replace(first, explanation=first.explanation, question=first.question + " (edited)")
    assert plan_session(bank, "assessment").version != plan.version


def test_unknown_session(kb):
    with pytest.raises(UsageError, match="no quiz session named 'x'.*assessment, induction"):
        plan_session(kb[1], "x")


def test_practice_filters_count_and_seed(kb):
    _, bank = kb
    plan = plan_practice(bank, topics=["timeline"], levels=["core"], count=10, seed=3)
    assert {p.question.topic for p in plan.questions} == {"timeline"}
    assert len(plan) == 3  # all the matching ones when fewer than count
    assert shape(plan_practice(bank, count=5, seed=3)) == shape(plan_practice(bank, count=5, seed=3))
    assert len(plan_practice(bank, count=5).questions) == 5
    with pytest.raises(UsageError, match="no question matches"):
        plan_practice(bank, topics=["timeline"], types=["essay"])


def test_shuffles_keep_the_key_and_never_give_the_answer_away(kb):
    _, bank = kb
    for seed in range(40):
        order = play(bank.questions["tl-order"], seed)
        assert list(order.options) != list(order.question.items)
        assert [order.options[i] for i in order.key()] == list(order.question.items)
        match = play(bank.questions["tl-match"], seed)
        assert list(match.options[:3]) != [b for _, b in match.question.pairs]
        assert [[match.left[n], match.options[r]] for n, r in enumerate(match.key())] == [
            list(p) for p in match.question.pairs
        ]
        single = play(bank.questions["tl-single"], seed)
        assert single.options[single.key()] == "The right one"
    seen = {play(bank.questions["tl-single"], seed).options for seed in range(40)}
    assert len(seen) > 5


def service_for(kb, tmp_path, clock=None):
    store, bank = kb
    return QuizService(bank, store, SQLiteProgress(tmp_path / "data"), clock=clock or Clock())


def wrong_response(played):
    key = played.key()
    if played.type in ("single", "truefalse"):
        return (key + 1) % len(played.options)
    if played.type == "multiple":
        return [i for i in range(len(played.options)) if i not in key][:1]
    if played.type in ("order", "match"):
        return list(key[1:]) + list(key[:1])
    return "certainly not"


def test_full_run_all_right(kb, tmp_path):
    service = service_for(kb, tmp_path)
    run = service.start_session("induction", "Sam")
    feedbacks = []
    while not run.finished:
        assert run.current is not None and run.position == len(feedbacks) + 1
        feedbacks.append(run.submit(run.current.key()))
    assert all(f.correct and f.reveal for f in feedbacks)
    assert feedbacks[0].excerpts[0].source_title == "Test briefing"
    assert feedbacks[0].excerpts[0].text in {
        "An ACO holds a single budget for a population.",
        "The plan was published in 2014 and the contract in 2017.",
    }
    report = run.report()
    assert (report.score, report.total, report.percent, report.passed, report.status) == (7, 7, 100.0, True, "finished")
    assert sum(t.total for t in report.by_topic) == 7 and report.missed == ()
    [attempt] = service.attempts()
    assert attempt.status == "finished" and attempt.score == 7 and attempt.passed is True
    assert attempt.question_set == run.plan.version and len(service.progress.answers([attempt.id])) == 7
    assert attempt.trainee == "Sam" and attempt.session == "induction" and attempt.ended


def test_wrong_answers_invalid_answers_and_missed(kb, tmp_path):
    service = service_for(kb, tmp_path)
    run = service.start_session("induction", "Sam")
    first = run.current
    with pytest.raises(InvalidAnswer):
        run.submit("nonsense" if first.type != "short" else "")
    assert run.position == 1 and service.progress.answers([service.attempts()[0].id]) == []
    feedback = run.submit(wrong_response(first))
    assert not feedback.correct and feedback.answer_text and feedback.explanation
    while not run.finished:
        run.submit(run.current.key())
    report = run.report()
    assert report.score == 6 and report.percent == 85.7 and report.passed
    assert [m.played.id for m in report.missed] == [first.id]
    assert report.missed[0].given_text != report.missed[0].answer_text


def test_deferred_feedback_is_not_revealed_until_the_end(kb, tmp_path):
    run = service_for(kb, tmp_path).start_session("assessment", "Sam")
    feedback = run.submit(run.current.key())
    assert feedback.reveal is False
    report = run.abandon()
    assert report.status == "abandoned" and report.passed is None and report.answered == 1  # not a fail
    assert all(item.reveal for item in report.items) and len(report.missed) == 5


def test_time_limit(kb, tmp_path):
    clock = Clock()
    service = service_for(kb, tmp_path, clock)
    run = service.start_session("assessment", "Sam")
    assert run.time_left() == timedelta(minutes=20)
    run.submit(run.current.key())
    clock.now += timedelta(minutes=21)
    assert run.time_left() == timedelta(0)
    with pytest.raises(TimeUp):
        run.submit(run.current.key())
    assert run.finished and run.report().status == "timed_out" and run.report().answered == 1
    [attempt] = service.attempts()
    assert attempt.status == "timed_out" and len(service.progress.answers([attempt.id])) == 1


def test_answers_are_recorded_as_they_are_given(kb, tmp_path):
    service = service_for(kb, tmp_path)
    run = service.start_practice("Sam", topics=["concepts"], count=3, seed=1)
    assert service.attempts()[0].status == "in_progress"
    run.submit(run.current.key())
    fresh = QuizService(kb[1], kb[0], SQLiteProgress(tmp_path / "data"))  # another reader of the same file
    [attempt] = fresh.attempts()
    assert attempt.status == "in_progress" and attempt.answered == 1
    assert [a.correct for a in fresh.progress.answers([attempt.id])] == [True]


def test_run_without_storage(kb):
    store, bank = kb
    run = QuizRun(plan_practice(bank, count=2, seed=1), "Sam", store=store).begin()
    run.submit(run.current.key())
    run.submit(run.current.key())
    assert run.report().score == 2
    with pytest.raises(RuntimeError):
        run.submit(0)
