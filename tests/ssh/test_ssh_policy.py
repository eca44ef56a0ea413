"""What ``aco-tui serve`` lets a client do, without a server: names, terminals, commands, keys, limits."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from ssh_fixtures import authorized_line, make_keys, serve_options, write_kb_with_quiz

from aco_tui.ssh.handler import exit_status
from aco_tui.ssh.keys import AuthorizedKeys
from aco_tui.ssh.policy import ChildSetup, Refused, reads_input, safe_term, valid_user_name
from aco_tui.ssh.ratelimit import FailureLimiter
from aco_tui.ssh.session import TermSize

SETUP = ChildSetup(
    data_dir=Path("/srv/aco/data"),
    store=Path("/srv/aco/store.json"),
    content=Path("/srv/aco/content"),
    python="/usr/bin/python3",
)


@pytest.mark.parametrize("name", ["alice", "Alice Smith", "a.smith@nhs.net", "Zoë O'Brien", "x" * 64, "1"])
def test_printable_names_up_to_64_characters_are_trainee_names(name):
    assert valid_user_name(name)


@pytest.mark.parametrize(
    "name", ["", "x" * 65, " alice", "alice ", "a\x1b[2Jb", "a\nb", "a\tb", "a\x00b", "a\u2028b", "\u200b"]
)
def test_other_names_are_refused(name):
    assert not valid_user_name(name)


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("xterm-256color", "xterm-256color"),
        ("screen.xterm-256color", "screen.xterm-256color"),
        ("xterm-kitty", "xterm-kitty"),
        ("dumb", "dumb"),
        (None, "xterm-256color"),
        ("", "xterm-256color"),
        ("../../etc/passwd", "xterm-256color"),
        ("xterm;rm -rf /", "xterm-256color"),
        ("x" * 80, "xterm-256color"),
        ("-xterm", "xterm-256color"),
        ("xterm\n", "xterm-256color"),
    ],
)
def test_terminal_types_must_look_like_one(term, expected):
    assert safe_term(term) == expected


def test_links_cannot_open_a_browser_on_the_host():
    import subprocess
    import sys

    env = SETUP.environment("alice", "xterm-256color")
    probe = "import webbrowser; b = webbrowser.get(); print(type(b).__name__, b.name, b.open('https://example.org'))"
    shown = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=30)
    assert shown.stdout.split() == ["GenericBrowser", "true", "True"], shown.stderr


def test_the_child_environment_is_fixed_and_complete():
    env = SETUP.environment("Alice Smith", "xterm-kitty")
    assert env["ACO_TUI_TRAINEE"] == "Alice Smith" and env["ACO_TUI_SSH"] == "1"
    assert env["HOME"] == env["ACO_TUI_DATA"] == "/srv/aco/data"
    assert env["TERM"] == "xterm-kitty" and env["COLORTERM"] == "truecolor"
    assert env["PATH"] == os.defpath and env["LANG"] == "C.UTF-8"
    assert "COLORTERM" not in SETUP.environment("a", "xterm-256color")
    plain = SETUP.environment("a")
    assert plain["NO_COLOR"] == "1" and plain["TERM"] == "dumb"
    assert SETUP.app_argv() == [
        "/usr/bin/python3",
        "-m",
        "aco_tui",
        "app",
        "--data-dir",
        "/srv/aco/data",
        "--store",
        "/srv/aco/store.json",
        "--content",
        "/srv/aco/content",
    ]


@pytest.mark.parametrize(
    ("line", "args"),
    [
        ("lookup capitation", ["capitation"]),
        ("lookup capitated budget --limit 3", ["capitated", "budget", "--limit", "3"]),
        ("lookup '\"a phrase\"' -n 2 --json", ['"a phrase"', "-n", "2", "--json"]),
        ("lookup 'x; rm -rf /' $(id) `id`", ["x; rm -rf /", "$(id)", "`id`"]),
        ("define ACO", ["ACO"]),
        ("define 'accountable care organisation'", ["accountable care organisation"]),
        ("define --list", ["--list"]),
        ("lookup --help", ["--help"]),
    ],
)
def test_lookup_and_define_become_fixed_argv(line, args):
    argv = SETUP.command_argv(line)
    command = line.split()[0]
    assert argv == [*SETUP._base_argv(command), *args]


@pytest.mark.parametrize(
    ("line", "args", "interactive"),
    [
        ("read --list", ["--list"], False),
        (
            "read concepts 'in brief' --width 60 --no-pager",
            ["concepts", "in brief", "--width", "60", "--no-pager"],
            False,
        ),
        ("quiz --plain --session induction", ["--plain", "--session", "induction"], True),
        (
            "quiz --plain --topic timeline --count 3 --seed 1",
            ["--plain", "--topic", "timeline", "--count", "3", "--seed", "1"],
            True,
        ),
        ("quiz --plain --review", ["--plain", "--review"], True),
        ("quiz --due", ["--due"], True),
        ("quiz --list-sessions", ["--list-sessions"], True),
        ("learn --plain concepts", ["--plain", "concepts"], True),
        ("learn --plain --restart commentary", ["--plain", "--restart", "commentary"], True),
        ("progress", [], False),
        ("progress --json", ["--json"], False),
    ],
)
def test_reading_the_quiz_and_the_trainees_own_commands_are_allowed(line, args, interactive):
    argv = SETUP.command_argv(line, "alice")
    assert argv == [*SETUP._base_argv(line.split()[0]), *args]
    assert reads_input(argv) is interactive


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("quiz", "add --plain"),
        ("quiz --session induction", "add --plain"),
        ("learn", "add --plain"),
        ("quiz --plain --name eve", "'--name' is not allowed over SSH: you are 'alice'"),
        ("quiz --plain --name=eve --session x", "'--name' is not allowed"),
        ("progress --name bob", "'--name' is not allowed"),
        ("quiz --plain --data-dir /tmp", "option '--data-dir'"),
        ("read --content / concepts", "option '--content'"),
        ("quiz --plain --store=/x", "option '--store'"),
        ("results", "'results' is not allowed"),
        ("app", "'app' is not allowed"),
        ("serve", "'serve' is not allowed"),
    ],
)
def test_the_trainee_is_always_the_ssh_user_and_the_app_needs_its_terminal(line, message):
    with pytest.raises(Refused) as refused:
        SETUP.command_argv(line, "alice")
    assert message in str(refused.value)


def test_refusals_list_the_commands_that_work_over_ssh():
    with pytest.raises(Refused) as refused:
        SETUP.command_argv("ls")
    assert (
        "over SSH you can run 'read [PANE [SECTION]]', 'lookup QUERY...', 'define TERM', "
        "'quiz --plain [--session NAME]', 'quiz --plain --live CODE', 'learn --plain PANE' or 'progress'"
    ) in str(refused.value)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ls", "'ls' is not allowed"),
        ("bash -c 'lookup x'", "'bash' is not allowed"),
        ("", "''"),
        ("sh", "not allowed"),
        ("/usr/bin/lookup x", "not allowed"),
        ("Lookup x", "not allowed"),
        ("lookup --store /etc/shadow x", "option '--store'"),
        ("lookup --content=/ x", "option '--content'"),
        ("define --data-dir /tmp x", "option '--data-dir'"),
        ("lookup --sto /etc/shadow x", "option '--sto'"),
        ("lookup -n5 x", "option '-n5'"),
        ("define --limit 3 x", "option '--limit'"),
        ("lookup -- --store x", "'--'"),
        ("lookup 'open", "cannot parse"),
        ("lookup " + "x" * 2000, "too long"),
        ("\x1b[31mls", "'\\x1b[31mls'"),
    ],
)
def test_anything_else_is_refused(line, message):
    with pytest.raises(Refused, match=None) as refused:
        SETUP.command_argv(line)
    assert message in str(refused.value)
    assert "\x1b" not in str(refused.value) and "\n" not in str(refused.value)


def test_failed_logins_are_limited_per_address_in_a_sliding_window():
    now = [0.0]
    limiter = FailureLimiter(max_failures=3, window=60, clock=lambda: now[0])
    for _ in range(2):
        limiter.record_failure("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == 0
    now[0] = 10
    limiter.record_failure("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == pytest.approx(50)
    assert limiter.retry_after("10.0.0.2") == 0
    now[0] = 61
    assert limiter.retry_after("10.0.0.1") == 0 and limiter.failures("10.0.0.1") == 1
    now[0] = 200
    assert limiter.failures("10.0.0.1") == 0


def test_refusals_are_reported_once_a_minute_per_address():
    now = [0.0]
    limiter = FailureLimiter(clock=lambda: now[0])
    assert limiter.should_report("10.0.0.1") and not limiter.should_report("10.0.0.1")
    assert limiter.should_report("10.0.0.2")
    now[0] = 61
    assert limiter.should_report("10.0.0.1")


def test_the_limiter_forgets_the_oldest_addresses_first():
    limiter = FailureLimiter(max_failures=1, window=60, max_addresses=100)
    for n in range(150):
        limiter.record_failure(f"10.0.{n // 256}.{n % 256}")
    assert limiter.retry_after("10.0.0.0") == 0 and limiter.retry_after("10.0.0.149") > 0


def test_authorized_keys_bind_names_ignore_unknown_options_and_reload(tmp_path):
    keys = make_keys(tmp_path / "client", "free", "bound", "commanded", "late")
    path = tmp_path / "authorized_keys"
    path.write_text(
        "\n".join(
            [
                "# the cohort",
                authorized_line(keys["free"]),
                "restrict,no-port-forwarding," + authorized_line(keys["bound"], trainee="Bob Jones"),
                'command="/bin/sh" ' + authorized_line(keys["commanded"]),
                "not a key at all",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    allowed = AuthorizedKeys.open(path)
    assert allowed.allows("anyone", keys["free"])
    assert allowed.allows("Bob Jones", keys["bound"]) and not allowed.allows("bob", keys["bound"])
    assert not allowed.allows("anyone", keys["commanded"])
    assert len(allowed.problems) == 2 and "'command'" in allowed.problems[0]
    assert not allowed.allows("anyone", keys["late"])
    with open(path, "a", encoding="utf-8") as more:
        more.write(authorized_line(keys["late"]) + "\n")
    assert allowed.allows("anyone", keys["late"])


def test_a_missing_authorized_keys_file_stops_the_server_at_start(tmp_path):
    from aco_tui.errors import UsageError

    with pytest.raises(UsageError, match="--guest"):
        AuthorizedKeys.open(tmp_path / "nope")


def test_terminal_sizes_are_clamped_and_exit_statuses_mapped():
    assert struct.unpack("HHHH", TermSize(0, 0).packed())[:2] == (1, 1)
    assert struct.unpack("HHHH", TermSize(100_000, 30, -5, 10).packed()) == (30, 1000, 0, 10)
    assert exit_status(0) == 0 and exit_status(3) == 3 and exit_status(-15) == 143 and exit_status(999) == 255


def test_serve_without_keys_or_guest_stops_with_a_clear_message(tmp_path, capsys):
    from aco_tui.cli.main import main

    kb = write_kb_with_quiz(tmp_path / "kb")
    options = ["--port", "0", *serve_options(kb, tmp_path / "data")]
    assert main(["serve", *options]) == 2
    error = capsys.readouterr().err
    assert "authorized_keys" in error and "--guest" in error
    assert main(["serve", *options, "--guest", "--authorized-keys", str(tmp_path / "keys")]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_serve_with_an_unusable_data_directory_says_so(tmp_path, capsys):
    """Regression: the failure to create the data directory was reported as "cannot serve on host:port"."""
    from aco_tui.cli.main import main

    kb = write_kb_with_quiz(tmp_path / "kb")
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert (
        main(
            [
                "serve",
                "--guest",
                "--port",
                "0",
                *serve_options(kb, blocker / "data"),
                "--host-key",
                str(tmp_path / "hostkey" / "key"),
            ]
        )
        == 2
    )
    error = capsys.readouterr().err
    assert "cannot create the data directory" in error and "cannot serve on" not in error
    assert len(error.strip().splitlines()) == 2 and "Traceback" not in error  # the --guest warning, then this
