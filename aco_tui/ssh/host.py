"""The server's side of the session host (:mod:`aco_tui.cli.session_host`): start it, ask it for sessions,
replace it when it dies or when the code or content on disk changed.

A session the host forks is re-parented to the server (the server is a child subreaper), so the
server waits for it through a pidfd and ends it as it ends a process it started itself: SIGTERM to
its process group, then SIGKILL. While there is no warm host (starting, restarting, or it failed),
sessions start cold, as separate ``python -m aco_tui`` processes, and the log says so.

With ``merge_pages`` (``serve --merge-pages``) the host opts in to kernel same-page merging before
it forks any session (:mod:`aco_tui.ssh.page_merging`), and the server logs what came of it once,
when the first host is ready. Cold sessions are not merged.
"""

from __future__ import annotations

import asyncio
import fcntl
import json
import logging
import os
import socket
import termios
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from aco_tui.env import DATABASE_ENV, TRAINEE_ENV
from aco_tui.ssh.hosted_process import HostedProcess, become_subreaper, pidfd_supported
from aco_tui.ssh.page_merging import ON, WITHOUT_HOST, describe, ksm_run
from aco_tui.ssh.policy import ChildSetup
from aco_tui.ssh.session import PtyChild, TermSize

log = logging.getLogger("aco_tui.ssh")

HOST_ENV = "ACO_TUI_SESSION_HOST"  # "0" in the server's environment: no host, every session cold
READY_TIMEOUT_S = 120.0
REPLY_TIMEOUT_S = 10.0
FINGERPRINT_EVERY_S = 1.0
RESTART_BACKOFF_S = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
_WATCHED_SUFFIXES = (".py", ".tcss", ".toml", ".md", ".json", ".txt", ".css")


def tree_keys(root: Path) -> list[str]:
    """Path, size and modification time of every file under ``root`` that code or content is made
    of (``__pycache__`` skipped), sorted."""
    keys = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [d for d in subfolders if d != "__pycache__" and not d.startswith(".")]
        for name in files:
            if name.endswith(_WATCHED_SUFFIXES):
                path = os.path.join(folder, name)
                try:
                    info = os.stat(path)
                except OSError:
                    continue
                keys.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    keys.sort()
    return keys


def fingerprint(setup: ChildSetup) -> str:
    """Changes whenever a module of aco-tui, the store or a content file changes on disk."""
    import aco_tui

    parts = tree_keys(Path(aco_tui.__file__).resolve().parent)
    parts += tree_keys(setup.content)
    try:
        info = setup.store.stat()
        parts.append(f"{setup.store}:{info.st_size}:{info.st_mtime_ns}")
    except OSError:
        parts.append(f"{setup.store}:missing")
    return "\n".join(parts)


