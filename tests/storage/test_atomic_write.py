"""The one atomic writer (aco_tui/files.write_atomically): caches and the SSH host key use it."""

from __future__ import annotations

import os
import stat

import pytest

from aco_tui.files import write_atomically


def leftovers(folder) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def test_replaces_the_file_and_makes_missing_private_folders(tmp_path):
    path = tmp_path / "a" / "b" / "file.bin"
    write_atomically(path, b"one")
    write_atomically(str(path), b"two")
    assert path.read_bytes() == b"two"
    assert stat.S_IMODE(os.stat(tmp_path / "a" / "b").st_mode) == 0o700
    assert leftovers(path.parent) == []


def test_a_private_file_is_created_with_its_mode_even_over_a_stale_temporary(tmp_path):
    path = tmp_path / "key"
    stale = tmp_path / f"key.{os.getpid()}.tmp"
    stale.write_bytes(b"left by a killed process")
    os.chmod(stale, 0o644)
    write_atomically(path, b"secret", mode=0o600, durable=True)
    assert path.read_bytes() == b"secret"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert leftovers(tmp_path) == []


def test_keep_existing_never_replaces_a_file(tmp_path):
    path = tmp_path / "key"
    write_atomically(path, b"first", keep_existing=True)
    with pytest.raises(FileExistsError):
        write_atomically(path, b"second", keep_existing=True)
    assert path.read_bytes() == b"first"
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "file"
    path.write_bytes(b"old")

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomically(path, b"new")
    assert path.read_bytes() == b"old"
    assert leftovers(tmp_path) == []
