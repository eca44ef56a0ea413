"""``db import`` reads at most a stated size: an endless or huge input is refused in one line, with
memory bounded (measured on the real process)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from helpers import REPO

from aco_tui.errors import UserDataError
from aco_tui.storage.transfer import MAX_IMPORT_MB, read_export

LIMIT_TEXT = f"larger than {MAX_IMPORT_MB} MB"


MEASURED = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps([done.returncode, done.stdout, done.stderr, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))
"""


def _import(source: str, tmp_path, stdin=None) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``db import SOURCE`` to the end; the result and the process's peak memory (KiB), measured
    by a parent of its own (so no other test's processes count)."""
    import json

    env = {**os.environ, "ACO_TUI_DATA": str(tmp_path / "data"), "PYTHONPATH": str(REPO)}
    argv = [sys.executable, "-m", "aco_tui", "db", "import", source]
    measured = subprocess.run(
        [sys.executable, "-c", MEASURED, *argv],
        stdin=stdin or subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    code, out, err, peak = json.loads(measured.stdout)
    return subprocess.CompletedProcess(argv, code, out, err), peak


@pytest.mark.parametrize("source", ["/dev/zero", "-"])
def test_an_endless_input_is_refused_in_one_line_with_memory_bounded(tmp_path, source):
    with open("/dev/zero", "rb") as zeros:
        result, peak_kib = _import(source, tmp_path, stdin=zeros if source == "-" else None)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and LIMIT_TEXT in result.stderr and "db copy" in result.stderr
    assert peak_kib < 4 * MAX_IMPORT_MB * 1024  # it stopped reading at the limit (it grew to GBs before)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as handle:
        handle.truncate((MAX_IMPORT_MB + 1) * 1024 * 1024)  # sparse: nothing to read until asked
    with pytest.raises(UserDataError, match=LIMIT_TEXT):
        with open(huge, "rb") as handle:
            read_export(handle, "huge.json")


def test_a_stream_just_under_the_limit_is_read_and_one_over_is_not():
    assert read_export(io.BytesIO(b"{}"), "small") == "{}"
    with pytest.raises(UserDataError, match=LIMIT_TEXT):
        read_export(io.BytesIO(b" " * (MAX_IMPORT_MB * 1024 * 1024 + 1)), "big")


def test_deeply_nested_json_is_one_line(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000, encoding="utf-8")
    result, _ = _import(str(deep), tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
