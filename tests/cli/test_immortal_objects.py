"""The session host makes its objects immortal (Python 3.12+), so that a forked session that reads
them does not copy the pages they are on; on a Python without immortal objects nothing changes.

Immortalizing is never done in the test process itself (its objects would never be freed, and
whatever waits on their end - a file closed, a connection dropped - would never happen): the
behaviour is checked in a child interpreter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aco_tui.cli import immortal_objects

ROOT = Path(__file__).resolve().parents[2]

# In the child: strings made before make_immortal (the host's) and after (a session's own), then for
# each set a forked child that takes and drops a reference to every one of them (a plain loop) and
# says how many KiB of private memory that cost it.
FORKED_READS = r"""
import gc, json, os, sys
sys.path.insert(0, sys.argv[1])
from aco_tui.cli.immortal_objects import make_immortal

def private_dirty_kib():
    with open("/proc/self/smaps_rollup") as rollup:
        return sum(int(line.split()[1]) for line in rollup if line.startswith("Private_Dirty:"))

def cost_of_reading(objects):
    reading, writing = os.pipe()
    pid = os.fork()
    if pid == 0:
        before = private_dirty_kib()
        for obj in objects:
            held = obj
        os.write(writing, str(private_dirty_kib() - before).encode())
        os._exit(0)
    os.close(writing)
    cost = int(os.read(reading, 64))
    os.waitpid(pid, 0)
    return cost

host = [f"host object {n:07d}" for n in range(200_000)]
made, why_not = make_immortal()
own = [f"own object {n:07d}" for n in range(200_000)]
gc.freeze()
print(json.dumps({
    "made": made, "why_not": why_not,
    "host_kib": cost_of_reading(host), "own_kib": cost_of_reading(own),
    "host_count": sys.getrefcount(host[0]), "own_count": sys.getrefcount(own[0]),
}))
"""


def python_with_immortal_objects() -> str | None:
    """An interpreter of 3.12 or newer that runs: this one, or one installed beside it (pyenv, PATH)."""
    if sys.version_info >= immortal_objects.MIN_VERSION:
        return sys.executable
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates = [str(path) for path in sorted(pyenv.glob("3.1[2-9]*/bin/python3"))] if pyenv.is_dir() else []
    candidates += [found for minor in range(12, 16) if (found := shutil.which(f"python3.{minor}"))]
    for candidate in candidates:
        check = [candidate, "-c", "import sys; sys.exit(sys.version_info < (3, 12))"]
        if subprocess.run(check, capture_output=True, timeout=30, check=False).returncode == 0:
            return candidate
    return None


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/smaps_rollup")
def test_a_forked_process_reading_immortal_objects_copies_almost_nothing(tmp_path: Path) -> None:
    python = python_with_immortal_objects()
    if python is None:
        pytest.skip("no Python 3.12 or newer on this machine (immortal objects came with 3.12)")
    script = tmp_path / "forked_reads.py"
    script.write_text(FORKED_READS)
    done = subprocess.run(
        [python, "-I", str(script), str(ROOT)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["why_not"] is None
    assert found["made"] >= 200_000  # the host's strings, and what the modules hold
    assert found["host_count"] > 2**31 > found["own_count"]
    # 200,000 strings take about 16 MiB: reading the session's own costs a copy of most of their pages
    assert found["own_kib"] > 8 * 1024, found
    assert found["host_kib"] < found["own_kib"] / 20, found


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="this Python has immortal objects")
def test_a_python_without_immortal_objects_is_left_alone() -> None:
    held = object()
    count = sys.getrefcount(held)
    made, why_not = immortal_objects.make_immortal()
    assert made == 0
    assert why_not is not None and "3.12" in why_not
    assert sys.getrefcount(held) == count
