"""The storage contract: every operation of :class:`ProgressStore`, run against each backend.

The ``progress`` fixture (tests/storage/conftest.py) gives a fresh store per backend available here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from aco_tui.errors import UserDataError
from aco_tui.navigation import Place
from aco_tui.quiz.review import schedule
from aco_tui.storage.records import Answer, Attempt, Finish

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)


def attempt(ident: str = "a1", trainee: str = "Sam", **changes) -> Attempt:
    base = Attempt(
        id=ident,
        trainee=trainee,
        kind="session",
        session="induction",
        title="Induction",
        question_set="0123abcd",
        seed=7,
        questions=("q1", "q2", "q3"),
        pass_mark=70.0,
        feedback="immediate",
        time_limit=20,
        started=T0,
        last_activity=T0,
    )
    return replace(base, **changes)


def answer(position: int, correct: bool = True, ident: str = "a1", at: datetime | None = None, **changes) -> Answer:
    base = Answer(
        attempt=ident,
        position=position,
        question=f"q{position}",
        topic="concepts",
        type="match",
        given=[["left", "right é"], ["l2", "r2"]],
        given_text="1a: left → right é",
        correct=correct,
        credit=1.0 if correct else 0.5,
        at=at or T0 + timedelta(minutes=position),
        seconds=12.5,
    )
    return replace(base, **changes)


def test_an_attempt_round_trips(progress):
    progress.start_attempt(attempt())
    assert progress.attempt("a1") == attempt()
    assert progress.attempt("nope") is None


def test_answers_move_the_attempt_and_replace_the_same_position(progress):
    progress.start_attempt(attempt())
    progress.record_answer(answer(1, correct=False))
    progress.record_answer(answer(2))
    progress.record_answer(answer(1, correct=True))  # answered again: replaces, not adds
    saved = progress.attempt("a1")
    assert (saved.answered, saved.score, saved.status) == (2, 2, "in_progress")
    assert saved.last_activity == T0 + timedelta(minutes=2)
    answers = progress.answers(["a1"])
    assert [a.position for a in answers] == [1, 2] and answers[1] == answer(2)
    assert answers[0].given == [["left", "right é"], ["l2", "r2"]] and answers[0].seconds == 12.5


def test_an_answer_and_its_card_are_one_write(progress):
    progress.start_attempt(attempt())
    card = schedule(None, "Sam", "q1", "good", T0)
    progress.record_answer(answer(1), card)
    assert progress.card("Sam", "q1") == card
    broken = replace(card, rating="perfect")  # refused by the schema: neither the answer nor the card is kept
    with pytest.raises(UserDataError):
        progress.record_answer(answer(2), broken)
    assert [a.position for a in progress.answers(["a1"])] == [1]
    assert progress.attempt("a1").answered == 1


def test_finish(progress):
    progress.start_attempt(attempt())
    progress.finish_attempt("a1", Finish("abandoned", T0 + timedelta(hours=1), 33.3, None))
    saved = progress.attempt("a1")
    assert (saved.status, saved.ended, saved.percent, saved.passed) == (
        "abandoned",
        T0 + timedelta(hours=1),
        33.3,
        None,
    )
    assert saved.last_activity == T0 + timedelta(hours=1)
    with pytest.raises(UserDataError):
        progress.finish_attempt("missing", Finish("finished", T0))


def test_attempts_filter_by_session_and_trainee_oldest_first(progress):
    progress.start_attempt(attempt("late", "Ann", started=T0 + timedelta(days=1), last_activity=T0))
    progress.start_attempt(attempt("early", "Ann"))
    progress.start_attempt(attempt("other", "Bo", session=None, kind="practice"))
    assert [a.id for a in progress.attempts()] == ["early", "other", "late"]
    assert [a.id for a in progress.attempts(session="induction")] == ["early", "late"]
    assert [a.id for a in progress.attempts(trainee="Bo")] == ["other"]
    assert progress.attempts(session="induction", trainee="Bo") == []


def test_answers_of_many_attempts_keep_the_order_asked(progress):
    for n in range(700):  # more than one batch of parameters
        progress.start_attempt(attempt(f"a{n}"))
        progress.record_answer(answer(1, ident=f"a{n}"))
    ids = [f"a{n}" for n in reversed(range(700))]
    assert [a.attempt for a in progress.answers(ids)] == ids


def test_cards_due_and_regrade(progress):
    for question, rating, minutes in (("b", "again", 5), ("a", "again", 0), ("c", "good", 0)):
        progress.save_card(schedule(None, "Sam", question, rating, T0 + timedelta(minutes=minutes)))
    progress.save_card(schedule(None, "Kim", "a", "again", T0))
    assert [c.question for c in progress.due_cards("Sam", T0 + timedelta(minutes=7))] == ["a", "b"]
    assert [c.question for c in progress.due_cards("Sam", T0 + timedelta(days=30))] == ["a", "b", "c"]
    assert [c.question for c in progress.cards("Sam")] == ["a", "b", "c"]
    good = progress.card("Sam", "c")
    progress.save_card(schedule(good, "Sam", "c", "easy", T0, regrade=True))
    assert progress.card("Sam", "c").due > good.due and progress.card("Sam", "c").reviews == 1


def test_places(progress):
    assert progress.load_place("local") is None
    progress.save_place("local", Place("concepts", "in-brief"))
    progress.save_place("local", Place("quiz"))
    progress.save_place("Ann", Place("timeline", "x"))
    assert progress.load_place("local") == Place("quiz", None)
    assert progress.load_place("Ann") == Place("timeline", "x")


def test_odd_text_is_kept_literally(progress):
    odd = "Ann \x1b[31m\u202e O'Brien; DROP TABLE attempts; --"
    progress.start_attempt(attempt(trainee=odd, title=odd))
    progress.record_answer(answer(1, given=odd, given_text=odd))
    [saved] = progress.attempts(trainee=odd)
    assert saved.title == odd and progress.answers([saved.id])[0].given == odd


def test_learning_paths_and_sections_read(progress):
    assert progress.load_learning("Sam", "concepts") is None and progress.sections_read("Sam") == {}
    state = {"v": 1, "pane": "concepts", "position": 3, "steps": [{"kind": "read", "section": "concepts#x"}]}
    progress.save_learning("Sam", "concepts", state, T0)
    progress.save_learning("Sam", "concepts", {**state, "position": 4}, T0 + timedelta(minutes=1))
    progress.save_learning("Kim", "concepts", state, T0)
    assert progress.load_learning("Sam", "concepts")["position"] == 4
    assert progress.load_learning("Sam", "commentary") is None
    progress.mark_read("Sam", "concepts#in-brief", T0)
    progress.mark_read("Sam", "concepts#in-brief", T0 + timedelta(days=1))  # read again: first read kept
    progress.mark_read("Sam", "concepts#what-an-aco-is", T0 + timedelta(hours=1))
    assert progress.sections_read("Sam") == {
        "concepts#in-brief": T0,
        "concepts#what-an-aco-is": T0 + timedelta(hours=1),
    }
    assert progress.sections_read("Kim") == {}
