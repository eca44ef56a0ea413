"""A full disk: a 64 KiB tmpfs filled to the last block (needs root), and a write that fails half way
with ENOSPC, in the store, the quiz command and the app: one clear message, the previous file kept.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess

import pytest
from helpers import assert_one_line, notifications, run_cli

from aco_tui.quiz.records import AttemptLog
from aco_tui.storage import userdata
from aco_tui.storage.userdata import DATA_FILE, UserData, UserDataError

REAL_FDOPEN = os.fdopen


@pytest.fixture
def tiny_disk(tmp_path):
    """A 64 KiB tmpfs (needs root and mount permission; skipped otherwise)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def _fill_until_full(data: UserData) -> tuple[UserDataError, bytes]:
    log = AttemptLog(data)
    for i in range(10_000):
        before = data.path.read_bytes() if data.path.exists() else b""
        try:
            log.start({"attempt": f"a{i}", "trainee": "t", "started": f"{i:06d}", "padding": "x" * 400})
        except UserDataError as err:
            return err, before
    raise AssertionError("the disk never filled")


def test_full_tmpfs_gives_a_clear_message_and_keeps_the_previous_file(tiny_disk):
    data = UserData(tiny_disk / "data")
    error, before = _fill_until_full(data)
    assert "No space left on device" in str(error) and "the previous file is kept" in str(error)
    assert "\n" not in str(error)
    assert data.path.read_bytes() == before
    json.loads(before)
    assert not list(data.directory.glob(f".{DATA_FILE}.*.tmp"))
    kept = len(AttemptLog(data).attempts())
    assert kept > 0 and data.notices == []


def test_full_tmpfs_through_the_quiz_command(tiny_disk, quiz_kb):
    data_dir = tiny_disk / "data"
    data_dir.mkdir()
    filler = tiny_disk / "filler"
    with open(filler, "wb", buffering=0) as handle:  # take every free block
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError:
            pass
    result = run_cli(quiz_kb, "quiz", "--plain", "--count", "1", "--name", "T", data_dir=data_dir, stdin="1\n")
    assert_one_line(result, 2, "No space left on device")


class _FullDiskFile:
    """A text file that takes part of what it is given, then fails as a full disk does."""

    def __init__(self, handle: int) -> None:
        self.file = REAL_FDOPEN(handle, "w", encoding="utf-8")

    def write(self, text: str) -> int:
        self.file.write(text[: len(text) // 2])
        self.file.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __getattr__(self, name: str):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()


def test_full_disk_during_the_write_keeps_the_previous_file(tmp_path, monkeypatch):
    data = UserData(tmp_path)
    log = AttemptLog(data)
    log.start({"attempt": "kept", "trainee": "t", "started": "1"})
    before = data.path.read_bytes()
    monkeypatch.setattr(userdata.os, "fdopen", lambda handle, *a, **k: _FullDiskFile(handle))
    with pytest.raises(UserDataError, match=r"No space left on device; the previous file is kept"):
        log.add_answer("kept", {"n": 1, "correct": True})
    monkeypatch.undo()
    assert data.path.read_bytes() == before
    assert not list(tmp_path.glob(f".{DATA_FILE}.*.tmp"))
    assert [a["attempt"] for a in log.attempts()] == ["kept"] and data.notices == []


async def test_full_disk_in_the_app_is_reported_and_the_app_goes_on(mini_kb, tmp_path, monkeypatch):
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.ui.app import AcoApp

    app = AcoApp(load_knowledge(mini_kb), data_dir=tmp_path / "data")
    monkeypatch.setattr(userdata.os, "fdopen", lambda handle, *a, **k: _FullDiskFile(handle))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await pilot.pause(0.8)  # the location is saved 0.5 s after a move, off the UI thread
        await app.workers.wait_for_complete()
        await pilot.pause()
        errors = [n.message for n in notifications(app) if n.severity == "error"]
        assert any("No space left on device" in m for m in errors), errors
        await pilot.press("3")
        await pilot.pause()
        assert app.screen.location.pane == "legal-challenges"
