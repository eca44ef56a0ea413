"""``aco-tui serve`` as a real process (:class:`ServeProcess`), OpenSSH's client for it (:func:`openssh`)
and what a trainer then reads (:func:`recorded_attempts`): for the tests that need the real thing
(signals, several servers, OpenSSH). In-process servers and asyncssh clients are in ssh_fixtures.py."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from helpers import REPO
from ssh_fixtures import pid_alive

# serve's log line of a session on a terminal: "app #1.1 user='alice' pid=4242 term=..."
SESSION_LINE = re.compile(r"\w #\d+\.\d+ user=(?:'[^']*'|\"[^\"]*\"|\S+) pid=(\d+) ")


class ServeProcess:
    """``python -m aco_tui serve --port 0 OPTIONS...`` as a real process, its output in a log file.

    ``ssh_fixtures.connect`` takes it as the service (it has ``port`` once :meth:`wait_listening` has read it).
    """

    def __init__(self, log: Path, *options: str, env: Mapping[str, str] | None = None) -> None:
        self.log = log
        with open(log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "aco_tui", "serve", "--port", "0", *options],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=dict(os.environ if env is None else env),
                cwd=REPO,
            )
        self.port = 0

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        """The first match of ``pattern`` in the log, waiting up to ``timeout`` seconds for it.

        Raises:
            AssertionError: the server ended, or the time ran out, first (the message has the log).
        """
        deadline = time.monotonic() + timeout
        while True:
            ended = self.process.poll() is not None  # before reading: its last words are in the log
            match = re.search(pattern, self.text())
            if match:
                return match
            if ended or time.monotonic() > deadline:
                raise AssertionError(
                    f"{pattern!r} not in the server's log{' (it ended)' if ended else ''}:\n{self.text()}"
                )
            time.sleep(0.05)

    def wait_listening(self, timeout: float = 60.0) -> int:
        """The port the server listens on (read from its log, also kept in ``port``)."""
        self.port = int(self.wait_for(r"listening on 127\.0\.0\.1:(\d+)", timeout).group(1))
        return self.port

    def session_pids(self) -> list[int]:
        """The pids of every session on a terminal the server has started (the app, or a command with
        ``ssh -t``), from its log lines ``app #1.1 user='alice' pid=4242 ...``."""
        return [int(pid) for pid in SESSION_LINE.findall(self.text())]

    def stop(self) -> None:
        """SIGTERM (SIGKILL if it has not ended 15 s later), then SIGKILL to any session left behind."""
        pids = self.session_pids()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for pid in pids:
            if pid_alive(pid):
                os.kill(pid, signal.SIGKILL)


@contextmanager
def serve_process(log: Path, *options: str, env: Mapping[str, str] | None = None) -> Iterator[ServeProcess]:
    """A :class:`ServeProcess` that is listening; on exit it is stopped, with every session it started."""
    server = ServeProcess(log, *options, env=env)
    try:
        server.wait_listening()
        yield server
    finally:
        server.stop()


def recorded_attempts(*argv: str, env: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """The attempts ``aco-tui results --json ARGV...`` reports, run as a fresh process (as a trainer would)."""
    done = subprocess.run(
        [sys.executable, "-m", "aco_tui", "results", "--json", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env=None if env is None else dict(env),
    )
    assert done.returncode == 0, done.stderr
    attempts: list[dict[str, Any]] = json.loads(done.stdout)["attempts"]
    return attempts


def openssh(port: int, key: Path, host_key: Path, known_hosts: Path) -> list[str]:
    """OpenSSH's ``ssh`` for 127.0.0.1:``port`` (then ``USER@127.0.0.1 [COMMAND...]``): only ``key``,
    no config file or agent, never a prompt, and the server's public ``host_key`` the only one
    trusted (written to ``known_hosts``)."""
    kind, blob = host_key.read_text(encoding="utf-8").split()[:2]
    known_hosts.write_text(f"[127.0.0.1]:{port} {kind} {blob}\n", encoding="utf-8")
    return [
        "ssh",
        "-F",
        "/dev/null",
        "-i",
        str(key),
        "-o",
        "IdentitiesOnly=yes",
        "-o",
        "IdentityAgent=none",
        "-o",
        f"UserKnownHostsFile={known_hosts}",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        "BatchMode=yes",
        "-p",
        str(port),
    ]
