"""Helpers for the ``aco-tui serve`` tests: a knowledge base, client keys, a server, a screen reader.
A real ``serve`` process and OpenSSH's client are in serve_process.py."""

from __future__ import annotations

import asyncio
import os
import re
import time
from collections.abc import Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import asyncssh
from kbfixtures import write_knowledge
from quiz_fixtures import PREFIX, sample

QUIZ_SESSION = (
    '[[session]]\nname = "ssh-check"\ntitle = "SSH check"\nseed = 1\npass_mark = 50\n'
    'feedback = "immediate"\nquestions = ["con-tf"]\n'
)

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[P\]X^_].*?(?:\x07|\x1b\\)|\x1b[@-Z\\-_]", re.S)


def make_keys(directory: Path, *names: str) -> dict[str, asyncssh.SSHKey]:
    """Fresh Ed25519 client keys, one per name, also written to ``directory/NAME`` (mode 0600)."""
    directory.mkdir(parents=True, exist_ok=True)
    keys = {}
    for name in names:
        key = asyncssh.generate_private_key("ssh-ed25519", comment=name)
        key.write_private_key(str(directory / name))
        os.chmod(directory / name, 0o600)
        keys[name] = key
    return keys


def authorized_line(key: asyncssh.SSHKey, trainee: str | None = None) -> str:
    text = key.export_public_key().decode().strip()
    return f'trainee="{trainee}" {text}' if trainee else text


def write_authorized_keys(path: Path, keys: Iterable[asyncssh.SSHKey]) -> Path:
    """An authorized_keys file at ``path`` letting in each of ``keys`` (no options)."""
    path.write_text("".join(authorized_line(key) + "\n" for key in keys), encoding="utf-8")
    return path


def write_kb_with_quiz(root: Path):
    """The small knowledge base of :mod:`kbfixtures` plus a question bank and one one-question session."""
    paths = write_knowledge(root)
    quiz = paths.content / "quiz"
    quiz.mkdir(exist_ok=True)
    for topic in PREFIX:
        text = sample(topic).replace("ex-budget", "a-budget").replace("ex-dates", "a-definition")
        (quiz / f"{topic}.toml").write_text(text, encoding="utf-8")
    (quiz / "sessions.toml").write_text(QUIZ_SESSION, encoding="utf-8")
    return paths


def serve_options(kb, data: Path) -> list[str]:
    """``serve``'s options for the knowledge base ``kb`` (from :func:`write_kb_with_quiz`) and the data
    directory ``data``."""
    return ["--data-dir", str(data), "--store", str(kb.store), "--content", str(kb.content)]


def make_config(tmp_path: Path, authorized: str | None, **options):
    """A ServeConfig on a free port with its own knowledge base, data directory and host key; sessions
    start cold unless ``session_host=True`` (tests/ssh/test_ssh_host.py runs both ways)."""
    from aco_tui.ssh.policy import ChildSetup
    from aco_tui.ssh.server import ServeConfig

    paths = write_kb_with_quiz(tmp_path / "kb")
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    keys_file = None
    if authorized is not None:
        keys_file = tmp_path / "authorized_keys"
        keys_file.write_text(authorized, encoding="utf-8")
    setup = ChildSetup(data_dir=data.resolve(), store=paths.store.resolve(), content=paths.content.resolve())
    return ServeConfig(
        setup=setup,
        host_key=tmp_path / "hostkey" / "ssh_host_ed25519_key",
        authorized_keys=keys_file,
        port=0,
        **{"login_timeout": 10.0, "session_host": False, **options},
    )


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False


async def wait_gone(pids, timeout: float = 8.0) -> list[int]:
    """The pids still alive after waiting up to ``timeout`` seconds for them to end."""
    deadline = time.monotonic() + timeout
    alive = [p for p in pids if pid_alive(p)]
    while alive and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
        alive = [p for p in alive if pid_alive(p)]
    return alive


