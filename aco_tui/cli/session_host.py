"""The session host of `aco-tui serve`: a warm process that forks one app session per SSH login.

It lives with the command line (the top layer) because it runs the app; the server side is
:mod:`aco_tui.ssh.host`, which never imports the UI.

Started by the server (:mod:`aco_tui.ssh.host`) as ``python -m aco_tui.cli.session_host FD STORE
CONTENT [--merge-pages] [--quiz-session NAME]`` with the server's end of a Unix socket pair as file
descriptor FD, in the fixed environment every session gets (without the trainee's name and
terminal). It imports Textual and the app, loads the knowledge base, question bank and search
index once, runs the app once headless on the way its sessions will go (``--quiz-session``: the
session's start page and first question), freezes what it made out
of the garbage collector's reach (``gc.freeze``: pages the sessions then share stay shared), on
Python 3.12 or newer makes it all immortal (:mod:`aco_tui.cli.immortal_objects`: sessions reading
it no longer write to its pages, so they copy far fewer of them), with
``--merge-pages`` offers its memory and its sessions' to the kernel's same-page merging
(:mod:`aco_tui.ssh.page_merging`), and says ``ready``. Then, for each
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

import argparse
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
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aco_tui.knowledge.base import KnowledgeBase
    from aco_tui.quiz.model import Bank
    from aco_tui.search.engine import SearchIndex

MAX_MESSAGE = 1 << 16
WARM_UP_TIMEOUT_S = 60.0  # a warm-up takes 1-2 s; one that hangs is given up and the host starts cold-cached
PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """SIGTERM this process when the server that started it dies (Linux ``prctl``)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        pass


@dataclass(frozen=True)
class Preloaded:
    """What the host makes once for every session it forks."""

    knowledge: KnowledgeBase  # loaded from the host's store and content
    parser: argparse.ArgumentParser  # the ``app`` command line (parsing leaves it unchanged)
    bank: Bank | None  # the question bank in the content's quiz/ (None: unusable, a session says why)
    search_index: SearchIndex  # of that store and content
    immortal: int | str = 0  # objects made immortal before the first fork, or why none were

    def app_options(self) -> dict[str, Any]:
        """What a session's app takes from the host instead of reading it (see ``run_app``)."""
        return {"bank": self.bank, "search_index": self.search_index}


def preload(store: str, content: str, landing: str | None = None) -> Preloaded:
    """Import everything a session imports, load the knowledge base, question bank and search index,
    build the command line, and warm up on the sessions' way in (``landing``: the quiz session they
    land on, ``serve --quiz-session``)."""
    gc.disable()
    from aco_tui.cli import app as cli_app  # noqa: F401 - imported for the sessions
    from aco_tui.cli.main import build_parser
    from aco_tui.cli.session_styles import share_parsed_styles
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.knowledge.paths import KnowledgePaths
    from aco_tui.ui import app as ui_app  # noqa: F401 - Textual and every module of the first screen
    from aco_tui.ui.screens import main as main_screen  # noqa: F401

    parser = build_parser("app")
    from aco_tui.errors import AcoError
    from aco_tui.quiz.bank_cache import load_bank_cached
    from aco_tui.search import load_index

    knowledge = load_knowledge(KnowledgePaths(store=Path(store), content=Path(content))).require_usable()
    try:
        bank: Bank | None = load_bank_cached(Path(content) / "quiz")
    except AcoError:
        bank = None
    preloaded = Preloaded(knowledge, parser, bank, load_index(knowledge.paths))
    share_parsed_styles()  # only the host calls this
    try:
        warm_up(preloaded, landing)
    except UnsafeToFork:
        raise  # the host must not fork: the server starts every session cold
    except Exception as err:  # noqa: BLE001 - a cold cache costs time, not correctness
        print(f"aco-tui session host: warm-up skipped ({type(err).__name__}: {err})", file=sys.stderr)
    gc.collect()
    gc.freeze()  # what exists now lives as long as the host: later collections skip it
    gc.enable()
    from aco_tui.cli.immortal_objects import make_immortal

    try:
        made, why_not = make_immortal()  # last: what it reaches is all the sessions will share
    except Exception as err:  # noqa: BLE001 - mortal objects cost sessions memory, not correctness
        made, why_not = 0, f"{type(err).__name__}: {err}"
    return replace(preloaded, immortal=why_not or made)


class UnsafeToFork(RuntimeError):
    """Something that must not cross a fork (a thread, an open database file) outlived the warm-up."""


