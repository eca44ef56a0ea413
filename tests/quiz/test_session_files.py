"""A trainer's own sessions (DATA/sessions.toml and --sessions FILE): merged with the shipped ones;
a bad session is reported with its file, line and field, never dropped silently."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from types import SimpleNamespace

import pytest
from helpers import REPO, cli_env
from quiz_fixtures import write_kb

MINE = """# my sessions
[[session]]
name = "mine"
title = "Mine"
seed = 1
pass_mark = 50
questions = ["con-single"]

[[session]]
name = "bad"
title = "Bad"
seed = "notint"
pass_mark = 70
questions = ["con-single"]

[[session]]
name = "induction"
title = "Clash"
seed = 1
pass_mark = 50
questions = ["con-single"]

[[session]]
name = "naive"
title = "No time zone"
seed = 1
pass_mark = 50
questions = ["con-single"]
opens = 2027-01-11T09:00:00
"""


@pytest.fixture
def env(tmp_path):
    store, content = write_kb(tmp_path)
    data = tmp_path / "data"
    data.mkdir()
    (data / "sessions.toml").write_text(MINE, encoding="utf-8")
    environment = {
        **cli_env(SimpleNamespace(store=store, content=content), data),
        "ACO_TUI_CACHE": str(tmp_path / "cache"),
    }
    environment.pop("ACO_TUI_DATABASE", None)
    return environment


def aco(env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aco_tui", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_bad_sessions_are_reported_with_file_line_and_field(env):
    mine = os.path.join(env["ACO_TUI_DATA"], "sessions.toml")
    expected = [
        f"{mine}:12: session 'bad': 'seed' must be an integer (found 'notint')",
        f"{mine}:16: session 'induction' is defined twice (first at sessions.toml:2); this one is left out",
        f"{mine}:29: session 'naive': 'opens' needs a time zone, e.g. 2027-01-11T09:00:00+00:00 "
        "(found 2027-01-11T09:00:00)",
    ]
    checked = aco(env, "check", "--json")
    errors = json.loads(checked.stdout)["errors"]
    assert checked.returncode == 1 and all(line in errors for line in expected), [e for e in errors if "session" in e]
    listed = aco(env, "quiz", "--list-sessions")
    assert listed.returncode == 0
    names = [line.split("\t")[0] for line in listed.stdout.splitlines() if "\t" in line]
    assert names == ["induction", "assessment", "mine"]
    assert [f"left out: {line}" for line in expected] == [
        line for line in listed.stdout.splitlines() if line.startswith("left out: ")
    ]
    refused = aco(env, "quiz", "--plain", "--session", "bad", "--name", "Kim")
    assert refused.returncode == 2 and refused.stderr == f"aco-tui: session 'bad' cannot run: {expected[0]}\n"


def test_sessions_from_a_file_named_on_the_command_line(env, tmp_path):
    extra = tmp_path / "extra.toml"
    extra.write_text(MINE.split('[[session]]\nname = "bad"')[0].replace('"mine"', '"extra"'), encoding="utf-8")
    listed = aco(env, "quiz", "--list-sessions", "--sessions", str(extra))
    assert "extra\tMine\t1 question, " in listed.stdout and "mine\tMine\t" in listed.stdout
    ran = aco(env, "quiz", "--plain", "--session", "extra", "--name", "Kim", "--sessions", str(extra))
    assert ran.returncode == 3 and "Q1/1 [single]" in ran.stdout  # end of input: left open
    missing = aco(env, "quiz", "--list-sessions", "--sessions", str(tmp_path / "nope.toml"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_the_shipped_sessions_file_points_to_the_format_that_exists():
    first = (REPO / "content" / "quiz" / "sessions.toml").read_text(encoding="utf-8").splitlines()[0]
    assert "docs/session-format.md" in first and (REPO / "docs" / "session-format.md").is_file()
