"""A real SSH client whose screen is kept by a terminal emulator, for benchmarks that read the screen.

:class:`TermClient` connects with asyncssh (public key, no config files or agent), asks for a pty
and feeds every byte the server sends into a ``pyte`` screen, so a benchmark can wait for text *as
it is rendered* (not merely sent) and time it. It also counts what the relay delivered: bytes and
reads (each read is at least one write by the server).

Usage (inside a running event loop)::

    client = await TermClient.open(port, "alice", key)
    seen = await client.wait_for("Concepts")        # monotonic time the text was on screen
    client.send(b"7")
    await client.wait_for(lambda text: "Start" in text)
    await client.close()
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import asyncssh
import pyte
from wcwidth import wcwidth

SIZE = (100, 30)


@dataclass
class Traffic:
    """What the server sent since :meth:`TermClient.mark`: bytes and chunks received."""

    bytes: int = 0
    chunks: int = 0


@dataclass
class TermClient:
    """One SSH session on a pty, its screen emulated by pyte."""

    conn: asyncssh.SSHClientConnection
    process: asyncssh.SSHClientProcess[bytes]
    screen: pyte.Screen
    stream: pyte.ByteStream
    traffic: Traffic = field(default_factory=Traffic)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    closed: bool = False
    exit_status: int | None = None
    _reader: asyncio.Task[None] | None = None
    _lines: list[str] = field(default_factory=list)  # the screen's rows as text, redrawn when dirty

    @classmethod
    async def open(
        cls,
        port: int,
        user: str,
        key: asyncssh.SSHKey | None,
        size: tuple[int, int] = SIZE,
        host: str = "127.0.0.1",
        term: str = "xterm-256color",
        command: str | None = None,
        connect_timeout: float = 60.0,
    ) -> TermClient:
        """Connect, log in and start a pty session (the app, or ``command``) of ``size`` (cols, rows)."""
        conn = await asyncio.wait_for(
            asyncssh.connect(
                host,
                port,
                username=user,
                client_keys=[key] if key else None,
                known_hosts=None,
                config=None,
                agent_path=None,
                ignore_encrypted=True,
                preferred_auth=["publickey"] if key else ["none"],
            ),
            connect_timeout,
        )
        process = await conn.create_process(command, term_type=term, term_size=size, encoding=None)
        screen = pyte.Screen(*size)
        client = cls(conn, process, screen, pyte.ByteStream(screen))
        client._reader = asyncio.ensure_future(client._read())
        return client

    async def _read(self) -> None:
        try:
            while chunk := await self.process.stdout.read(65536):
                self.traffic.bytes += len(chunk)
                self.traffic.chunks += 1
                self.stream.feed(chunk)
                self.changed.set()
        except (asyncssh.Error, OSError):
            pass
        finally:
            self.closed = True
            self.changed.set()

    def text(self) -> str:
        """The screen as it is now, one line per row (as ``pyte.Screen.display``, but only the rows
        pyte marked changed are read again: reading every cell of the screen after each chunk was a
        fifth of the measuring clients' CPU)."""
        screen = self.screen
        if len(self._lines) != screen.lines:
            self._lines = [""] * screen.lines
            screen.dirty.update(range(screen.lines))
        for y in screen.dirty:
            if y < screen.lines:
                self._lines[y] = self._row(y)
        screen.dirty.clear()
        return "\n".join(self._lines)

    def _row(self, y: int) -> str:
        row, cells, wide = self.screen.buffer[y], [], False
        for x in range(self.screen.columns):
            if wide:  # the stub after a wide character
                wide = False
                continue
            data = row[x].data
            wide = wcwidth(data[0]) == 2
            cells.append(data)
        return "".join(cells)

    def mark(self) -> Traffic:
        """Start counting traffic afresh; the counts up to now."""
        before, self.traffic = self.traffic, Traffic()
        return before

    async def wait_for(self, want: str | Callable[[str], bool], timeout: float = 60.0) -> float:
        """The ``time.monotonic()`` at which the screen first showed ``want`` (a text, or a test of
        the whole screen text).

        Raises:
            TimeoutError: not within ``timeout`` seconds, or the session ended first.
        """
        test = (lambda text: want in text) if isinstance(want, str) else want
        deadline = time.monotonic() + timeout
        while True:
            self.changed.clear()
            if test(self.text()):
                return time.monotonic()
            if self.closed:
                raise TimeoutError(f"session closed before {want!r}; screen:\n{self.text()}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{want!r} not on screen within {timeout} s; screen:\n{self.text()}")
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass

    def send(self, keys: bytes) -> float:
        """Type ``keys``; the ``time.monotonic()`` they were sent."""
        self.process.stdin.write(keys)
        return time.monotonic()

    def resize(self, cols: int, rows: int) -> None:
        self.process.change_terminal_size(cols, rows)
        self.screen.resize(rows, cols)

    async def close(self, timeout: float = 10.0) -> int | None:
        """End the session (closing the channel) and the connection; the exit status if any."""
        try:
            self.process.stdin.write_eof()
        except (asyncssh.Error, OSError):
            pass
        self.process.close()
        try:
            await asyncio.wait_for(self.process.wait_closed(), timeout)
        except (TimeoutError, asyncssh.Error, OSError):
            pass
        self.exit_status = self.process.exit_status
        if self._reader is not None:
            self._reader.cancel()
        self.conn.close()
        return self.exit_status
