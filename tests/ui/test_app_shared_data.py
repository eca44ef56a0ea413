"""The app uses a question bank and search index it is given (the SSH session host loads them once
for every session) instead of reading them again; the trainer's sessions are merged into a copy."""

from __future__ import annotations

from pathlib import Path

from aco_tui.knowledge.base import load_knowledge
from aco_tui.quiz.bank_cache import load_bank_cached
from aco_tui.search import load_index
from aco_tui.ui.app import AcoApp


def _trainer_session(question: str) -> str:
    return f'[[session]]\nname = "extra"\ntitle = "Extra"\nseed = 1\npass_mark = 50\nquestions = ["{question}"]\n'


def test_the_app_uses_the_bank_and_index_it_is_given(quiz_kb, tmp_path):
    knowledge = load_knowledge(quiz_kb)
    bank = load_bank_cached(Path(knowledge.paths.content) / "quiz")
    index = load_index(knowledge.paths)
    app = AcoApp(knowledge, data_dir=tmp_path / "data", bank=bank, search_index=index)
    assert app.quiz_service().bank is bank
    assert app.search_index() is index


def test_the_trainers_sessions_are_merged_into_a_copy_of_the_bank_given(quiz_kb, tmp_path):
    knowledge = load_knowledge(quiz_kb)
    bank = load_bank_cached(Path(knowledge.paths.content) / "quiz")
    before = dict(bank.sessions)
    data = tmp_path / "data"
    data.mkdir()
    (data / "sessions.toml").write_text(_trainer_session(next(iter(bank.questions))), encoding="utf-8")
    app = AcoApp(knowledge, data_dir=data, bank=bank)
    merged = app.quiz_service().bank
    assert "extra" in merged.sessions and merged is not bank
    assert bank.sessions == before  # the host's bank, shared by every session, is unchanged
