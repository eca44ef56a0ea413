"""The live room's core on both backends: a trainer and three trainees on one database (issue 25)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from aco_tui.errors import DataError
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.live import LiveHost, RoomError, open_room, tally
from aco_tui.quiz.live_seat import LiveSeat, QuestionClosed, response_of
from aco_tui.quiz.plan import plan_session
from aco_tui.quiz.scoring import InvalidAnswer


class Clock:
    """A clock the test moves on."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture(params=["sqlite", "postgres"])
def progress(request, tmp_path):
    if request.param == "postgres":
        from aco_tui.storage.postgres import PostgresProgress

        store = PostgresProgress(request.getfixturevalue("pg_url"))
    else:
        from aco_tui.storage.sqlite import SQLiteProgress

        store = SQLiteProgress(tmp_path / "data")
    yield store
    store.close()


@pytest.fixture
def bank(quiz_kb):
    return load_bank(quiz_kb.content / "quiz")


def right(played):
    return played.key()


def wrong(played):
    """A well-formed answer that is not right."""
    key = played.key()
    if played.type in ("single", "truefalse"):
        return (key + 1) % len(played.options)
    if played.type == "multiple":
        return frozenset(i for i in range(len(played.options)) if i not in key) or frozenset({0})
    if played.type in ("order", "match"):
        return tuple(reversed(key))
    return "certainly not this"


def test_a_room_runs_from_open_to_end_with_answers_counted(progress, bank):
    clock = Clock()
    room = open_room(progress, bank, "induction", clock=clock)
    assert room.phase == "lobby" and room.question == 0 and len(room.code) == 6
    host = LiveHost(progress, bank, room.code.lower(), clock=clock)  # codes are read in any case
    seats = [LiveSeat.join(progress, bank, room.code, name, clock=clock) for name in ("Ann", "Bob", "Cat")]
    assert host.status().joined == 3 and host.status().answers == 0
    assert all(seat.current is None for seat in seats)

    host.next()
    for seat in seats:
        assert seat.poll() is not None and seat.room.phase == "open"
    played = seats[0].current
    assert played is not None
    seats[0].answer(wrong(played))
    seats[0].answer(right(played))  # changed before the close: the last one counts
    seats[1].answer(wrong(played))
    status = host.status()
    assert (status.answers, status.joined) == (2, 3)
    assert sum(o.count for o in status.options) >= 2
    assert status.as_json()["right"] is None  # not before the reveal
    with pytest.raises(InvalidAnswer):
        seats[2].answer("not an answer" if played.type != "short" else "")

    host.close()
    seats[2].poll()
    with pytest.raises(QuestionClosed):
        seats[2].answer(right(played))
    host.reveal()
    status = host.status()
    assert status.room.phase == "revealed" and status.right == 1 and status.as_json()["right"] == 1
    seats[0].poll()
    feedback = seats[0].feedback(1)
    assert feedback.correct and feedback.excerpts and feedback.excerpts[0].text
    assert not seats[1].feedback(1).correct and not seats[2].feedback(1).answered
    answer = host.answer()
    assert answer is not None and answer.answer_text and answer.excerpts

    for _ in range(room.total - 1):
        host.next()
        seats[0].poll()
        seats[0].answer(right(seats[0].current))
    with pytest.raises(RoomError, match="last question"):
        host.next()
    scores = host.end()
    assert [s.trainee for s in scores][0] == "Ann" and scores[0].right == room.total
    attempts = {a.trainee: a for a in progress.attempts("induction")}
    assert {a.kind for a in attempts.values()} == {"live"}
    assert all(a.status == "finished" for a in attempts.values())
    assert attempts["Ann"].percent == 100.0 and attempts["Ann"].passed
    assert attempts["Bob"].score == 0 and attempts["Bob"].passed is False
    seats[1].poll()
    report = seats[1].report()
    assert report.status == "finished" and report.score == 0 and report.answered == 1
    with pytest.raises(RoomError, match="ended"):
        LiveHost(progress, bank, room.code)
    with pytest.raises(RoomError, match="ended"):
        LiveSeat.join(progress, bank, room.code, "Dan")


