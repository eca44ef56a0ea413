"""``aco-tui serve`` in-process, driven by an asyncssh client: the app, commands, refusals, limits."""

from __future__ import annotations

import asyncio
import logging
import os
import stat
import sys

import asyncssh
import pytest
from serve_process import recorded_attempts, serve_process
from ssh_fixtures import (
    Screen,
    authorized_line,
    cmdline,
    connect,
    environ,
    make_config,
    make_keys,
    open_app,
    running,
    take_the_quiz,
    wait_gone,
)


@pytest.fixture
def keys(tmp_path):
    return make_keys(tmp_path / "client", "alice", "bob", "mallory")


@pytest.fixture
def config(tmp_path, keys):
    lines = [authorized_line(keys["alice"]), authorized_line(keys["bob"], trainee="bob")]
    return make_config(tmp_path, "\n".join(lines) + "\n")


async def test_app_paints_responds_to_keys_and_resizes_with_a_clean_environment(config, keys):
    async with (
        running(config) as service,
        connect(service, "alice", keys["alice"], env={"EVIL": "1", "LD_PRELOAD": "/tmp/x.so"}) as conn,
    ):
        process, screen = await open_app(conn, size=(100, 30))
        await screen.wait_for("2 Contract models", since=0)  # wide tabs at 100 columns
        process.stdin.write(b"5")
        await screen.wait_for("Hawking joins")
        process.change_terminal_size(80, 24)
        await screen.wait_for("2 Contracts")  # short tab labels once narrower
        [pid] = service.child_pids()
        env = environ(pid)
        assert set(env) == {
            "PATH",
            "LANG",
            "LC_ALL",
            "HOME",
            "ACO_TUI_DATA",
            "ACO_TUI_CACHE",
            "ACO_TUI_TRAINEE",
            "ACO_TUI_SSH",
            "PYTHONPATH",
            "PYTHONNOUSERSITE",
            "PYTHONIOENCODING",
            "BROWSER",
            "TERM",
        }
        assert env["ACO_TUI_TRAINEE"] == "alice" and env["ACO_TUI_SSH"] == "1"
        assert env["TERM"] == "xterm-256color" and env["HOME"] == str(config.setup.data_dir)
        argv = cmdline(pid)
        assert argv[1:5] == ["-m", "aco_tui", "app", "--data-dir"] and "--store" in argv
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 10)
        assert process.exit_status == 0
        assert await wait_gone([pid]) == []


async def test_a_break_or_signal_from_the_client_does_not_end_the_session(config, keys):
    """Regression: the pump named asyncssh.SoftEOFReceived, which asyncssh does not export, so a break
    (or a signal) from the client raised AttributeError in the input pump and ended the session."""
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        process, screen = await open_app(conn, size=(100, 30))
        process.channel.send_break(100)
        process.channel.send_signal("INT")
        await asyncio.sleep(0.3)
        process.stdin.write(b"5")
        await screen.wait_for("Hawking joins")
        process.stdin.write(b"q")
        await asyncio.wait_for(process.wait_closed(), 10)
        assert process.exit_status == 0


async def test_two_sessions_keep_separate_trainees_and_both_attempts_are_recorded(config, keys):
    async with running(config) as service:
        async with connect(service, "alice", keys["alice"]) as one, connect(service, "bob", keys["bob"]) as two:
            (p1, s1), (p2, s2) = await asyncio.gather(open_app(one), open_app(two))
            assert {environ(pid)["ACO_TUI_TRAINEE"] for pid in service.child_pids()} == {"alice", "bob"}
            await asyncio.gather(take_the_quiz(p1, s1, b"1"), take_the_quiz(p2, s2, b"2"))
    attempts = {a["trainee"]: a for a in recorded_attempts("--data-dir", str(config.setup.data_dir))}
    assert set(attempts) == {"alice", "bob"}
    assert attempts["alice"]["passed"] is True and attempts["bob"]["passed"] is False
    assert {a["session"] for a in attempts.values()} == {"ssh-check"}


