"""What the session host's preload does when its optimisations go wrong: a warm-up that fails or
hangs is given up and the host starts without it, but whatever way it ended, nothing of it (a
thread, an open database file) may cross a fork; objects that cannot be made immortal cost memory,
not the host. Each case runs the preload in a child interpreter (it freezes the collector and, on
Python 3.12+, makes objects immortal: not for the test process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def preload_with(tmp_path: Path, patch: str) -> tuple[str, str]:
    """Run the host's preload of the real store and content in a child after ``patch`` (Python
    source, with ``session_host``, ``immortal_objects`` and ``ui_app`` imported); what it printed
    (``ready BANK IMMORTAL`` or ``unsafe: WHY``) and its stderr."""
    script = tmp_path / "host.py"
    script.write_text(
        "import sys, threading, time\n"
        "from aco_tui.cli import immortal_objects, session_host\n"
        "from aco_tui.ui import app as ui_app\n"
        f"{patch}\n"
        "try:\n"
        "    preloaded = session_host.preload(sys.argv[1], sys.argv[2], 'induction')\n"
        "except session_host.UnsafeToFork as err:\n"
        "    print('unsafe:', err)\n"
        "else:\n"
        "    print('ready', preloaded.bank is not None, preloaded.immortal)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script), str(ROOT / "store.json"), str(ROOT / "content")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT), "ACO_TUI_CACHE": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip(), done.stderr


HANGING_APP = """
import asyncio, contextlib
session_host.WARM_UP_TIMEOUT_S = 1.0
@contextlib.asynccontextmanager
async def hanging(self, *args, **kwargs):
    await asyncio.sleep(3600)
    yield
ui_app.AcoApp.run_test = hanging
"""

FAILING_APP_LEAVING_A_THREAD = """
def failing(self, *args, **kwargs):
    threading.Thread(target=time.sleep, args=(60,), daemon=True).start()
    raise RuntimeError('the warm-up failed')
ui_app.AcoApp.run_test = failing
"""

REFUSING_IMMORTALITY = """
def refuse():
    raise RuntimeError('refused for the test')
immortal_objects.make_immortal = refuse
"""


def test_a_warm_up_that_hangs_is_given_up_and_the_host_is_ready(tmp_path: Path) -> None:
    said, errors = preload_with(tmp_path, HANGING_APP)
    assert said.startswith("ready True ")
    assert "warm-up skipped (TimeoutError" in errors


def test_a_warm_up_that_fails_and_leaves_a_thread_stops_the_host_from_forking(tmp_path: Path) -> None:
    said, _errors = preload_with(tmp_path, FAILING_APP_LEAVING_A_THREAD)
    assert said == "unsafe: the warm-up left a thread behind"


def test_a_host_whose_objects_cannot_be_made_immortal_is_ready_all_the_same(tmp_path: Path) -> None:
    said, _errors = preload_with(tmp_path, REFUSING_IMMORTALITY)
    assert said == "ready True RuntimeError: refused for the test"