def test_a_late_joiner_gets_the_open_question_and_a_returning_trainee_their_answers(progress, bank):
    clock = Clock()
    room = open_room(progress, bank, "induction", clock=clock)
    host = LiveHost(progress, bank, room.code, clock=clock)
    ann = LiveSeat.join(progress, bank, room.code, "Ann", clock=clock)
    host.next()
    ann.poll()
    first = ann.current
    ann.answer(right(first))
    host.reveal()
    host.next()
    ann.poll()
    ann.answer(wrong(ann.current))

    late = LiveSeat.join(progress, bank, room.code, "Late", clock=clock)
    assert late.room.question == 2 and late.current is not None and not late.rejoined

    again = LiveSeat.join(progress, bank, room.code, "Ann", clock=clock)  # Ann dropped and came back
    assert again.rejoined and again.attempt_id == ann.attempt_id
    assert again.room.question == 2 and again.given(1) is not None and again.given(2) is not None
    assert again.response(1) == right(first)
    assert len(progress.attempts("induction", "Ann")) == 1 and host.status().joined == 2


def test_two_rooms_on_one_session_are_kept_apart(progress, bank):
    clock = Clock()
    one, two = (open_room(progress, bank, "induction", clock=clock) for _ in range(2))
    assert one.code != two.code
    hosts = [LiveHost(progress, bank, r.code, clock=clock) for r in (one, two)]
    seat = LiveSeat.join(progress, bank, one.code, "Ann", clock=clock)
    LiveSeat.join(progress, bank, two.code, "Ann", clock=clock)  # the same trainee in both: two attempts
    for host in hosts:
        host.next()
    seat.poll()
    seat.answer(right(seat.current))
    assert hosts[0].status().answers == 1 and hosts[1].status().answers == 0
    assert hosts[1].status().joined == 1 and hosts[1].room.question == 1
    hosts[1].end()
    assert hosts[0].refresh().phase == "open"


def test_a_trainer_move_that_lost_a_race_is_not_applied_twice(progress, bank):
    room = open_room(progress, bank, "induction")
    first, second = LiveHost(progress, bank, room.code), LiveHost(progress, bank, room.code)
    first.next()
    second.next()  # second read the room afresh: it opens question 2, not question 1 again
    assert first.refresh().question == 2 and first.room.revision == 2


def test_unknown_codes_and_moves_out_of_turn_are_one_line_errors(progress, bank):
    with pytest.raises(RoomError, match="no live room"):
        LiveHost(progress, bank, "NOPE42")
    with pytest.raises(RoomError, match="no live room"):
        LiveSeat.join(progress, bank, "NOPE42", "Ann")
    room = open_room(progress, bank, "induction")
    host = LiveHost(progress, bank, room.code)
    for move in (host.close, host.reveal):
        with pytest.raises(RoomError, match="opened yet"):
            move()


def test_a_room_whose_questions_changed_is_refused(progress, bank, quiz_kb):
    room = open_room(progress, bank, "induction")
    sessions = quiz_kb.content / "quiz" / "sessions.toml"
    sessions.write_text(sessions.read_text().replace("seed = 42", "seed = 43"))
    with pytest.raises(DataError, match="changed"):
        LiveSeat.join(progress, load_bank(quiz_kb.content / "quiz"), room.code, "Ann")


def test_the_chart_counts_each_option_and_groups_other_answers(bank):
    plan = plan_session(bank, "induction")
    for played in plan.questions:
        key = played.key()
        given = {"single": played.options[key] if played.type == "single" else None}
        if played.type == "single":
            options, answers, right_ones = tally(
                played, [(json.dumps(given["single"]), True, 2), (json.dumps(played.options[(key + 1) % 4]), False, 1)]
            )
            assert answers == 3 and right_ones == 2
            assert options[key].count == 2 and options[key].correct
            assert sum(o.count for o in options) == 3
        if played.type in ("order", "match"):
            rows = [(json.dumps([f"answer {n}"]), False, 1) for n in range(8)]
            options, answers, _ = tally(played, rows)
            assert answers == 8 and options[-1].label == "(other answers)" and options[-1].count == 3


