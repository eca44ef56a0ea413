"""One SSH session channel: the app on a pty, an allowed command, or a one-line refusal."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import asyncssh

from aco_tui.safe_text import log_quoted
from aco_tui.ssh.policy import (
    Refused,
    follows_live_room,
    reads_input,
    seated_in_live_room,
    trainer_argv,
    usage_list,
)
from aco_tui.ssh.session import READ_CHUNK, TERMINAL_RESET, PtyChild, TermSize, run_command

if TYPE_CHECKING:  # the server imports this module
    from aco_tui.ssh.server import Connection, SSHService

log = logging.getLogger("aco_tui.ssh")

DRAIN_S = 1.0  # after the client's input ends, how long a child may take to finish its output and exit
REFUSED_STATUS = 1
TIMED_OUT_STATUS = 1


def exit_status(returncode: int) -> int:
    """A child's return code as an SSH exit status (killed by signal N: 128 + N)."""
    return 128 - returncode if returncode < 0 else min(returncode, 255)


class Session:
    """What the server knows of one running session channel."""

    def __init__(
        self, service: SSHService, connection: Connection, process: asyncssh.SSHServerProcess[bytes], number: int
    ) -> None:
        self.service = service
        self.process = process
        self.name = f"{connection.name}.{number}"
        assert connection.user is not None  # set when the login began; only a logged-in connection opens sessions
        self.user: str = connection.user
        self.role = getattr(connection, "role", "guest")  # trainee, trainer (authorized_keys) or guest
        self.started = time.monotonic()
        self.child: PtyChild | None = None
        self.kind = "app"
        self.stopping_message: str | None = None
        self.task: asyncio.Task[None] | None = None
        # Seconds without input before the session is closed (0: never); a live room's participant
        # waits for the trainer, not the other way round, and is never closed for that.
        self.idle_timeout = service.config.idle_timeout

    @property
    def pid(self) -> int | None:
        return self.child.pid if self.child else None

    def _newline(self) -> bytes:
        return b"\r\n" if self.process.term_type else b"\n"

    def say(self, message: str, stderr: bool = True) -> None:
        """Show the client one line (ignored if the channel has gone)."""
        try:
            stream = self.process.stderr if stderr else self.process.stdout
            stream.write(f"aco-tui: {message}".encode("utf-8", "replace") + self._newline())
        except Exception:  # noqa: BLE001 - the channel is closing; nothing to tell
            pass

    def _send(self, data: bytes) -> None:
        if data:
            try:
                self.process.stdout.write(data)
            except Exception:  # noqa: BLE001 - the client has gone
                pass

    def finish(self, status: int) -> None:
        try:
            self.process.exit(status)
        except Exception:  # noqa: BLE001 - already closed
            pass

    async def run(self) -> None:
        """Refuse, run a command or run the app; always leave no child behind."""
        process = self.process
        try:
            if process.subsystem:
                raise Refused(f"subsystem {log_quoted(process.subsystem, 40)} is not available")
            if process.command is not None:
                self.kind = "command"
                status = await self._command(process.command)
            elif not process.term_type:
                raise Refused(
                    "the app needs a terminal: connect with 'ssh -t', or run "
                    + ("'results ...' (see 'results --help'), " if self.role == "trainer" else "")
                    + f"{usage_list()} as the command"
                )
            else:
                status = await self._on_pty(self._trainer_argv(None) or self.service.config.setup.app_argv())
        except Refused as refusal:
            log.info("refused %s user=%s: %s", self.name, log_quoted(self.user), refusal)
            self.say(str(refusal))
            status = REFUSED_STATUS
        except asyncio.CancelledError:
            if self.stopping_message:
                self.say(self.stopping_message)
            self.finish(1)
            raise
        except Exception:  # noqa: BLE001 - one session failing must not disturb the others
            log.exception("session %s failed", self.name)
            self.say("internal error; the session was closed")
            status = 1
        self.finish(status)

    def _trainer_argv(self, command_line: str | None) -> list[str] | None:
        """A trainer's child (the dashboard menu, ``results ...``); None for everyone else."""
        if self.role != "trainer":
            return None
        return trainer_argv(self.service.config.setup, command_line)

    async def _command(self, command_line: str) -> int:
        config = self.service.config
        setup = config.setup
        argv = self._trainer_argv(command_line) or setup.command_argv(command_line, self.user)
        interactive = reads_input(argv)
        if follows_live_room(argv):
            self.idle_timeout = 0.0
        if interactive and self.process.term_type:  # ssh -t host quiz --plain: a terminal of its own
            return await self._on_pty(argv)
        env = setup.environment(self.user)
        newline = self._newline()

        def sink(stream: asyncssh.SSHWriter[bytes]) -> Callable[[bytes], Awaitable[None]]:
            async def write(data: bytes) -> None:
                try:
                    stream.write(data.replace(b"\n", newline) if newline != b"\n" else data)
                    await stream.drain()
                except (OSError, asyncssh.Error):  # the client went away: the output goes nowhere
                    pass

            return write

        log.info("command %s user=%s %s", self.name, log_quoted(self.user), argv[3])
        if not interactive:
            status = await run_command(
                argv,
                env,
                str(setup.data_dir),
                sink(self.process.stdout),
                sink(self.process.stderr),
                timeout=config.command_timeout,
            )
            return exit_status(status)
        # Answers come line by line from the client; the session's limits are the app's, not a command's.
        status = await run_command(
            argv,
            env,
            str(setup.data_dir),
            sink(self.process.stdout),
            sink(self.process.stderr),
            timeout=config.max_session or None,
            feed=self._client_input,
        )
        return exit_status(status)

    async def _client_input(self) -> bytes:
        """The client's next input for a command, ``b""`` at its end of input or after the idle timeout
        (the command then ends as it would at a local end of input)."""
        idle = self.idle_timeout or None
        while True:
            try:
                data = await asyncio.wait_for(self.process.stdin.read(READ_CHUNK), idle)
            except (asyncssh.BreakReceived, asyncssh.SignalReceived, asyncssh.TerminalSizeChanged):
                continue
            except TimeoutError:
                message = f"closed after {_duration(self.idle_timeout)} without input"
                log.info("closing %s user=%s: %s", self.name, log_quoted(self.user), message)
                self.say(message)
                return b""
            return bytes(data)

    async def _on_pty(self, argv: list[str]) -> int:
        """Run ``argv`` (the app, or a command given with ``ssh -t``) on a terminal of its own."""
        config, process, idle_timeout = self.service.config, self.process, self.idle_timeout
        width, height, width_px, height_px = process.term_size
        size = TermSize(width or 80, height or 24, width_px, height_px)
        env = config.setup.environment(self.user, process.term_type)
        host = self.service.host
        hosted = await host.spawn(argv, env, str(config.setup.data_dir), size) if host is not None else None
        self.child = child = hosted or await PtyChild.spawn(argv, env, str(config.setup.data_dir), size)
        log.info(
            "%s %s user=%s pid=%d term=%s size=%dx%d %s",
            argv[3],
            self.name,
            log_quoted(self.user),
            child.pid,
            env["TERM"],
            size.cols,
            size.rows,
            f"forked by host {host.pid}" if hosted and host else "cold start",
        )
        loop = asyncio.get_running_loop()
        last_input = [loop.time()]

        async def outward() -> None:
            while data := await child.read_batch():
                process.stdout.write(data)
                await process.stdout.drain()

        async def inward() -> None:
            while True:
                try:
                    data = await process.stdin.read(READ_CHUNK)
                except asyncssh.TerminalSizeChanged as change:
                    child.resize(TermSize(change.width, change.height, change.pixwidth, change.pixheight))
                    continue
                # (asyncssh has no SoftEOFReceived: naming it here raised AttributeError on a break)
                except (asyncssh.BreakReceived, asyncssh.SignalReceived):
                    continue
                if not data:
                    return
                last_input[0] = loop.time()
                await child.write(data)

        out_task, in_task = asyncio.ensure_future(outward()), asyncio.ensure_future(inward())
        started, killed, message = loop.time(), True, None
        try:
            while True:
                deadlines = [
                    d
                    for d in (
                        idle_timeout and last_input[0] + idle_timeout,
                        config.max_session and started + config.max_session,
                    )
                    if d
                ]
                timeout = max(0.0, min(deadlines) - loop.time()) if deadlines else None
                done, _ = await asyncio.wait({out_task, in_task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
                if out_task in done:
                    killed = False
                    break
                if in_task in done:  # the client's input ended: a child that is ending gets to finish
                    try:
                        await asyncio.wait_for(asyncio.shield(out_task), DRAIN_S)
                        killed = False
                    except TimeoutError:
                        pass
                    break
                now = loop.time()
                if config.max_session and now >= started + config.max_session:
                    message = f"this session reached its time limit ({_duration(config.max_session)}); goodbye"
                    break
                if idle_timeout and now >= last_input[0] + idle_timeout:
                    if argv[3] == "app" and await asyncio.to_thread(seated_in_live_room, config.setup, self.user):
                        last_input[0] = now  # waiting in a live room for the trainer: asked again later
                        continue
                    message = f"closed after {_duration(idle_timeout)} without input"
                    break
        finally:
            in_task.cancel()
            if killed:
                out_task.cancel()
            # The pumps finish (and unregister the pty from the event loop) before the pty is closed:
            # a closed fd still registered could be reused by the next session and lose its reader.
            await asyncio.gather(out_task, in_task, return_exceptions=True)
            status = await child.end(patience=0.0 if killed else 1.0)
            self._send(child.leftover)  # what it wrote before it ended still reaches the client
            if killed or status:
                try:
                    process.stdout.write(TERMINAL_RESET)
                except Exception:  # noqa: BLE001 - the client has gone
                    pass
        if message:
            log.info("closing %s user=%s: %s", self.name, log_quoted(self.user), message)
            self.say(message)
            return TIMED_OUT_STATUS
        return exit_status(status)


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} second{'' if seconds == 1 else 's'}"