async def test_lookup_and_define_run_without_a_pty(config, keys):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        found = await conn.run("lookup ACO", encoding="utf-8", timeout=30)
        assert found.exit_status == 0, found.stderr
        assert "An ACO is one organisation" in found.stdout and "\x1b" not in found.stdout
        term = await conn.run("define 'accountable care organisation'", encoding="utf-8", timeout=30)
        assert term.exit_status == 0, term.stderr
        assert term.stdout.startswith("ACO\n") and "[a-definition]" in term.stdout
        listed = await conn.run("define --list", encoding="utf-8", timeout=30)
        assert listed.exit_status == 0 and "ACO" in listed.stdout
        missing = await conn.run("lookup zzzzqqq", encoding="utf-8", timeout=30)
        assert missing.exit_status == 1 and "no results" in missing.stderr
        with_pty = await conn.run("define ACO", term_type="xterm-256color", encoding="utf-8", timeout=30)
        assert with_pty.exit_status == 0 and with_pty.stdout.startswith("ACO\r\n")  # ssh -t: raw terminal
        literal = await conn.run("lookup x; ls $HOME", encoding="utf-8", timeout=30)  # no shell: words to search
        assert literal.exit_status == 1 and "no results for 'x; ls $HOME'" in literal.stderr
        assert service.child_pids() == []


async def test_read_prints_a_pane_as_plain_text_without_a_pty(config, keys):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        read = await conn.run("read concepts", encoding="utf-8", timeout=30)
        assert read.exit_status == 0, read.stderr
        assert read.stdout.startswith("# Concepts\n") and "Citations:\n[1] \u201cAn ACO is" in read.stdout
        assert "\x1b" not in read.stdout
        unknown = await conn.run("read nowhere", encoding="utf-8", timeout=30)
        assert unknown.exit_status == 2 and "the panes are: concepts" in unknown.stderr


async def test_the_plain_quiz_runs_over_the_channel_as_the_ssh_user(config, keys):
    async with running(config) as service, connect(service, "bob", keys["bob"]) as conn:
        quiz = await conn.run("quiz --plain --session ssh-check", input="1\n", encoding="utf-8", timeout=60)
        assert quiz.exit_status == 0, quiz.stderr
        assert "Q1/1 [truefalse]" in quiz.stdout and "Correct." in quiz.stdout and "Score: 1/1" in quiz.stdout
        quit_early = await conn.create_process("quiz --plain --session ssh-check", encoding="utf-8")
        quit_early.stdin.write_eof()  # end of input at once (Ctrl-D at the client's terminal)
        stdout, _stderr = await asyncio.wait_for(quit_early.communicate(), 60)
        assert quit_early.exit_status == 3 and "End of input: your attempt stays open" in stdout
        # A dropped connection leaves a session's attempt open: the same command resumes it (issue 24).
        resumed = await conn.run("quiz --plain --session ssh-check", input="1\n", encoding="utf-8", timeout=60)
        assert resumed.exit_status == 0 and "Resumed your attempt begun " in resumed.stdout
    attempts = recorded_attempts("--data-dir", str(config.setup.data_dir))
    assert [(a["trainee"], a["status"]) for a in attempts] == [("bob", "finished"), ("bob", "finished")]