def warm_up(preloaded: Preloaded, landing: str | None = None) -> None:
    """Run the app once, headless, on a throw-away data directory, the way its sessions will go: as
    far as the Quiz pane, or with ``landing`` to that session's start page and its first question.
    Every module a session imports lazily is imported, and the caches every session fills (parsed
    styles, text measures) are filled, once, here. Nothing of it may outlive it: no thread, no event
    loop, no database connection (checked however it ended). One that takes longer than
    :data:`WARM_UP_TIMEOUT_S` is given up (raises ``TimeoutError``: the host starts without it).

    Only the way in: what the warm-up leaves behind spreads over pages that every session then
    touches (and so copies). Measured in a forked session after 11 questions: warmed on Concepts and
    the quiz menu 23.9 MiB private, on the landing session's way 23.0, through eight practice
    questions as well 25.2."""
    import asyncio
    import tempfile
    import threading

    from textual.drivers import linux_driver  # noqa: F401 - the sessions' driver (the warm-up is headless)

    from aco_tui.quiz.start import QuizStart
    from aco_tui.ui.app import AcoApp

    async def visit(data_dir: str) -> None:
        app = AcoApp(
            preloaded.knowledge,
            data_dir=data_dir,
            trainee="session host warm-up",
            ssh_mode=True,
            quiz=QuizStart(session=landing, start_page=True) if landing else None,
            **preloaded.app_options(),
        )
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            if landing:  # the start page, then Enter: the first question
                await pilot.press("enter")
                await pilot.pause(0.3)
                return
            await pilot.press("7")
            await pilot.pause()
            await pilot.press("1")
            await pilot.pause()

    with tempfile.TemporaryDirectory(prefix="aco-tui-warm-up-") as data_dir:
        try:
            asyncio.run(asyncio.wait_for(visit(data_dir), WARM_UP_TIMEOUT_S))
        finally:  # however it ended (a failure or a hang only skips the warm-up), nothing of it may cross a fork
            gc.collect()
            left = [path for path in _open_paths() if path.startswith(data_dir)]
            if left or threading.active_count() != 1:
                raise UnsafeToFork(f"the warm-up left {left or 'a thread'} behind")


def _open_paths() -> list[str]:
    paths = []
    for name in os.listdir("/proc/self/fd"):
        try:
            paths.append(os.readlink(f"/proc/self/fd/{name}"))
        except OSError:
            continue
    return paths


def run_session(argv: list[str], preloaded: Preloaded) -> int:
    """Run ``aco-tui ARGV`` in this (forked) process; its exit status. The app's command line is
    parsed by the host's parser, and the app reuses the host's knowledge base when it was loaded
    from the same files."""
    from aco_tui.cli.main import check_text, command_named, main

    sys.argv = ["aco-tui", *argv]
    if command_named(argv) != "app":
        return main(argv)
    from aco_tui.cli.app import run_app
    from aco_tui.cli.parser import PROG
    from aco_tui.errors import AcoError

    try:
        args = preloaded.parser.parse_args(argv)
    except SystemExit as done:  # one line about a bad argument, as aco_tui.cli.main.main says it
        return done.code if isinstance(done.code, int) else 2
    try:  # as aco_tui.cli.main.main does: one line, never a traceback
        check_text(args)
        return run_app(args, knowledge=preloaded.knowledge, **preloaded.app_options())
    except AcoError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        return 130


def _close_other_fds(keep: int) -> None:
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd != keep:
            try:
                os.close(fd)
            except OSError:
                pass


def become_session(request: dict[str, Any], slave: int, preloaded: Preloaded) -> None:
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
        status = run_session(list(request["argv"]), preloaded)
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


def spawn(request: dict[str, Any], slave: int, preloaded: Preloaded) -> int:
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
                become_session(request, slave, preloaded)
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


def serve(sock: socket.socket, preloaded: Preloaded, merge_pages: str | None = None) -> None:
    """Say ready (with the outcome of ``--merge-pages``, if asked), then answer requests until the
    server closes the socket."""
    ready: dict[str, Any] = {"ready": os.getpid(), "immortal": preloaded.immortal}
    if merge_pages is not None:
        ready["merge_pages"] = merge_pages
    sock.send(json.dumps(ready).encode())
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
                reply["pid"] = spawn(request, fds[0], preloaded)
        except Exception as err:  # noqa: BLE001 - reported to the server, which starts the session cold
            reply = {"id": request.get("id") if isinstance(request, dict) else None, "error": repr(err)}
        finally:
            for fd in fds:
                os.close(fd)
        sock.send(json.dumps(reply).encode())


def merge_pages() -> str:
    """Opt this host, and so every session it forks from now on, in to kernel same-page merging;
    the outcome (see :func:`aco_tui.ssh.page_merging.opt_in`). Called after the preload, so that
    what the sessions inherit is in place, and before the first fork."""
    from aco_tui.ssh.page_merging import opt_in

    return opt_in()


def main(argv: list[str]) -> int:
    _die_with_parent()
    fd, store, content = int(argv[0]), argv[1], argv[2]
    sock = socket.socket(fileno=fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the server's terminal is the server's
    options = argv[3:]
    landing = options[options.index("--quiz-session") + 1] if "--quiz-session" in options[:-1] else None
    try:
        preloaded = preload(store, content, landing)
    except Exception as err:  # noqa: BLE001 - the server logs it and starts sessions cold
        sock.send(json.dumps({"failed": f"{type(err).__name__}: {err}"}).encode())
        return 1
    serve(sock, preloaded, merge_pages() if "--merge-pages" in options else None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
