"""Child processes of the server: the app on its own pseudo-terminal, or a plain command.

A child is a session leader (``start_new_session``) with the pty slave as its controlling terminal,
so window-size changes reach it as ``SIGWINCH`` and it gets ``SIGHUP`` if the server vanishes. It is
always ended the same way: ``SIGTERM`` to its process group, then ``SIGKILL`` after a grace period.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

GRACE_S = 2.0
READ_CHUNK = 65536
SETTLE_S = 0.001  # how long the relay waits for the rest of a screen update before sending it
BATCH_LIMIT = 1 << 18
MAX_DIMENSION = 1000
# What a terminal needs after an app was killed mid-screen: leave the alternate screen, stop mouse
# and focus reporting, bracketed paste and the kitty keyboard protocol, show the cursor, reset colours.
TERMINAL_RESET = (
    b"\x1b[?1049l\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?1004l"
    b"\x1b[?2004l\x1b[?2026l\x1b[<u\x1b[?25h\x1b[0m\r\n"
)


@dataclass(frozen=True)
class TermSize:
    """A terminal size in characters (and pixels, when the client says)."""

    cols: int = 80
    rows: int = 24
    width_px: int = 0
    height_px: int = 0

    def packed(self) -> bytes:
        def clamp(value: int, low: int) -> int:
            return max(low, min(int(value or 0), MAX_DIMENSION if low else 65535))

        return struct.pack(
            "HHHH", clamp(self.rows, 1), clamp(self.cols, 1), clamp(self.width_px, 0), clamp(self.height_px, 0)
        )


def _take_terminal() -> None:  # runs in the child between fork and exec: make stdin its terminal
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


async def _ready(fd: int, writing: bool = False) -> None:
    loop = asyncio.get_running_loop()
    ready = loop.create_future()
    add, remove = (loop.add_writer, loop.remove_writer) if writing else (loop.add_reader, loop.remove_reader)

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    add(fd, wake)
    try:
        await ready
    finally:
        remove(fd)


async def end_process(process: asyncio.subprocess.Process, grace: float = GRACE_S, patience: float = 0.0) -> int:
    """Its exit status, after waiting ``patience`` seconds for the child to exit by itself, then
    sending SIGTERM to its process group, and SIGKILL after ``grace`` seconds. Cancelled while
    waiting (the connection dropped during the grace period), it kills the child at once."""
    try:
        if process.returncode is None and patience > 0:
            try:
                await asyncio.wait_for(asyncio.shield(process.wait()), patience)
            except TimeoutError:
                pass
        if process.returncode is None:
            for sig in (signal.SIGTERM, signal.SIGKILL):
                try:
                    os.killpg(process.pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
                try:
                    await asyncio.wait_for(asyncio.shield(process.wait()), grace)
                    break
                except TimeoutError:
                    continue
        return await process.wait()
    except BaseException:
        kill_now(process)  # nobody would be left to reap it: the session is being forgotten
        raise


def kill_now(process: asyncio.subprocess.Process) -> None:
    """SIGKILL the child's process group at once (last resort, synchronous)."""
    if process.returncode is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


