"""A private tmux server driven through one control-mode client (``tmux -C``).

Polling the screen with ``tmux capture-pane`` in a new process every few milliseconds would cost
a fork and exec per poll, on the same two cores as the app being timed. One control-mode client
answers each command in well under a millisecond instead.

Used by ``bench_startup.py``; not a benchmark itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence


class TmuxError(RuntimeError):
    """tmux refused a command or went away."""


def tmux_quote(arg: str) -> str:
    """One argument for tmux's command parser (single quotes: no escapes, no expansion)."""
    if "'" in arg or "\n" in arg:
        raise ValueError(f"cannot pass {arg!r} to tmux")
    return f"'{arg}'"


def terminal_type() -> str:
    """A 256-colour TERM for the panes that this machine has a terminfo entry for."""
    for name in ("tmux-256color", "screen-256color"):
        if subprocess.run(["infocmp", name], capture_output=True, check=False).returncode == 0:
            return name
    return "screen"


class TmuxServer:
    """A tmux server on its own socket (``tmux -L``), so nobody else's sessions are touched."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        if shutil.which("tmux") is None:
            raise TmuxError("tmux is not installed")
        self.socket = f"aco-bench-{os.getpid()}"
        self._client = subprocess.Popen(
            [
                "tmux",
                "-u",
                "-L",
                self.socket,
                "-f",
                "/dev/null",
                "-C",
                "new-session",
                "-s",
                "control",
                "-x",
                "80",
                "-y",
                "24",
                "sleep 1000000",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
            env=dict(env) if env is not None else None,
        )
        self._reply()  # the block answering new-session itself
        self.socket_path = self.command("display-message -p '#{socket_path}'")[0]
        self.command("set-option -g remain-on-exit on")
        self.command(f"set-option -g default-terminal {terminal_type()}")
        self.command("set-option -g history-limit 0")

    def _reply(self) -> list[str]:
        lines: list[str] = []
        inside = False
        while True:
            line = self._client.stdout.readline()
            if not line:
                raise TmuxError("the tmux control client exited")
            line = line.rstrip("\n")
            if not inside:
                inside = line.startswith("%begin")  # anything else here is a notification
                continue
            if line.startswith("%end") or line.startswith("%error"):
                if line.startswith("%error"):
                    raise TmuxError("\n".join(lines) or "tmux error")
                return lines
            lines.append(line)

    def command(self, command: str) -> list[str]:
        """Run one tmux command and return its output lines."""
        self._client.stdin.write(command + "\n")
        self._client.stdin.flush()
        return self._reply()

    def new_session(
        self, name: str, argv: Sequence[str], *, width: int, height: int, env: Mapping[str, str] | None = None
    ) -> None:
        """Start ``argv`` (executed directly, no shell) in a detached session of the given size."""
        flags = " ".join(f"-e {tmux_quote(f'{k}={v}')}" for k, v in (env or {}).items())
        args = " ".join(tmux_quote(a) for a in argv)
        self.command(f"new-session -d -s {name} -x {width} -y {height} {flags} -- {args}")

    def capture(self, name: str) -> str:
        """The visible screen of the session's pane, as text."""
        return "\n".join(self.command(f"capture-pane -p -t {name}:"))

    def pane(self, name: str) -> tuple[int, bool]:
        """The pane's process id and whether it has exited."""
        pid, dead = self.command(f"display-message -p -t {name}: '#{{pane_pid}} #{{pane_dead}}'")[0].split()
        return int(pid), dead == "1"

    def send_keys(self, name: str, *keys: str) -> None:
        self.command(f"send-keys -t {name}: " + " ".join(tmux_quote(k) for k in keys))

    def kill_session(self, name: str) -> None:
        try:
            self.command(f"kill-session -t {name}")
        except TmuxError:
            pass

    def wait_for(self, test: Callable[[], bool], timeout: float, poll: float) -> float | None:
        """Seconds (perf_counter) at which ``test()`` first held, or None after ``timeout``."""
        deadline = time.perf_counter() + timeout
        while True:
            if test():
                return time.perf_counter()
            if time.perf_counter() > deadline:
                return None
            time.sleep(poll)

    def close(self) -> None:
        try:
            self.command("kill-server")
        except (TmuxError, OSError, ValueError):
            pass
        try:
            self._client.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._client.kill()
        try:  # tmux leaves its socket behind after kill-server
            os.unlink(self.socket_path)
        except OSError:
            pass

    def __enter__(self) -> "TmuxServer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
