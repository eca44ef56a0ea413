"""The installed `aco-tui` in a real terminal (tmux) at 80x24 with NO_COLOR set."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
SCRIPT = Path(sys.executable).parent / "aco-tui"
LABELS = ["Concepts", "Contracts", "Legal", "Commentary", "Timeline", "Sources", "Quiz"]

pytestmark = [
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install tmux)"),
    pytest.mark.skipif(not SCRIPT.exists(), reason="the aco-tui console script is not installed"),
]


def capture(session: str) -> str:
    return subprocess.run([TMUX, "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def wait_for(session: str, predicate, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = capture(session)
        if predicate(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"timed out; screen was:\n{screen}")


def test_panes_keys_and_quit_in_tmux(tmp_path):
    session = f"aco-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    command = (
        f"env NO_COLOR=1 ACO_TUI_DATA={tmp_path / 'data'} ACO_TUI_CACHE={tmp_path / 'cache'} "
        f"TERM=xterm-256color {SCRIPT} ; echo $? > {done}; sleep 5"
    )
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True)
    try:
        screen = wait_for(session, lambda s: "Quiz" in s and "Quit" in s)
        assert all(label in screen for label in LABELS), screen
        wait_for(session, lambda s: "Overview" in s)
        for key, marker in [
            ("5", "All years"),
            ("6", "verbatim excerpts"),
            ("2", "Three levels of GP"),
            ("1", "In brief"),
        ]:
            subprocess.run([TMUX, "send-keys", "-t", session, key], check=True)
            wait_for(session, lambda s, m=marker: m in s)
        subprocess.run([TMUX, "send-keys", "-t", session, "q"], check=True)
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0"
        assert "Traceback" not in capture(session)
    finally:
        subprocess.run([TMUX, "kill-session", "-t", session], capture_output=True)
