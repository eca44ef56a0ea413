"""No tracebacks from input: generated argument vectors for EVERY command, run through the CLI's ``main``.

Each vector names a command (and ``db``'s action), then some of its options and positionals, taken
from the parser itself, so a new option is fuzzed without touching this file. Values are odd on
purpose: numbers such as ``nan``, ``inf``, huge and negative ones; text with control and escape
characters, bytes that are not UTF-8 (as Python hands them over: lone surrogates), very long values;
paths that are missing, directories, devices or files of garbage. Whatever the vector:

- ``main`` returns (no exception escapes) an exit code in the documented set {0, 1, 2, 3};
- exit code 2 comes with exactly one line on stderr, starting ``aco-tui: ``;
- nothing prints a traceback, and no ESC or BEL reaches stdout or stderr raw (the one safe-text path).

Commands run in-process (fast), in a sandbox: a temporary directory as the working directory, data
and cache directory and HOME, the small test knowledge base, empty stdin, no terminal. ``serve``
builds its configuration but does not listen. CI runs a fixed, derandomised example budget
(:data:`EXAMPLES`); a few real subprocesses cover what only a real process has (argv and environment
bytes that are not UTF-8).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import REPO
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from quiz_fixtures import write_mini_kb_with_quiz

from aco_tui.cli import main as cli_main

EXAMPLES = 150  # the fixed budget in CI (derandomised: the same vectors every run)
EXIT_CODES = {0, 1, 2, 3}  # README: 0 done, 1 nothing found / check failed, 2 bad input or data, 3 end of input
PATH_DESTS = {"store", "content", "data_dir", "file", "json", "host_key", "authorized_keys"}
URL_DESTS = {"database", "source", "target"}
WRITTEN_DESTS = {"data_dir", "json", "host_key", "source", "target"}  # as root, /dev/null could be replaced

ODD_NUMBERS = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "1e309",
    "-1",
    "0",
    "-0",
    "1.5",
    "0x10",
    "1_000",
    "",
    " ",
    "99999999999999999999999",
    "-99999999999999999999999",
    "9" * 400,
    "\u0661\u0662",
    "1e-400",
    "+5",
    "5 ",
    "\udcff",
]
ODD_TEXT = [
    "\x1b]0;pwn\x07",
    "\x1b[2J\x1b[31mred",
    "\udcff\udcfe",
    "Jos\udce9",
    "\x01\x7f",
    "\u202eevil",
    "a" * 5000,
    "--",
    "-",
    "--name",
    "'; DROP TABLE attempts; --",
    "$(id)",
    "\n\n",
    "\t",
    "\ufffd",
    "caf\u00e9",
    "induction",
    "concepts",
    "aco",
    "capitated budget",
    "Tess Lee",
    "..",
    "/",
]
ODD_PATHS = [
    "missing/file.json",
    ".",
    "somedir",
    "garbage.bin",
    "/dev/null",
    "bad\udcffname",
    "n" * 300,
    "/proc/self/nonexistent",
    "",
    "export.json",
    "-",
]
ODD_URLS = [
    "postgresql://aco@127.0.0.1:1/aco",
    "postgres://",
    "mysql://a:secret@db/x",
    "postgresql://\udcff@x/y",
    "postgresql://a@127.0.0.1:1/x?options=-c%20search_path%3Devil",
    "not a url",
    "\x1b[31m",
]


def _values(action: argparse.Action) -> st.SearchStrategy[str]:
    """Odd values for one option or positional, guided by what it takes; where a command may write
    (a data directory, an export, a host key, a copy's target), only inside the sandbox."""
    strategy = _odd_values(action)
    return strategy.map(_inside) if action.dest in WRITTEN_DESTS else strategy


def _inside(value: str) -> str:
    """``value`` as a path inside the working directory (the sandbox): never /dev/null, /etc or ~."""
    relative = value.lstrip("/~").replace("..", "__")
    return relative if relative not in ("", "-") or value in ("", "-") else "x"


def _odd_values(action: argparse.Action) -> st.SearchStrategy[str]:
    odd = st.sampled_from(ODD_TEXT) | st.text(max_size=30).filter(_real_argv)
    if action.choices:
        return st.sampled_from([str(c) for c in action.choices]) | odd
    if action.dest in PATH_DESTS:
        return st.sampled_from(ODD_PATHS) | odd
    if action.dest in URL_DESTS:
        return st.sampled_from(ODD_URLS + ODD_PATHS) | odd
    if action.type is not None or action.metavar in ("N", "SECONDS", "MINUTES"):
        return st.sampled_from(ODD_NUMBERS) | st.integers().map(str) | st.floats().map(str) | odd
    return odd


def _commands() -> dict[str, argparse.ArgumentParser]:
    """Every command (``db export`` and kin as ``db export``...) and its parser."""

    def actions_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
        for action in parser._actions:  # noqa: SLF001  (argparse keeps its sub-parsers only here)
            if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
                return dict(action.choices)
        return {}

    found = {}
    for name, parser in actions_of(cli_main.build_parser()).items():
        nested = actions_of(parser)
        found.update({f"{name} {sub}": p for sub, p in nested.items()} if nested else {name: parser})
    return found


COMMANDS = _commands()


def _real_argv(value: str) -> bool:
    return "\x00" not in value  # the kernel passes argv as C strings: a NUL cannot be in one


@st.composite
def argument_vectors(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(COMMANDS) + [""]))  # "": no command (the app)
    parser = COMMANDS.get(name)
    argv = name.split()
    if parser is None:
        return argv + draw(st.lists(st.sampled_from(["--version", "--nope", *ODD_TEXT]), max_size=2))
    options = [a for a in parser._actions if a.option_strings and a.dest != "help"]  # noqa: SLF001
    positionals = [a for a in parser._actions if not a.option_strings]  # noqa: SLF001
    for action in draw(st.lists(st.sampled_from(options), max_size=4)) if options else []:
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            argv.append(flag)
        elif draw(st.booleans()):
            argv += [flag, draw(_values(action))]
        else:
            argv.append(f"{flag}={draw(_values(action))}")
    for action in positionals:
        count = {None: 1, "?": draw(st.integers(0, 1)), "*": draw(st.integers(0, 3)), "+": draw(st.integers(0, 3))}.get(
            action.nargs, 1
        )  # type: ignore[arg-type]
        argv += [draw(_values(action)) for _ in range(count)]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(["--nope", "-x", "--", "--help"])))
    return argv


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Path]:
    """A directory holding the small knowledge base and the odd files the paths name."""
    with tempfile.TemporaryDirectory(prefix="aco-fuzz-") as name:
        root = Path(name)
        write_mini_kb_with_quiz(root / "kb")
        (root / "work" / "somedir").mkdir(parents=True)
        (root / "work" / "garbage.bin").write_bytes(b"\xff\xfe\x00garbage\x1b]0;pwn\x07")
        (root / "work" / "export.json").write_text('{"format": "aco-tui-progress", "version": 1}', encoding="utf-8")
        yield root


