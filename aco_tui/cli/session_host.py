"""The session host of `aco-tui serve`: a warm process that forks one app session per SSH login.

It lives with the command line (the top layer) because it runs the app; the server side is
:mod:`aco_tui.ssh.host`, which never imports the UI.

Started by the server (:mod:`aco_tui.ssh.host`) as ``python -m aco_tui.cli.session_host FD STORE
CONTENT`` with the server's end of a Unix socket pair as file descriptor FD, in the fixed
environment every session gets (without the trainee's name and terminal). It imports Textual and
the app, loads the knowledge base once, freezes what it made out of the garbage collector's reach
(``gc.freeze``: pages the sessions then share stay shared) and says ``ready``. Then, for each
request (a JSON message: the command line, environment and working directory of one session, with
the pty's slave end attached by ``SCM_RIGHTS``), it forks twice: the grandchild becomes a session
leader with the pty as its controlling terminal and runs the session; the middle child exits at
once, so the grandchild is re-parented to the server (a child subreaper), which waits for it and
ends it exactly as a process it started itself. The host answers with the grandchild's pid.

Nothing that must not cross a fork does: the host opens no database, runs no event loop and starts
no thread; each session reseeds ``random``, restores default signal handlers and opens its own
database connection. The host exits when the server closes its end of the socket (or dies).
"""

from __future__ import annotations

import ctypes
import fcntl
import gc
import json
import os
import random
import signal
import socket
import sys
import termios
import traceback
from pathlib import Path
from typing import Any

MAX_MESSAGE = 1 << 16
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """SIGTERM this process when the server that started it dies (Linux ``prctl``)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def preload(store: str, content: str) -> object:
    """Import everything a session imports and load the knowledge base; the knowledge base."""
    gc.disable()
    from aco_tui.cli import app as cli_app  # noqa: F401 - imported for the sessions
    from aco_tui.cli.main import build_parser
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.knowledge.paths import KnowledgePaths
    from aco_tui.ui import app as ui_app  # noqa: F401 - Textual and every module of the first screen
    from aco_tui.ui.screens import main as main_screen  # noqa: F401

    build_parser("app")
    knowledge = load_knowledge(KnowledgePaths(store=Path(store), content=Path(content))).require_usable()
    gc.collect()
    gc.freeze()  # what exists now lives as long as the host: later collections skip it
    gc.enable()
    return knowledge


def run_session(argv: list[str], knowledge: object) -> int:
    """Run ``aco-tui ARGV`` in this (forked) process; its exit status. The app reuses ``knowledge``
    when it was loaded from the same files."""
    from aco_tui.cli.main import build_parser, command_named, main

    sys.argv = ["aco-tui", *argv]
    if command_named(argv) == "app":
        from aco_tui.cli.app import run_app

        args = build_parser("app").parse_args(argv)
        return run_app(args, knowledge=knowledge)
    return main(argv)


def _close_other_fds(keep: int) -> None:
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:
                pass


def become_session(request: dict[str, Any], slave: int, knowledge: object) -> None:
    """In the grandchild: take the pty, the environment and the working directory; run; exit."""
    status = 1
    try:
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
        for fd in (0, 1, 2):
            os.dup2(slave, fd)
        _close_other_fds(keep=-1)
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD, signal.SIGPIPE):
            signal.signal(sig, signal.SIG_DFL)
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        random.seed()  # nothing random is shared between sessions
        status = run_session(list(request["argv"]), knowledge)
    except SystemExit as leaving:
        code = leaving.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:  # noqa: BLE001 - the session's own output is the only place to say it
        traceback.print_exc()
        status = 1
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(status & 0xFF)


def spawn(request: dict[str, Any], slave: int, knowledge: object) -> int:
    """Fork the session (twice: see the module's docstring); the session's pid."""
    sys.stdout.flush()
    sys.stderr.flush()
    reading, writing = os.pipe()
    middle = os.fork()
    if middle == 0:
        try:
            os.close(reading)
            pid = os.fork()
            if pid == 0:
                os.close(writing)
                become_session(request, slave, knowledge)
            os.write(writing, str(pid).encode())
        finally:
            os._exit(0)
    os.close(writing)
    chunks = []
    while chunk := os.read(reading, 64):
        chunks.append(chunk)
    os.close(reading)
    os.waitpid(middle, 0)
    return int(b"".join(chunks))


def serve(sock: socket.socket, knowledge: object) -> None:
    """Answer requests until the server closes the socket."""
    sock.send(json.dumps({"ready": os.getpid()}).encode())
    while True:
        try:
            message, fds, _flags, _address = socket.recv_fds(sock, MAX_MESSAGE, 4)
        except ConnectionResetError:
            return
        if not message:
            return
        reply: dict[str, Any]
        request: Any = None
        try:
            request = json.loads(message)
            reply = {"id": request["id"]}
            if len(fds) != 1:
                reply["error"] = "no terminal was passed"
            else:
                reply["pid"] = spawn(request, fds[0], knowledge)
        except Exception as err:  # noqa: BLE001 - reported to the server, which starts the session cold
            reply = {"id": request.get("id") if isinstance(request, dict) else None, "error": repr(err)}
        finally:
            for fd in fds:
                os.close(fd)
        sock.send(json.dumps(reply).encode())


def main(argv: list[str]) -> int:
    _die_with_parent()
    fd, store, content = int(argv[0]), argv[1], argv[2]
    sock = socket.socket(fileno=fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the server's terminal is the server's
    try:
        knowledge = preload(store, content)
    except Exception as err:  # noqa: BLE001 - the server logs it and starts sessions cold
        sock.send(json.dumps({"failed": f"{type(err).__name__}: {err}"}).encode())
        return 1
    serve(sock, knowledge)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
