"""Running the real command line against broken files: shared by the fault tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {"app": [], "lookup": ["lookup", "ACO"], "define": ["define", "ACO"],
            "quiz": ["quiz", "--plain", "--count", "1", "--name", "T"], "check": ["check"]}


def write_quiz_kb(tmp_path):
    """The mini knowledge base with a question bank (content/quiz) citing its excerpts."""
    import quiz_fixtures
    from kbfixtures import write_knowledge

    paths = write_knowledge(tmp_path / "kb")
    quiz = paths.content / "quiz"
    quiz.mkdir()
    for topic in quiz_fixtures.TOPICS:
        text = quiz_fixtures.SAMPLE.format(p=quiz_fixtures.PREFIX[topic], topic=topic)
        (quiz / f"{topic}.toml").write_text(text.replace("ex-budget", "a-definition").replace("ex-dates", "a-budget"),
                                            encoding="utf-8")
    (quiz / "sessions.toml").write_text(quiz_fixtures.SESSIONS, encoding="utf-8")
    return paths


def _env(paths, data_dir) -> dict:
    return {**os.environ, "ACO_TUI_STORE": str(paths.store), "ACO_TUI_CONTENT": str(paths.content),
            "ACO_TUI_DATA": str(data_dir), "PYTHONPATH": str(ROOT)}


def run_cli(paths, *argv, data_dir, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "aco_tui", *argv], input=stdin, capture_output=True, text=True,
                          timeout=60, env=_env(paths, data_dir))


def run_all(paths, data_dir, commands=COMMANDS) -> dict[str, subprocess.CompletedProcess]:
    """Run several commands at once (each a real process), for speed."""
    env = _env(paths, data_dir)
    processes = {name: subprocess.Popen([sys.executable, "-m", "aco_tui", *argv], stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for name, argv in commands.items()}
    results = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=60)
        results[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return results


def assert_one_line(result, code: int, *needles: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, f"exit {result.returncode}, expected {code}: {result.stderr}"
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("aco-tui: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


def assert_check_fails(result, *needles: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr and result.stderr == ""
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: ")]
    assert errors and any(all(n in line for n in needles) for line in errors), result.stdout