class SessionHost:
    """The warm host process: started with the server, replaced when it dies or goes stale."""

    def __init__(self, setup: ChildSetup, merge_pages: bool = False) -> None:
        self.setup = setup
        self.merge_pages = merge_pages  # the host opts in to KSM, so its sessions do (serve --merge-pages)
        self._merge_reported = False
        self.process: asyncio.subprocess.Process | None = None
        self.pid: int | None = None
        self._sock: socket.socket | None = None
        self._fingerprint = ""
        self._checked = 0.0
        self._ready = False
        self._replies: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self._ids = 0
        self._closing = False
        self._failures = 0
        self._replacing = False  # the host is being replaced on purpose (stale code or content)
        self._task: asyncio.Task[None] | None = None
        self.started_count = 0

    @property
    def ready(self) -> bool:
        return self._ready

    def start(self) -> None:
        """Start (or restart) the host in the background; sessions start cold until it is ready."""
        if not (pidfd_supported() and become_subreaper()):
            log.warning(
                "session host off: this system cannot hand forked sessions to the server (Linux 5.3 "
                "or later needed); every session starts cold"
            )
            if self.merge_pages:
                log.warning(WITHOUT_HOST)
            return
        self._task = asyncio.ensure_future(self._run())

    def _environment(self) -> dict[str, str]:
        env = self.setup.environment("", "xterm-256color")
        for name in (TRAINEE_ENV, DATABASE_ENV, *dict(self.setup.database_env)):
            env.pop(name, None)  # the host opens no database: each session gets the URL in its own environment
        return env

    async def _run(self) -> None:
        """Keep a host running until :meth:`close`; restart it (with a growing pause) when it ends."""
        while not self._closing:
            began = time.monotonic()
            self._replacing = False
            await self._start_one()
            if self.process is not None:
                status = await self.process.wait()
                if self._closing:
                    return
                if not self._replacing:
                    log.warning(
                        "session host pid=%d ended (status %s); starting a new one, sessions start cold meanwhile",
                        self.pid,
                        status,
                    )
            self._drop()
            if time.monotonic() - began > 60:
                self._failures = 0
            pause = RESTART_BACKOFF_S[min(self._failures, len(RESTART_BACKOFF_S) - 1)]
            self._failures += 1
            await asyncio.sleep(pause)

    async def _start_one(self) -> None:
        setup = self.setup
        self.process = None
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._fingerprint, self._checked = fingerprint(setup), time.monotonic()
        try:
            self.process = await asyncio.create_subprocess_exec(
                setup.python,
                "-m",
                "aco_tui.cli.session_host",
                str(theirs.fileno()),
                str(setup.store),
                str(setup.content),
                *(["--merge-pages"] if self.merge_pages else []),
                *(["--quiz-session", setup.quiz_session] if setup.quiz_session else []),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                env=self._environment(),
                cwd=str(setup.data_dir),
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        except OSError as err:
            log.error("cannot start the session host: %s; sessions start cold", err)
            ours.close()
            return
        finally:
            theirs.close()
        self.pid, self._sock = self.process.pid, ours
        self.started_count += 1
        ours.setblocking(False)
        loop = asyncio.get_running_loop()
        loop.add_reader(ours.fileno(), self._receive)
        started = time.monotonic()
        waiter = self._expect(0)
        try:
            reply = await asyncio.wait_for(asyncio.shield(waiter), READY_TIMEOUT_S)
        except (TimeoutError, ConnectionError):
            if self._closing:
                return
            log.error("session host pid=%d did not get ready; sessions start cold", self.pid)
            self._kill()
            return
        if "failed" in reply:
            log.error("session host failed to load: %s; sessions start cold", reply["failed"])
            return
        self._ready = True
        immortal = reply.get("immortal")
        shared = (
            f"{immortal} objects made immortal" if isinstance(immortal, int) else f"objects not immortal: {immortal}"
        )
        log.info("session host ready pid=%d in %.1fs (%s)", self.pid, time.monotonic() - started, shared)
        if self.merge_pages and not self._merge_reported:
            self._merge_reported = True
            outcome = str(reply.get("merge_pages", "error: the session host did not say"))
            run = ksm_run()
            log.log(logging.INFO if outcome == ON and run == "1" else logging.WARNING, describe(outcome, run))

    def _expect(self, ident: int) -> asyncio.Future[dict[str, Any]]:
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._replies[ident] = future
        return future

    def _receive(self) -> None:
        sock = self._sock
        assert sock is not None
        try:
            data = sock.recv(1 << 16)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:  # the host has gone: fail whoever waits; _run notices the exit and restarts it
            self._drop()
            return
        try:
            reply = json.loads(data)
        except ValueError:
            return
        ident = 0 if ("ready" in reply or "failed" in reply) else reply.get("id")
        future = self._replies.pop(ident, None) if isinstance(ident, int) else None
        if future is not None and not future.done():
            future.set_result(reply)

    def _drop(self) -> None:
        """Forget the connection to the host (it ended, or is being replaced)."""
        self._ready = False
        if self._sock is not None:
            try:
                asyncio.get_running_loop().remove_reader(self._sock.fileno())
            except (ValueError, RuntimeError):
                pass
            self._sock.close()
            self._sock = None
        for future in self._replies.values():
            if not future.done():
                future.set_exception(ConnectionError("the session host has gone"))
        self._replies.clear()

    def _kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass

    def _stale(self) -> bool:
        """Whether code or content changed since the host started (checked at most once a second)."""
        now = time.monotonic()
        if now - self._checked < FINGERPRINT_EVERY_S:
            return False
        self._checked = now
        return fingerprint(self.setup) != self._fingerprint

    async def spawn(self, argv: list[str], env: Mapping[str, str], cwd: str, size: TermSize) -> PtyChild | None:
        """A session forked by the host on a new pty of ``size``; None when there is no warm host
        (the caller then starts the session cold)."""
        if not self._ready or self._sock is None:
            return None
        if self._stale():
            log.info(
                "code or content changed on disk: replacing session host pid=%d; this session starts cold", self.pid
            )
            self._ready, self._replacing, self._failures = False, True, 0
            self._kill()
            return None
        master, slave = os.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, size.packed())
            os.set_blocking(master, False)
            self._ids += 1
            ident = self._ids
            waiter = self._expect(ident)
            request = {"id": ident, "argv": argv[3:], "env": dict(env), "cwd": cwd}
            socket.send_fds(self._sock, [json.dumps(request).encode()], [slave])
            reply = await asyncio.wait_for(asyncio.shield(waiter), REPLY_TIMEOUT_S)
            if "pid" not in reply:
                raise ConnectionError(str(reply.get("error", "no pid")))
            return PtyChild(HostedProcess(int(reply["pid"])), master)  # type: ignore[arg-type]
        except (OSError, ConnectionError, TimeoutError) as err:
            log.warning("session host could not start a session (%s); starting it cold", err)
            os.close(master)
            return None
        finally:
            os.close(slave)

    async def close(self) -> None:
        """Stop the host (its running sessions go on: they are the server's to end)."""
        self._closing = True
        self._drop()
        if self.process is not None and self.process.returncode is None:
            try:
                os.killpg(self.process.pid, 15)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                await asyncio.wait_for(self.process.wait(), 5)
            except TimeoutError:
                self._kill()
        if self._task is not None:
            self._task.cancel()
