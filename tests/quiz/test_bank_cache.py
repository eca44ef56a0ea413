"""The question bank cache: used when fresh, rebuilt when a file changes, never holding a broken bank."""

from __future__ import annotations

import os

import pytest
from quiz_fixtures import write_kb

from aco_tui.errors import DataError
from aco_tui.quiz import bank as bank_module
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.bank_cache import load_bank_cached


@pytest.fixture
def quiz_dir(tmp_path):
    _, content = write_kb(tmp_path)
    return content / "quiz"


def touch_later(path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000))


def no_parsing(monkeypatch) -> None:
    def fail(_):
        raise AssertionError("the bank was parsed again")

    monkeypatch.setattr(bank_module, "read_bank", fail)


def test_second_load_comes_from_the_cache(quiz_dir, monkeypatch):
    first = load_bank_cached(quiz_dir)
    assert first.questions == load_bank(quiz_dir).questions
    no_parsing(monkeypatch)
    second = load_bank_cached(quiz_dir)
    assert second.questions == first.questions and second.sessions == first.sessions
    assert [q.source for q in second.questions.values()] == [q.source for q in first.questions.values()]
    assert second.directory == quiz_dir


def test_an_edited_question_file_is_read_again(quiz_dir):
    load_bank_cached(quiz_dir)
    path = quiz_dir / "concepts.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("A second single choice", "An edited"), encoding="utf-8")
    touch_later(path)
    assert load_bank_cached(quiz_dir).questions["con-single-2"].question == "An edited question on two lines."


def test_a_new_question_file_is_read(quiz_dir):
    load_bank_cached(quiz_dir)
    (quiz_dir / "extra.toml").write_text(
        '[[question]]\nid = "extra-q"\ntopic = "concepts"\nlevel = "intro"\ntype = "truefalse"\n'
        'question = "Q?"\nanswer = true\nexplanation = "Because."\nexcerpts = ["ex-budget"]\n',
        encoding="utf-8",
    )
    assert "extra-q" in load_bank_cached(quiz_dir).questions


def test_a_broken_bank_raises_every_time_and_is_not_cached(quiz_dir):
    load_bank_cached(quiz_dir)
    path = quiz_dir / "concepts.toml"
    path.write_text("[[question]\nnot toml", encoding="utf-8")
    touch_later(path)
    for _ in range(2):
        with pytest.raises(DataError):
            load_bank_cached(quiz_dir)


def test_damaged_cache_file_is_rebuilt(quiz_dir, isolated_user_dirs):
    load_bank_cached(quiz_dir)
    caches = list((isolated_user_dirs / "cache").glob("bank-*.pickle"))
    assert caches, "the bank was not cached"
    for cache in caches:
        cache.write_bytes(b"not a pickle")
    assert load_bank_cached(quiz_dir).questions == load_bank(quiz_dir).questions
