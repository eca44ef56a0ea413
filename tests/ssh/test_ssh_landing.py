"""``aco-tui serve --quiz-session NAME``: trainees who open the app land on that session's start page."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import subprocess
import sys

import pytest
from serve_process import recorded_attempts
from ssh_fixtures import Screen, authorized_line, cmdline, connect, environ, host_ready, make_config, make_keys, running

from aco_tui.env import QUIZ_SESSION_ENV, SSH_ENV, served_quiz_session


@pytest.fixture
def keys(tmp_path):
    return make_keys(tmp_path / "client", "alice", "trainer")


def _landing_config(tmp_path, keys, forked: bool):
    lines = [authorized_line(keys["alice"], trainee="alice"), 'role="trainer" ' + authorized_line(keys["trainer"])]
    config = make_config(tmp_path, "\n".join(lines) + "\n", session_host=forked)
    return dataclasses.replace(config, setup=dataclasses.replace(config.setup, quiz_session="ssh-check"))


@pytest.mark.parametrize("forked", [True, False], ids=["forked", "cold"])
async def test_a_trainee_lands_on_the_session_start_page_and_enter_begins_it(tmp_path, keys, caplog, forked):
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    config = _landing_config(tmp_path, keys, forked)
    async with running(config) as service:
        if forked:  # the host warmed up on the way its sessions go (it refuses to fork if that left anything)
            assert cmdline(await host_ready(service))[-2:] == ["--quiz-session", "ssh-check"]
        assert any("land on quiz session 'ssh-check'" in r.getMessage() for r in caplog.records)
        async with connect(service, "alice", keys["alice"]) as conn:
            process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
            screen = Screen(process)
            await screen.wait_for("Press Enter to start")
            assert "SSH check" in screen.text(0) and "This statement is true" not in screen.text(0)
            [pid] = service.child_pids()
            assert environ(pid)[QUIZ_SESSION_ENV] == "ssh-check"
            process.stdin.write(b"\r")
            await screen.wait_for("This statement is true")
            process.stdin.write(b"1\r")
            await screen.wait_for("Your answer")
            process.stdin.write(b"\r")
            await screen.wait_for("Score:")
            process.stdin.write(b"1")  # every pane is still a key away
            await screen.wait_for("An ACO is one organisation")
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
            assert process.exit_status == 0
    [attempt] = recorded_attempts("--data-dir", str(config.setup.data_dir))
    assert attempt["trainee"] == "alice" and attempt["session"] == "ssh-check"


async def test_a_trainer_still_gets_the_dashboard(tmp_path, keys):
    config = _landing_config(tmp_path, keys, forked=False)
    async with running(config) as service, connect(service, "trainer", keys["trainer"]) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(100, 30), encoding=None)
        screen = Screen(process)
        await screen.wait_for("Open which?", timeout=30)  # the trainer's menu, not the trainee's landing
        assert "Press Enter to start" not in screen.text(0)
        process.close()


def test_an_unknown_session_stops_serve_with_one_line(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "aco_tui",
            "serve",
            "--data-dir",
            str(tmp_path),
            "--port",
            "0",
            "--quiz-session",
            "nope",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "aco-tui: --quiz-session: no quiz session named 'nope' (sessions: assessment-1, contracts-and-law, induction)"
    ]


def test_the_landing_session_is_read_only_inside_an_ssh_session(monkeypatch):
    """A stray ACO_TUI_QUIZ_SESSION in a local shell does not change where `aco-tui` opens."""
    monkeypatch.setenv(QUIZ_SESSION_ENV, "induction")
    monkeypatch.delenv(SSH_ENV, raising=False)
    assert served_quiz_session() is None
    monkeypatch.setenv(SSH_ENV, "1")
    assert served_quiz_session() == "induction"
    monkeypatch.setenv(QUIZ_SESSION_ENV, "")
    assert served_quiz_session() is None