@contextlib.contextmanager
def sandboxed(root: Path) -> Iterator[dict[str, str]]:
    """Run inside ``root``: its environment, working directory and standard streams (stdout strict
    UTF-8 as a real one, stderr with backslash escapes as Python's is); the dict yielded holds what
    was written to ``out`` and ``err`` once the block is over."""
    from aco_tui.ui import startup_gc

    out, err = io.BytesIO(), io.BytesIO()
    written: dict[str, str] = {}
    environ = {
        "HOME": str(root / "home"),
        "ACO_TUI_DATA": str(root / "data"),
        "ACO_TUI_CACHE": str(root / "cache"),
        "ACO_TUI_STORE": str(root / "kb" / "store.json"),
        "ACO_TUI_CONTENT": str(root / "kb" / "content"),
        "NO_COLOR": "1",
        "LOGNAME": "fuzz",
        "COLUMNS": "80",
    }
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved = sys.stdin, sys.stdout, sys.stderr
    for name in ("ACO_TUI_DATABASE", "ACO_TUI_SSH", "ACO_TUI_TRAINEE", "PAGER"):
        os.environ.pop(name, None)
    os.environ.update(environ)
    os.chdir(root / "work")
    sys.stdin = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True)
    try:
        yield written
    finally:
        written.update(out=out.getvalue().decode("utf-8", "replace"), err=err.getvalue().decode("utf-8", "replace"))
        sys.stdin, sys.stdout, sys.stderr = saved
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        if startup_gc.paused():  # the app's start pauses collection; no app ran to resume it
            startup_gc.resume()


@pytest.fixture
def quiet_serve(monkeypatch):
    """``serve`` builds its whole configuration, but does not listen (it would run until stopped)."""
    from aco_tui.ssh.server import SSHService

    async def served(self) -> None:
        return None

    monkeypatch.setattr(SSHService, "serve_until_signalled", served)


