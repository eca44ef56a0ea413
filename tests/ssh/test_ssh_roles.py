"""Trainers over SSH: role="trainer" keys get the dashboard menu and ``results``; trainees and guests do not."""

from __future__ import annotations

import asyncio
import csv
import io
from pathlib import Path

import pytest
from ssh_fixtures import Screen, authorized_line, connect, make_config, make_keys, running

from aco_tui.ssh.keys import AuthorizedKeys
from aco_tui.ssh.policy import ChildSetup, Refused, trainer_argv

SETUP = ChildSetup(
    data_dir=Path("/srv/aco/data"), store=Path("/srv/store.json"), content=Path("/srv/content"), python="python3"
)


def trainer_line(key, trainee: str | None = None) -> str:
    return 'role="trainer",' + authorized_line(key, trainee) if trainee else 'role="trainer" ' + authorized_line(key)


def test_role_trainer_marks_a_key_and_bad_roles_are_ignored(tmp_path):
    keys = make_keys(tmp_path / "client", "trainer", "named", "trainee", "odd")
    path = tmp_path / "authorized_keys"
    path.write_text(
        "\n".join(
            [
                trainer_line(keys["trainer"]),
                'restrict,role="trainer",' + authorized_line(keys["named"], trainee="Tess Trainer"),
                'role="trainee" ' + authorized_line(keys["trainee"]),
                'role="admin" ' + authorized_line(keys["odd"]),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    allowed = AuthorizedKeys.open(path)
    assert allowed.allows("anyone", keys["trainer"]) and allowed.role("anyone", keys["trainer"]) == "trainer"
    assert allowed.allows("Tess Trainer", keys["named"]) and not allowed.allows("tess", keys["named"])
    assert allowed.role("Tess Trainer", keys["named"]) == "trainer"
    assert allowed.allows("anyone", keys["trainee"]) and allowed.role("anyone", keys["trainee"]) == "trainee"
    assert not allowed.allows("anyone", keys["odd"])
    assert allowed.problems == ["line 4: role= must be one of trainee, trainer; key ignored"]


def test_a_key_listed_as_trainee_and_trainer_is_a_trainer_only_where_the_trainer_line_allows(tmp_path):
    keys = make_keys(tmp_path / "client", "both")
    path = tmp_path / "authorized_keys"
    path.write_text(
        authorized_line(keys["both"]) + "\n" + trainer_line(keys["both"], trainee="Tess") + "\n", encoding="utf-8"
    )
    allowed = AuthorizedKeys.open(path)
    assert allowed.role("Tess", keys["both"]) == "trainer" and allowed.role("Sam", keys["both"]) == "trainee"


def test_trainer_commands():
    base = ["python3", "-m", "aco_tui"]
    menu = trainer_argv(SETUP, None)
    assert menu[:4] == [*base, "trainer"] and menu[-1] == "--choose" and "--data-dir" in menu
    argv = trainer_argv(SETUP, "results --session induction --csv --per-question")
    assert argv[:4] == [*base, "results"] and argv[-4:] == ["--session", "induction", "--csv", "--per-question"]
    assert trainer_argv(SETUP, "results --trainee 'Ann Lee'")[-2:] == ["--trainee", "Ann Lee"]
    assert trainer_argv(SETUP, "lookup ACO") is None  # the trainees' rules apply to it
    regrade = trainer_argv(SETUP, "results regrade --session s --question q --accept 'capitated budget'")
    assert regrade[3:] == [
        "results",
        *regrade[4:-7],
        "regrade",
        "--session",
        "s",
        "--question",
        "q",
        "--accept",
        "capitated budget",
    ]
    for refused in (
        "results regrade --sessions /etc/x.toml",
        "results --data-dir /tmp",
        "results --store=/etc/passwd",
        "results --content /",
        "results 'unterminated",
        "results " + "x" * 1000,
    ):
        with pytest.raises(Refused):
            trainer_argv(SETUP, refused)


@pytest.fixture
def keys(tmp_path):
    return make_keys(tmp_path / "client", "tess", "ann")


@pytest.fixture
def config(tmp_path, keys):
    return make_config(tmp_path, trainer_line(keys["tess"]) + "\n" + authorized_line(keys["ann"], trainee="ann") + "\n")


async def test_a_trainer_runs_results_without_a_terminal(config, keys):
    async with running(config) as service, connect(service, "tess", keys["tess"]) as conn:
        result = await conn.run("results --session ssh-check --csv --trainees", encoding="utf-8", timeout=30)
        assert result.exit_status == 0, result.stderr
        assert result.stdout.splitlines()[0].startswith("trainee,attempts,state")
        assert list(csv.DictReader(io.StringIO(result.stdout))) == []  # nobody has taken it yet
        refused = await conn.run("results --data-dir /tmp", encoding="utf-8", timeout=20)
        assert refused.exit_status == 1 and "not allowed for results over SSH" in refused.stderr
        lookup = await conn.run("lookup ACO", encoding="utf-8", timeout=30)  # what a trainee may, a trainer may
        assert lookup.exit_status == 0
        bare = await conn.run(encoding="utf-8", timeout=20)
        assert bare.exit_status == 1 and "'results ...'" in bare.stderr


@pytest.mark.parametrize("command", ["results", "results --session ssh-check --csv", "trainer"])
async def test_trainee_keys_and_guests_are_refused(tmp_path, config, keys, command):
    async with running(config) as service, connect(service, "ann", keys["ann"]) as conn:
        result = await conn.run(command, encoding="utf-8", timeout=20)
        assert result.exit_status != 0 and result.stdout == ""
        assert len(result.stderr.splitlines()) == 1 and "not allowed here" in result.stderr
    guest = make_config(tmp_path / "guest", None)
    async with running(guest) as service, connect(service, "visitor") as conn:
        result = await conn.run(command, encoding="utf-8", timeout=20)
        assert result.exit_status != 0 and len(result.stderr.splitlines()) == 1
        assert "not allowed here" in result.stderr


async def test_a_trainer_with_a_terminal_chooses_the_dashboard(config, keys):
    async with running(config) as service, connect(service, "tess", keys["tess"]) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
        screen = Screen(process)
        try:
            await screen.wait_for("Open which?", timeout=30)
            process.stdin.write(b"d")
            await screen.wait_for("Trainees", timeout=20)
            await screen.wait_for("SSH check (ssh-check)", since=0, timeout=20)
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
            assert process.exit_status == 0
        finally:
            screen.close()