async def test_the_plain_quiz_with_a_pty_echoes_and_ends_on_ctrl_d(config, keys):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        process = await conn.create_process(
            "quiz --plain --session ssh-check", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        screen = Screen(process)
        await screen.wait_for("> ")
        process.stdin.write(b"2\r")
        await screen.wait_for("Incorrect.")
        await asyncio.wait_for(process.wait_closed(), 20)
        assert process.exit_status == 0 and "2\r\n" in screen.text(0)  # the terminal echoed the answer
        again = await conn.create_process(
            "quiz --plain --session ssh-check", term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        screen = Screen(again)
        await screen.wait_for("> ")
        again.stdin.write(b"\x04")  # Ctrl-D, as at a local terminal
        await screen.wait_for("your attempt stays open")
        await asyncio.wait_for(again.wait_closed(), 20)
        assert again.exit_status == 3
    assert [(a["trainee"], a["status"]) for a in recorded_attempts("--data-dir", str(config.setup.data_dir))] == [
        ("alice", "finished"),
        ("alice", "in_progress"),
    ]


async def test_a_dumb_terminal_over_ssh_is_told_the_commands_that_work_there(config, keys):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        process = await conn.create_process(term_type="dumb", term_size=(80, 24), encoding=None)
        screen = Screen(process)
        await asyncio.wait_for(process.wait_closed(), 30)
        shown = screen.text(0)
        assert process.exit_status == 2 and "cannot show the full-screen app" in shown
        assert (
            "one of these as the command: 'read [PANE [SECTION]]', 'lookup QUERY...', 'define TERM', "
            "'quiz --plain [--session NAME]', 'quiz --plain --live CODE', 'learn --plain PANE' or 'progress'"
        ) in " ".join(shown.split())
        assert "aco-tui lookup" not in shown  # there is no aco-tui command to type over SSH


async def test_a_quiet_plain_quiz_ends_after_the_idle_timeout(tmp_path, keys):
    config = make_config(tmp_path, authorized_line(keys["alice"]) + "\n", idle_timeout=1.5)
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        process = await conn.create_process("quiz --plain --session ssh-check", encoding="utf-8")
        stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
        assert process.exit_status == 3 and "your attempt stays open" in stdout
        assert "closed after 1.5 seconds without input" in stderr
    assert [a["status"] for a in recorded_attempts("--data-dir", str(config.setup.data_dir))] == [
        "in_progress"
    ]  # to be resumed


@pytest.mark.parametrize(
    "command",
    [
        "ls",
        "bash",
        "sh -c 'id'",
        "bash -i",
        "/bin/sh",
        "scp -t /tmp",
        "rsync --server . /tmp",
        "aco-tui lookup ACO",
        "python3 -c 'print(1)'",
        "lookup --store /etc/passwd ACO",
        "lookup --sto=/etc/passwd x",
        "define --content / ACO",
        "lookup --data-dir /tmp x",
        "lookup 'unterminated",
        "",
        "LOOKUP ACO",
        "results",
        "app",
        "quiz",
        "quiz --plain --name eve",
        "quiz --session ssh-check",
        "serve",
    ],
)
async def test_other_commands_are_refused(config, keys, command):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        result = await conn.run(command, encoding="utf-8", timeout=20)
        assert result.exit_status != 0
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("aco-tui: "), result.stderr
        assert service.child_pids() == []


async def test_shell_without_pty_subsystems_sftp_and_forwarding_are_refused(config, keys):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        shell = await conn.run(encoding="utf-8", timeout=20)  # a shell request without a PTY
        assert shell.exit_status == 1 and "needs a terminal" in shell.stderr
        subsystem = await conn.run(subsystem="netconf", encoding="utf-8", timeout=20)
        assert subsystem.exit_status == 1 and "not available" in subsystem.stderr
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_connection(asyncssh.SSHTCPSession, "127.0.0.1", service.port)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_unix_connection(asyncssh.SSHUNIXSession, "/run/systemd/private")
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22)
        # the connection still works after all that
        assert (await conn.run("define ACO", timeout=20)).exit_status == 0


async def test_wrong_keys_and_names_are_rejected_logged_and_rate_limited(tmp_path, keys, caplog):
    lines = [authorized_line(keys["alice"]), authorized_line(keys["bob"], trainee="bob")]
    config = make_config(tmp_path, "\n".join(lines), max_failures=3)
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    async with running(config) as service:
        with pytest.raises(asyncssh.PermissionDenied):
            async with connect(service, "alice", keys["mallory"]):
                pass
        with pytest.raises(asyncssh.PermissionDenied):  # bob's key is bound to the name bob
            async with connect(service, "alice", keys["bob"]):
                pass
        async with connect(service, "bob", keys["bob"]) as conn:
            assert (await conn.run("define ACO", timeout=20)).exit_status == 0
        with pytest.raises(asyncssh.DisconnectError, match="user name"):
            async with connect(service, "x" * 65, keys["alice"]):
                pass
        # three failures from 127.0.0.1 within the window: even the right key is turned away now
        with pytest.raises(asyncssh.DisconnectError, match="too many failed logins"):
            async with connect(service, "alice", keys["alice"]):
                pass
    messages = caplog.text
    assert "login failed" in messages and "user='alice'" in messages and "127.0.0.1" in messages
    assert "\x1b" not in messages


async def test_a_client_offering_many_wrong_keys_is_cut_off(config, keys):
    wrong = [asyncssh.generate_private_key("ssh-ed25519") for _ in range(8)]
    async with running(config) as service:
        with pytest.raises(asyncssh.DisconnectError, match="too many authentication failures"):
            async with asyncssh.connect(
                "127.0.0.1",
                service.port,
                username="alice",
                client_keys=wrong,
                known_hosts=None,
                config=None,
                agent_path=None,
            ):
                pass
        assert service.limiter.failures("127.0.0.1") == 1


async def test_guest_mode_lets_anyone_in_under_their_name(tmp_path):
    config = make_config(tmp_path, None)
    async with running(config) as service, connect(service, "Guest Trainee") as conn:
        result = await conn.run("define ACO", timeout=20)
        assert result.exit_status == 0


async def test_max_sessions_refuses_the_second_with_a_clear_message(tmp_path, keys):
    config = make_config(tmp_path, authorized_line(keys["alice"]), max_sessions=1)
    async with running(config) as service, connect(service, "alice", keys["alice"]) as first:
        await open_app(first)
        with pytest.raises(asyncssh.DisconnectError, match="all 1 sessions are in use"):
            async with connect(service, "alice", keys["alice"]):
                pass
        # a second channel over the first connection is refused as well, with the same message
        extra = await first.run("define ACO", encoding="utf-8", timeout=10)
        assert extra.exit_status == 1 and "sessions are in use" in extra.stderr


async def test_one_connection_cannot_take_every_session(tmp_path, keys):
    config = make_config(tmp_path, authorized_line(keys["alice"]), sessions_per_connection=1)
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        await open_app(conn)
        extra = await conn.run("define ACO", encoding="utf-8", timeout=10)
        assert extra.exit_status == 1 and "at most 1 session(s) at once per connection" in extra.stderr
        async with connect(service, "alice", keys["alice"]) as other:
            assert (await other.run("define ACO", timeout=20)).exit_status == 0


async def test_disconnecting_kills_the_app(config, keys):
    async with running(config) as service:
        async with connect(service, "alice", keys["alice"]) as conn:
            await open_app(conn)
            [pid] = service.child_pids()
        assert await wait_gone([pid]) == []
        for _ in range(100):
            if not service.sessions:
                break
            await asyncio.sleep(0.05)
        assert not service.sessions


@pytest.mark.parametrize(
    ("limit", "message"),
    [({"idle_timeout": 2.0}, "without input"), ({"idle_timeout": 0, "max_session": 2.0}, "time limit")],
)
async def test_timeouts_close_the_session_with_a_message(tmp_path, keys, limit, message):
    config = make_config(tmp_path, authorized_line(keys["alice"]), **limit)
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(100, 30), encoding=None)
        while not service.child_pids():
            await asyncio.sleep(0.02)
        [pid] = service.child_pids()
        typed = 0
        while process.exit_status is None and typed < 300:  # typing does not extend the time limit
            if "max_session" in limit:
                process.stdin.write(b"12"[typed % 2 : typed % 2 + 1])
            typed += 1
            await asyncio.sleep(0.1)
        await asyncio.wait_for(process.wait_closed(), 20)
        assert process.exit_status == 1
        assert message in (await process.stderr.read()).decode()
        assert await wait_gone([pid]) == []


