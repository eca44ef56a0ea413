"""Live rooms over SSH (issue 25): only a trainer's key runs the ``live`` verbs and the console; a
trainee joins with ``quiz --plain --live CODE`` as the SSH user, and answers reach the trainer."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from ssh_fixtures import authorized_line, connect, make_config, make_keys, running

from aco_tui.ssh.policy import ChildSetup, Refused, follows_live_room, reads_input, trainer_argv

SETUP = ChildSetup(
    data_dir=Path("/srv/aco/data"), store=Path("/srv/store.json"), content=Path("/srv/content"), python="python3"
)


def test_the_live_verbs_and_the_console_are_a_trainers_commands():
    argv = trainer_argv(SETUP, "live open induction --leaderboard")
    assert argv is not None and argv[3] == "live" and argv[-3:] == ["open", "induction", "--leaderboard"]
    assert trainer_argv(SETUP, "live status K7QF2M --json")[-3:] == ["status", "K7QF2M", "--json"]
    console = trainer_argv(SETUP, "trainer --live K7QF2M")
    assert console is not None and console[3] == "trainer" and reads_input(console)  # a terminal of its own
    for refused in (
        "live open induction --data-dir /tmp",
        "live next X --store=/etc/passwd",
        "trainer",
        "trainer --session induction",
    ):
        with pytest.raises(Refused):
            trainer_argv(SETUP, refused)


def test_trainees_may_join_but_not_run_the_room():
    argv = SETUP.command_argv("quiz --plain --live K7QF2M", "ann")
    assert argv[3] == "quiz" and argv[-3:] == ["--plain", "--live", "K7QF2M"]
    for command in ("live next K7QF2M", "live open induction", "trainer --live K7QF2M"):
        with pytest.raises(Refused, match="for trainers"):
            SETUP.command_argv(command, "ann")
    with pytest.raises(Refused, match="--plain"):
        SETUP.command_argv("quiz --live K7QF2M", "ann")


@pytest.fixture
def keys(tmp_path):
    return make_keys(tmp_path / "client", "tess", "ann")


@pytest.fixture
def config(tmp_path, keys):
    trainer = 'role="trainer" ' + authorized_line(keys["tess"])
    return make_config(tmp_path, trainer + "\n" + authorized_line(keys["ann"], trainee="ann") + "\n")


def quick_idle_config(tmp_path, keys):
    """Tess a trainer, Ann a trainee, and an idle timeout of 1 s (the default is 30 minutes)."""
    trainer = 'role="trainer" ' + authorized_line(keys["tess"])
    return make_config(tmp_path, trainer + "\n" + authorized_line(keys["ann"]) + "\n", idle_timeout=1.0)


async def open_room(tess) -> str:
    """The code of a room Tess opens on the "ssh-check" session."""
    opened = await tess.run("live open ssh-check", encoding="utf-8", timeout=30)
    return opened.stdout.strip().splitlines()[-1].removeprefix("code: ")


async def test_a_room_over_ssh_trainer_and_trainee(config, keys):
    async with (
        running(config) as service,
        connect(service, "tess", keys["tess"]) as tess,
        connect(service, "ann", keys["ann"]) as ann,
    ):
        refused = await ann.run("live open ssh-check", encoding="utf-8", timeout=20)
        assert refused.exit_status != 0 and "for trainers" in refused.stderr and refused.stdout == ""
        opened = await tess.run("live open ssh-check", encoding="utf-8", timeout=30)
        assert opened.exit_status == 0, opened.stderr
        code = opened.stdout.strip().splitlines()[-1].removeprefix("code: ")
        refused = await ann.run(f"live next {code}", encoding="utf-8", timeout=20)
        assert refused.exit_status != 0 and "for trainers" in refused.stderr

        trainee = await ann.create_process(f"quiz --plain --live {code}", encoding="utf-8")
        seen = ""

        async def wait_for(text: str) -> None:
            nonlocal seen
            while text not in seen:
                chunk = await asyncio.wait_for(trainee.stdout.read(4096), 30)
                assert chunk, seen
                seen += chunk

        await wait_for("Waiting for the trainer")
        moved = await tess.run(f"live next {code}", encoding="utf-8", timeout=30)
        assert moved.exit_status == 0, moved.stderr
        await wait_for("Q1/1 [truefalse]")
        trainee.stdin.write("1\n")
        await wait_for("Answer recorded")
        status = json.loads((await tess.run(f"live status {code} --json", encoding="utf-8", timeout=30)).stdout)
        assert (status["joined"], status["answers"], status["phase"]) == (1, 1, "open")
        assert (await tess.run(f"live reveal {code}", encoding="utf-8", timeout=30)).exit_status == 0
        await wait_for("Source:")
        ended = await tess.run(f"live end {code}", encoding="utf-8", timeout=30)
        assert ended.exit_status == 0 and "ann: 1/1" in ended.stdout  # the SSH user is the trainee
        await wait_for("Score: 1/1")
        await asyncio.wait_for(trainee.wait_closed(), 30)
        assert trainee.exit_status == 0


async def test_the_trainers_console_runs_over_ssh_on_a_terminal(config, keys):
    from ssh_fixtures import Screen

    async with running(config) as service, connect(service, "tess", keys["tess"]) as tess:
        code = await open_room(tess)
        process = await tess.create_process(
            f"trainer --live {code}", term_type="xterm-256color", term_size=(100, 30), encoding=None
        )
        screen = Screen(process)
        try:
            await screen.wait_for("0 of 0 answered", timeout=30)
            process.stdin.write(b"n")
            await screen.wait_for("question 1/1, open", timeout=20)
            status = json.loads((await tess.run(f"live status {code} --json", encoding="utf-8", timeout=30)).stdout)
            assert (status["phase"], status["question"]) == ("open", 1)
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
            assert process.exit_status == 0
        finally:
            screen.close()


def test_only_a_live_rooms_participants_follow_the_trainers_pace():
    assert follows_live_room(SETUP.command_argv("quiz --plain --live K7QF2M", "ann"))
    assert follows_live_room(SETUP.command_argv("quiz --plain --live=K7QF2M", "ann"))
    assert follows_live_room(trainer_argv(SETUP, "trainer --live K7QF2M"))
    for other in ("quiz --plain --session ssh-check", "quiz --plain --due", "learn --plain concepts", "progress"):
        assert not follows_live_room(SETUP.command_argv(other, "ann"))
    assert not follows_live_room(trainer_argv(SETUP, "live status K7QF2M"))
    assert not follows_live_room(SETUP.app_argv())


@pytest.mark.parametrize("terminal", [False, True], ids=["line-by-line", "ssh-t"])
async def test_waiting_for_the_trainer_is_not_idle(tmp_path, keys, terminal):
    """Regression: the idle timeout closed a trainee waiting in a live room for the trainer to move on
    (here 1 s; the default is 30 minutes), though the trainee had nothing to answer yet."""
    from ssh_fixtures import Screen

    async with (
        running(quick_idle_config(tmp_path, keys)) as service,
        connect(service, "tess", keys["tess"]) as tess,
        connect(service, "ann", keys["ann"]) as ann,
    ):
        code = await open_room(tess)
        pty = {"term_type": "xterm-256color", "term_size": (80, 24)} if terminal else {}
        trainee = await ann.create_process(f"quiz --plain --live {code}", encoding=None, **pty)
        screen = Screen(trainee)
        try:
            await screen.wait_for("Waiting for the trainer", timeout=30)
            quiet = service.config.idle_timeout * 3
            await asyncio.sleep(quiet)  # three idle timeouts without a key pressed, waiting
            assert trainee.exit_status is None and "without input" not in screen.text(0)
            assert (await tess.run(f"live next {code}", encoding="utf-8", timeout=30)).exit_status == 0
            await screen.wait_for("Q1/1 [truefalse]", timeout=30)
            await asyncio.sleep(quiet)  # a question open: still the room's pace, not the session's
            trainee.stdin.write(b"1\n")
            await screen.wait_for("Answer recorded", timeout=30)
            assert (await tess.run(f"live end {code}", encoding="utf-8", timeout=30)).exit_status == 0
            await screen.wait_for("Score: 1/1", timeout=30)
            await asyncio.wait_for(trainee.wait_closed(), 30)
            assert trainee.exit_status == 0 and "without input" not in screen.text(0)
        finally:
            screen.close()
        # The same server still closes a quiet quiz that is not a live room's.
        quiz = await ann.create_process("quiz --plain --session ssh-check", encoding="utf-8", **pty)
        await asyncio.wait_for(quiz.wait_closed(), 30)
        assert "closed after 1 second without input" in (await quiz.stderr.read()) + (await quiz.stdout.read())


async def test_an_app_session_seated_in_an_open_room_is_not_idle(tmp_path, keys):
    """Regression (noticed at issue 28's last stop): a trainee in the app who had joined a live room
    was closed by the idle timeout while the trainer talked. The server now asks the database at the
    idle deadline: a seat in a room that has not ended keeps an app session open; once the room
    ends, the next deadline closes it as any idle session."""
    from ssh_fixtures import Screen, open_app

    from aco_tui.ssh.policy import seated_in_live_room

    async with (
        running(quick_idle_config(tmp_path, keys)) as service,
        connect(service, "tess", keys["tess"]) as tess,
        connect(service, "ann", keys["ann"]) as ann,
    ):
        code = await open_room(tess)
        assert not seated_in_live_room(service.config.setup, "ann")
        joined = await ann.create_process(f"quiz --plain --live {code}", encoding=None)
        seat = Screen(joined)
        await seat.wait_for("Waiting for the trainer", timeout=30)
        seat.close()
        joined.close()  # the seat stays: the trainee left the command line for the app
        assert seated_in_live_room(service.config.setup, "ann")
        app, screen = await open_app(ann, size=(80, 24))
        try:
            await asyncio.sleep(service.config.idle_timeout * 3)  # three idle timeouts without a key
            assert app.exit_status is None and "without input" not in screen.text(0)
            assert (await tess.run(f"live end {code}", encoding="utf-8", timeout=30)).exit_status == 0
            assert not seated_in_live_room(service.config.setup, "ann")
            await asyncio.wait_for(app.wait_closed(), 30)
            assert b"closed after 1 second without input" in await app.stderr.read()
        finally:
            screen.close()
