"""The session host's warm-up is an optimisation: one that fails or hangs is given up and the host
starts without it, but whatever way it ends, nothing of it (a thread, an open database file) may
cross a fork. Each case runs the host's preload in a child interpreter (it freezes the collector
and, on Python 3.12+, makes objects immortal: not for the test process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def preload_with(tmp_path: Path, patch: str) -> subprocess.CompletedProcess[str]:
    """Run the host's preload of the real store and content in a child, after ``patch`` (Python
    source run first, with ``session_host`` and ``ui_app`` imported); it prints the outcome."""
    script = tmp_path / "host.py"
    script.write_text(
        "import sys, threading, time\n"
        "from aco_tui.cli import session_host\n"
        "from aco_tui.ui import app as ui_app\n"
        f"{patch}\n"
        "try:\n"
        "    preloaded = session_host.preload(sys.argv[1], sys.argv[2], 'induction')\n"
        "except session_host.UnsafeToFork as err:\n"
        "    print('unsafe:', err)\n"
        "else:\n"
        "    print('ready', preloaded.bank is not None)\n"
    )
    return subprocess.run(
        [sys.executable, str(script), str(ROOT / "store.json"), str(ROOT / "content")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ACO_TUI_CACHE": str(tmp_path / "cache")},
    )


def test_a_warm_up_that_hangs_is_given_up_and_the_host_is_ready(tmp_path: Path) -> None:
    done = preload_with(
        tmp_path,
        "import asyncio, contextlib\n"
        "session_host.WARM_UP_TIMEOUT_S = 1.0\n"
        "@contextlib.asynccontextmanager\n"
        "async def hanging(self, *args, **kwargs):\n"
        "    await asyncio.sleep(3600)\n"
        "    yield\n"
        "ui_app.AcoApp.run_test = hanging",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ready True"
    assert "warm-up skipped (TimeoutError" in done.stderr


def test_a_warm_up_that_fails_and_leaves_a_thread_stops_the_host_from_forking(tmp_path: Path) -> None:
    done = preload_with(
        tmp_path,
        "def failing(self, *args, **kwargs):\n"
        "    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()\n"
        "    raise RuntimeError('the warm-up failed')\n"
        "ui_app.AcoApp.run_test = failing",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "unsafe: the warm-up left a thread behind"