async def test_host_key_is_generated_private_and_reused(tmp_path, keys):
    config = make_config(tmp_path, authorized_line(keys["alice"]))
    fingerprints = []
    for _ in range(2):
        async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
            fingerprints.append(conn.get_server_host_key().get_fingerprint())
    assert fingerprints[0] == fingerprints[1]
    assert stat.S_IMODE(os.stat(config.host_key).st_mode) == 0o600
    os.chmod(config.host_key, 0o644)
    from aco_tui.errors import UsageError
    from aco_tui.ssh.keys import load_or_create_host_key

    with pytest.raises(UsageError, match="chmod 600"):
        load_or_create_host_key(config.host_key)


async def test_a_stop_cancelled_midway_still_kills_the_child():
    """Regression: cancelling ``end_process`` while it waited (the connection dropped during the
    grace period) returned without killing, and the forgotten child ran on."""
    import signal

    from aco_tui.ssh.session import end_process

    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)",
        start_new_session=True,
    )
    await asyncio.sleep(0.3)  # let it ignore SIGTERM
    stopping = asyncio.ensure_future(end_process(child, grace=30.0))
    await asyncio.sleep(0.2)  # SIGTERM sent and ignored: waiting out the grace period
    stopping.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stopping
    assert await asyncio.wait_for(child.wait(), 5) == -signal.SIGKILL