class PtyChild:
    """A child process on its own pseudo-terminal."""

    def __init__(self, process: asyncio.subprocess.Process, master: int) -> None:
        self.process = process
        self.master = master
        self.leftover = b""

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    async def spawn(cls, argv: list[str], env: dict[str, str], cwd: str, size: TermSize) -> "PtyChild":
        """Start ``argv`` with a clean ``env`` on a new pty of ``size``."""
        master, slave = os.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, size.packed())
            os.set_blocking(master, False)
            process = await asyncio.create_subprocess_exec(
                *argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                cwd=cwd,
                start_new_session=True,
                preexec_fn=_take_terminal,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        return cls(process, master)

    def resize(self, size: TermSize) -> None:
        """Tell the pty (and so the child, by SIGWINCH) the new window size."""
        try:
            fcntl.ioctl(self.master, termios.TIOCSWINSZ, size.packed())
        except OSError:
            pass

    async def read(self) -> bytes:
        """The next output of the child; ``b""`` once it has gone (EIO on a pty means that)."""
        while True:
            try:
                return os.read(self.master, READ_CHUNK)
            except BlockingIOError:
                await _ready(self.master)
            except OSError as err:
                if err.errno in (errno.EIO, errno.EBADF):
                    return b""
                raise

    def _read_available(self, limit: int) -> tuple[bytes, bool]:
        """What can be read now without waiting (at most about ``limit`` bytes), and whether the
        child's side is still open."""
        chunks: list[bytes] = []
        size = 0
        while size < limit:
            try:
                chunk = os.read(self.master, READ_CHUNK)
            except BlockingIOError:
                break
            except OSError:
                return b"".join(chunks), False
            if not chunk:
                return b"".join(chunks), False
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), True

    async def read_batch(self, settle: float = SETTLE_S, limit: int = BATCH_LIMIT) -> bytes:
        """The next output of the child, gathered: a screen update arrives through the pty in pieces
        of a few KiB (the line discipline's buffer), so after the first piece, whatever follows within
        ``settle`` seconds is added, up to ``limit`` bytes. One SSH write per update instead of one per
        piece; ``b""`` once the child has gone."""
        first = await self.read()
        if not first:
            return first
        chunks, size = [first], len(first)
        while size < limit:
            more, open_ = self._read_available(limit - size)
            if more:
                chunks.append(more)
                size += len(more)
                if open_:
                    continue
            if not open_:
                break
            await asyncio.sleep(settle)
            more, open_ = self._read_available(limit - size)
            if not more:
                break
            chunks.append(more)
            size += len(more)
        return b"".join(chunks)

    async def write(self, data: bytes) -> None:
        """Type ``data`` into the child's terminal (waiting while its input buffer is full)."""
        view = memoryview(data)
        while view:
            try:
                written = os.write(self.master, view)
                view = view[written:]
            except BlockingIOError:
                await _ready(self.master, writing=True)
            except OSError as err:
                if err.errno in (errno.EIO, errno.EBADF):
                    return
                raise

    async def end(self, grace: float = GRACE_S, patience: float = 0.0) -> int:
        """Stop the child (if it still runs), close the pty and return the exit status."""
        try:
            return await end_process(self.process, grace, patience)
        finally:
            self.leftover = self.drain()  # its last words, unread when it was stopped
            self.close()

    def drain(self, limit: int = 1 << 20) -> bytes:
        """What the child wrote that was not read yet (at most ``limit`` bytes), without waiting."""
        chunks: list[bytes] = []
        size = 0
        while self.master >= 0 and size < limit:
            try:
                chunk = os.read(self.master, READ_CHUNK)
            except OSError:  # nothing more now (EAGAIN), or the child's side is closed (EIO)
                break
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)

    def close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


async def run_command(
    argv: list[str],
    env: dict[str, str],
    cwd: str,
    out: Callable[[bytes], Awaitable[None]],
    err: Callable[[bytes], Awaitable[None]],
    timeout: float | None,
    max_output: int = 4 << 20,
    feed: Callable[[], Awaitable[bytes]] | None = None,
) -> int:
    """Run ``argv`` without a terminal, passing its output on; its exit status.

    Without ``feed`` the child has no input; with it, what ``feed()`` returns is its standard input
    until it returns ``b""`` (end of input, as Ctrl-D at a terminal). The child is killed after
    ``timeout`` seconds (None: no limit) or once it printed more than ``max_output`` bytes.
    """
    process = await asyncio.create_subprocess_exec(
        *argv,
        stdin=asyncio.subprocess.PIPE if feed else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
        cwd=cwd,
        start_new_session=True,
        close_fds=True,
    )
    budget = [max_output]

    async def pour() -> None:
        assert feed is not None and process.stdin is not None
        try:
            while data := await feed():
                process.stdin.write(data)
                await process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):  # the child stopped reading
            pass
        finally:
            process.stdin.close()

    pouring = asyncio.ensure_future(pour()) if feed else None

    async def pump(stream: asyncio.StreamReader, sink: Callable[[bytes], Awaitable[None]]) -> None:
        while chunk := await stream.read(READ_CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                await err(b"aco-tui: output too long; cut short\n")
                kill_now(process)
                return
            await sink(chunk)

    assert process.stdout is not None and process.stderr is not None  # started with stdout=PIPE, stderr=PIPE
    pumps = asyncio.gather(pump(process.stdout, out), pump(process.stderr, err))
    patience = 0.0  # cancelled (the client went away) or timed out: stop it at once
    try:
        await asyncio.wait_for(asyncio.shield(pumps), timeout)
        patience = 5.0  # it closed its output: give it time to exit by itself
    except TimeoutError:
        await err(b"aco-tui: the command took too long and was stopped\n")
    finally:
        if pouring is not None:
            pouring.cancel()
        status = await end_process(process, grace=0.5, patience=patience)
        pumps.cancel()
        for task in (pumps, pouring):
            if task is None:
                continue
            try:
                await task
            except (asyncio.CancelledError, Exception):
                pass
    return status
