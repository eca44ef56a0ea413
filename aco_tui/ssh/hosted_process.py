"""A session forked by the session host and re-parented to the server, waited for through a pidfd.

The server makes itself a child subreaper (Linux ``prctl``), so a session that the host forks (twice:
see :mod:`aco_tui.cli.session_host`) becomes the server's child once the middle process exits; the
server then waits for it as for any child, through a pidfd registered with the event loop.
"""

from __future__ import annotations

import asyncio
import ctypes
import os

PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make orphaned descendants (the host's sessions) children of this process (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def pidfd_supported() -> bool:
    """Whether processes can be waited for through a pidfd (Linux 5.3 and later)."""
    try:
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return False
    return True


class HostedProcess:
    """A session forked by the host and re-parented to this process, with the part of the
    :class:`asyncio.subprocess.Process` interface the server uses (``pid``, ``returncode``, ``wait``)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._loop = asyncio.get_running_loop()
        self._done: asyncio.Future[int] = self._loop.create_future()
        self._pidfd = os.pidfd_open(pid)
        self._loop.add_reader(self._pidfd, self._reap)
        self._reap()

    def _reap(self) -> None:
        try:
            done, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # not (or no longer) ours to wait for: it has gone
            done, status = self.pid, 255 << 8
        if done == 0:
            return
        self.returncode = os.waitstatus_to_exitcode(status)
        self._loop.remove_reader(self._pidfd)
        os.close(self._pidfd)
        if not self._done.done():
            self._done.set_result(self.returncode)

    async def wait(self) -> int:
        return await asyncio.shield(self._done)