async def test_a_dumb_terminal_whose_input_ends_at_once_still_gets_the_message(config, keys):
    """As OpenSSH with stdin from /dev/null: the client's input ends before the child has spoken."""
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        process = await conn.create_process(term_type="dumb", term_size=(80, 24), encoding=None)
        process.stdin.write_eof()
        screen = Screen(process)
        await asyncio.wait_for(process.wait_closed(), 30)
        assert "cannot show the full-screen app" in screen.text(0)
        assert process.exit_status == 2  # its own status, not 143 (ended by SIGTERM)


async def test_a_key_bound_to_another_name_says_so_to_the_client_and_in_the_log(tmp_path, keys, caplog):
    config = make_config(tmp_path, authorized_line(keys["alice"], trainee="Tess Lee") + "\n")
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    async with running(config) as service:
        with pytest.raises(asyncssh.DisconnectError) as refused:
            async with connect(service, "tess", keys["alice"]):
                pass
        assert "key bound to 'Tess Lee', user 'tess'" in refused.value.reason
        assert "\n" not in refused.value.reason
        async with connect(service, "Tess Lee", keys["alice"]) as conn:  # the name it is bound to works
            assert (await conn.run("define ACO", timeout=20)).exit_status == 0
    logged = [r.getMessage() for r in caplog.records if "bound to" in r.getMessage()]
    assert len(logged) == 1 and "key bound to 'Tess Lee', user 'tess'" in logged[0]


async def test_usage_errors_over_ssh_name_only_what_ssh_allows(config, keys):
    async with running(config) as service, connect(service, "alice", keys["alice"]) as conn:
        result = await conn.run("progress bob", encoding="utf-8", timeout=20)
    assert result.exit_status == 2
    assert (
        result.stderr.strip() == "aco-tui progress: unrecognized arguments: bob (over SSH: 'progress', options --json)"
    )
    assert "--data-dir" not in result.stderr and "--store" not in result.stderr


def test_serve_starts_without_library_warnings(tmp_path):
    (tmp_path / "authorized_keys").write_text("", encoding="utf-8")
    warnings_on = {**os.environ, "PYTHONWARNINGS": "default"}
    with serve_process(tmp_path / "serve.log", "--data-dir", str(tmp_path), env=warnings_on) as server:
        started = server.text().split("listening on", 1)[0]  # everything it said before it was ready
    assert "Warning" not in started, started