def test_a_stored_answer_maps_back_to_the_choice_shown(bank):
    from aco_tui.quiz.scoring import score

    for played in plan_session(bank, "induction").questions:
        for response in (right(played), wrong(played)):
            assert response_of(played, score(played, response).given) == score(played, response).response


def test_the_leaderboard_ranks_by_right_answers_then_speed(progress, bank):
    from aco_tui.quiz.live_plain import leaderboard_lines

    clock = Clock()
    room = open_room(progress, bank, "induction", leaderboard=True, clock=clock)
    assert room.leaderboard
    host = LiveHost(progress, bank, room.code, clock=clock)
    seats = {name: LiveSeat.join(progress, bank, room.code, name, clock=clock) for name in ("Ann", "Bob", "Cat")}
    host.next()
    for seat in seats.values():
        seat.poll()
    played = seats["Bob"].current
    seats["Bob"].answer(right(played))  # the quickest right answer
    seats["Cat"].answer(wrong(played))
    seats["Ann"].answer(right(played))
    host.reveal()
    scores = host.scores()
    assert [s.trainee for s in scores] == ["Bob", "Ann", "Cat"]
    assert scores[0].seconds < scores[1].seconds
    lines = leaderboard_lines(scores, 1)
    assert lines[0] == "Leaderboard (top 5):" and lines[1].startswith("1. Bob: 1/1 right") and len(lines) == 4


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_one_trainee_joining_from_two_sessions_at_once_gets_one_seat(backend, bank, tmp_path, request):
    import threading

    if backend == "postgres":
        from aco_tui.storage.postgres import PostgresProgress

        url = request.getfixturevalue("pg_url")
        stores = [PostgresProgress(url) for _ in range(4)]
    else:
        from aco_tui.storage.sqlite import SQLiteProgress

        stores = [SQLiteProgress(tmp_path / "data") for _ in range(4)]
    try:
        for round_ in range(3):
            code = open_room(stores[0], bank, "induction").code
            barrier = threading.Barrier(len(stores))
            seats: list = []

            def join(progress, code=code, barrier=barrier, seats=seats):
                barrier.wait()
                seats.append(LiveSeat.join(progress, bank, code, "Ann"))

            threads = [threading.Thread(target=join, args=(s,)) for s in stores]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(seats) == len(stores), f"round {round_}: a join failed"
            assert len({seat.attempt_id for seat in seats}) == 1
            assert stores[0].room_joined(code) == 1
        assert len(stores[0].attempts("induction", "Ann")) == 3  # one per room, none left over
    finally:
        for s in stores:
            s.close()


def test_a_seat_in_a_room_that_has_not_ended_is_known_by_the_trainees_name(progress, bank):
    """What the SSH server asks at an app session's idle deadline (aco_tui.ssh.policy.seated_in_live_room)."""
    clock = Clock()
    room = open_room(progress, bank, "induction", clock=clock)
    other = open_room(progress, bank, "induction", clock=clock)
    host = LiveHost(progress, bank, room.code, clock=clock)
    assert not progress.seated_in_open_room("Ann")
    LiveSeat.join(progress, bank, room.code, "Ann", clock=clock)
    LiveSeat.join(progress, bank, other.code, "Bob", clock=clock)
    assert progress.seated_in_open_room("Ann") and progress.seated_in_open_room("Bob")
    assert not progress.seated_in_open_room("ann") and not progress.seated_in_open_room("Cy")  # names as given
    host.next()
    assert progress.seated_in_open_room("Ann")  # a question open: the room goes on
    host.end()
    assert not progress.seated_in_open_room("Ann") and progress.seated_in_open_room("Bob")