def run_main(root: Path, argv: list[str]) -> tuple[int, str, str]:
    with sandboxed(root) as written:
        try:
            code = cli_main.main(argv)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 2
    return code, written["out"], written["err"]


def check_outcome(argv: list[str], code: int, out: str, err: str) -> None:
    shown = f"argv={argv!r} exit={code}\nstderr: {err[:2000]}"
    assert code in EXIT_CODES, shown
    assert "Traceback" not in err and "Traceback" not in out, shown
    for raw in ("\x1b", "\x07"):
        assert raw not in out and raw not in err, f"raw {raw!r} printed; {shown}"
    if code == 2:
        lines = err.strip("\n").split("\n")
        assert len(lines) == 1 and lines[0].startswith("aco-tui: "), shown


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(argv=argument_vectors())
def test_any_argument_vector_gets_a_documented_exit_and_at_most_one_line(sandbox, quiet_serve, argv):
    check_outcome(argv, *run_main(sandbox, argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["quiz", "--plain", "--seed", "99999999999999999999999"],
        ["results", "--stale", "nan"],
        ["results", "--stale", "inf"],
        ["trainer", "--every", "nan"],
        ["quiz", "--plain", "--name", "\udcff\udcfe"],
        ["progress", "--name", "\udcff"],
        ["quiz", "--due", "--name", "\udcff"],
        ["learn", "--plain", "concepts", "--name", "\udcff"],
        ["progress", "--name", "\x1b]0;pwn\x07"],
        ["db", "import", "garbage.bin"],
        ["db", "import", "somedir"],
    ],
)
def test_the_cases_found_by_hand(sandbox, quiet_serve, argv):
    check_outcome(argv, *run_main(sandbox, argv))


def test_an_escape_in_a_name_is_removed_as_everywhere_else(sandbox):
    code, out, _ = run_main(sandbox, ["progress", "--name", "\x1b]0;pwn\x07"])
    assert code == 0 and out.startswith("Progress of ]0;pwn\n")


# -- real processes: bytes that are not UTF-8 in argv and the environment ---------------------------


def _real(root: Path, argv: list[bytes], **env: bytes) -> subprocess.CompletedProcess[bytes]:
    environ = {
        **{k.encode(): v.encode() for k, v in os.environ.items()},
        b"PYTHONPATH": str(REPO).encode(),
        b"ACO_TUI_DATA": str(root / "real-data").encode(),
        b"ACO_TUI_CACHE": str(root / "cache").encode(),
        b"ACO_TUI_STORE": str(root / "kb" / "store.json").encode(),
        b"ACO_TUI_CONTENT": str(root / "kb" / "content").encode(),
        **{k.encode(): v for k, v in env.items()},
    }
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"aco_tui", *argv],
        env=environ,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize(
    "argv",
    [
        [b"quiz", b"--plain", b"--name", b"\xff\xfe"],
        [b"progress", b"--name", b"Jos\xe9"],
        [b"learn", b"--plain", b"concepts", b"--name", b"\xff"],
        [b"results", b"--trainee", b"\xff"],
        [b"results", b"--session", b"\xff"],
    ],
)
def test_argv_that_is_not_utf8_is_one_line(sandbox, argv):
    done = _real(sandbox, argv)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count(b"\n") == 1 and b"Traceback" not in done.stderr, done.stderr
    assert b"\\xff" in done.stderr or b"\\xe9" in done.stderr  # the byte shown as it was typed


@pytest.mark.parametrize("variable", ["LOGNAME", "USER"])
def test_a_login_name_that_is_not_utf8_still_works(sandbox, variable):
    done = _real(sandbox, [b"quiz", b"--due"], LOGNAME=b"Jos\xe9", USER=b"Jos\xe9")
    assert done.returncode == 0 and done.stdout.startswith(b"Nothing is due") and done.stderr == b"", done.stderr
    done = _real(sandbox, [b"progress"], **{variable: b"Jos\xe9"})
    assert done.returncode == 0 and b"Traceback" not in done.stderr


def test_an_export_never_replaces_a_device_or_a_pipe(sandbox):
    """Found by this fuzzer, as root: ``db export --json /dev/null`` renamed its file over /dev/null.
    A FIFO stands in for the device here (the test must not touch /dev)."""
    import stat

    fifo = sandbox / "work" / "a-pipe"
    os.mkfifo(fifo)
    try:
        code, _, err = run_main(sandbox, ["db", "export", "--json", "a-pipe"])
        assert code == 2 and "is not a regular file" in err and err.count("\n") == 1
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    finally:
        fifo.unlink()
