"""User data: where it lives, atomic writes, and corrupt files moved aside."""

from __future__ import annotations

import errno
import json
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aco_tui.storage import userdata
from aco_tui.storage.userdata import UserData, UserDataError, resolve_data_dir


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv("ACO_TUI_DATA", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("ACO_TUI_DATA")
    assert "aco-tui" in str(resolve_data_dir(None))


def test_transaction_round_trip(tmp_path):
    data = UserData(tmp_path / "d")
    with data.transaction() as db:
        db.table("things").insert({"n": 1})
    with data.transaction() as db:
        db.table("things").insert({"n": 2})
    assert [d["n"] for d in data.table("things")] == [1, 2]
    assert not list((tmp_path / "d").glob("*.tmp"))


def test_next_write_clears_a_killed_writers_temporary_file(tmp_path):
    data = UserData(tmp_path)
    with data.transaction() as db:
        db.table("things").insert({"n": 1})
    orphan = tmp_path / ".progress.json.abc123.tmp"
    orphan.write_text('{"half": ', encoding="utf-8")
    other = tmp_path / ".other.json.abc123.tmp"  # not ours: left alone
    other.write_text("x", encoding="utf-8")
    assert [d["n"] for d in data.table("things")] == [1]  # reading never deletes
    assert orphan.exists()
    with data.transaction() as db:
        db.table("things").insert({"n": 2})
    assert not orphan.exists() and other.exists()


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.dictionaries(
    st.integers(min_value=1, max_value=10**6).map(str),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda inner: st.lists(inner, max_size=3)
                 | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8).map(lambda v: {"v": v}),
    max_size=5), max_size=4))
def test_serialised_tables_read_back_equal_one_document_per_line(tables):
    text = userdata.serialise(tables)
    assert json.loads(text) == tables
    documents = sum(len(t) for t in tables.values())
    assert len([line for line in text.splitlines() if line.startswith("  ")]) == documents


@pytest.mark.parametrize("garbage", [b"{\"things\": ", b"\xff\xfe", b"[1,2]", b"{\"t\": 3}",
                                     b"{\"ui_state\": {\"1\": 5}}", b"{\"things\": {\"x\": {}}}"])
def test_corrupt_file_is_moved_aside_and_reported(tmp_path, garbage):
    data = UserData(tmp_path)
    data.path.write_bytes(garbage)
    assert data.table("things") == []
    moved = list(tmp_path.glob("progress.json.corrupt-*"))
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert data.notices and moved[0].name in data.notices[0]


def test_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    data = UserData(tmp_path)
    with data.transaction() as db:
        db.table("things").insert({"n": 1})
    before = data.path.read_bytes()

    def full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(userdata.os, "fsync", full_disk)
    with pytest.raises(UserDataError, match="No space left on device; the previous file is kept"):
        with data.transaction() as db:
            db.table("things").insert({"n": 2})
    assert data.path.read_bytes() == before
    assert not list(tmp_path.glob(".progress.json.*.tmp"))


def test_unwritable_directory_gives_clear_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UserDataError, match="cannot create data directory"):
        UserData(blocker / "sub").table("things")