@asynccontextmanager
async def running(config):
    """An in-process server; on exit it is closed and every child it started is gone."""
    from aco_tui.ssh.server import SSHService

    service = SSHService(config)
    await service.start()
    seen: set[int] = set()
    watcher = asyncio.ensure_future(_watch_children(service, seen))
    try:
        yield service
    finally:
        watcher.cancel()
        seen.update(service.child_pids())
        await service.close()
        for pid in await wait_gone(seen, 5):
            os.kill(pid, 9)


async def _watch_children(service, seen: set[int]) -> None:
    while True:
        seen.update(service.child_pids())
        await asyncio.sleep(0.05)


def connect(service, user: str = "alice", key: asyncssh.SSHKey | None = None, **options):
    """An asyncssh client connection to ``service`` (no config files, no agent, host key not checked)."""
    return asyncssh.connect(
        "127.0.0.1",
        service.port,
        username=user,
        client_keys=[key] if key else None,
        known_hosts=None,
        config=None,
        agent_path=None,
        ignore_encrypted=True,
        preferred_auth=["publickey"] if key else ["none", "publickey"],
        **options,
    )


class Screen:
    """The output of an interactive session, with escape sequences removed, searchable."""

    def __init__(self, process: asyncssh.SSHClientProcess) -> None:
        self.process = process
        self.raw = bytearray()
        self.seen = 0
        self._reader = asyncio.ensure_future(self._read())

    async def _read(self) -> None:
        while chunk := await self.process.stdout.read(65536):
            self.raw += chunk

    def text(self, since: int = 0) -> str:
        return ANSI.sub(b"", bytes(self.raw[since:])).decode("utf-8", "replace")

    async def wait_for(self, needle: str, timeout: float = 15.0, since: int | None = None) -> None:
        """Wait until ``needle`` appears in the output (after byte ``since``, default: anything new)."""
        start = self.seen if since is None else since
        deadline = time.monotonic() + timeout
        while needle not in self.text(start):
            if self._reader.done() or time.monotonic() > deadline:
                raise AssertionError(f"{needle!r} never appeared; screen text: {self.text(start)[-2000:]!r}")
            await asyncio.sleep(0.05)
        self.seen = len(self.raw)

    def close(self) -> None:
        self._reader.cancel()


async def open_app(conn, size=(100, 30), **options) -> tuple[asyncssh.SSHClientProcess, Screen]:
    """Start the app on ``conn`` with a PTY and wait for its first paint."""
    process = await conn.create_process(term_type="xterm-256color", term_size=size, encoding=None, **options)
    screen = Screen(process)
    await screen.wait_for("Concepts")
    return process, screen


def environ(pid: int) -> dict[str, str]:
    with open(f"/proc/{pid}/environ", "rb") as raw:
        return dict(item.decode().split("=", 1) for item in raw.read().split(b"\0") if item)


def cmdline(pid: int) -> list[str]:
    with open(f"/proc/{pid}/cmdline", "rb") as raw:
        return [part.decode() for part in raw.read().split(b"\0")[:-1]]


async def take_the_quiz(process, screen, answer: bytes) -> None:
    """Play the one-question session "SSH check" in the app and quit."""
    process.stdin.write(b"7")
    await screen.wait_for("Session: SSH check")
    process.stdin.write(b"\r")
    await screen.wait_for("This statement is true")
    process.stdin.write(answer + b"\r")
    await screen.wait_for("Your answer")
    process.stdin.write(b"\r")
    await screen.wait_for("Score:")
    process.stdin.write(b"q")
    await asyncio.wait_for(process.wait_closed(), 10)


async def host_ready(service, timeout: float = 120.0) -> int:
    """Wait until the server's session host is ready; its pid."""
    deadline = time.monotonic() + timeout
    while service.host is None or not service.host.ready:
        if time.monotonic() > deadline:
            raise AssertionError("the session host did not get ready")
        await asyncio.sleep(0.05)
    return service.host.pid
