"""The learning path: planning, mastery and remediation, resuming, plain mode and the progress report."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aco_tui.knowledge.content import Content, Document, Section
from aco_tui.quiz.learn import MASTERY, LearnPath, pane_sections
from aco_tui.quiz.learn_plain import run_learn_plain
from aco_tui.quiz.model import Bank, Question
from aco_tui.quiz.plain import EXIT_ABANDONED
from aco_tui.quiz.progress_report import progress_report
from aco_tui.quiz.service import QuizService
from aco_tui.storage.sqlite import SQLiteProgress

T0 = datetime(2025, 3, 1, 9, tzinfo=UTC)
SLUGS = ("one", "two", "three", "four")


def content() -> Content:
    sections = [Section("concepts", "overview", "Overview", 2, "", 1)]  # a heading with nothing under it
    sections += [
        Section("concepts", slug, f"Section {slug}", 2, f"Body of {slug} [@ex-budget].", n * 3)
        for n, slug in enumerate(SLUGS, start=2)
    ]
    documents = {"concepts": Document("concepts", Path("concepts.md"), "Concepts", 1, "", sections)}
    return Content(Path("content"), documents)


def bank(per_section: int = 3) -> Bank:
    """Every question true/false with 'True' right, so option 1 is always the right answer."""
    questions = {}
    for slug in SLUGS:
        for n in range(per_section):
            ident = f"q-{slug}-{n}"
            questions[ident] = Question(
                ident,
                "concepts",
                "intro",
                "truefalse",
                f"Is {slug} {n} true?",
                "Yes.",
                ("ex-budget",),
                answer=True,
                sections=(f"concepts#{slug}",),
            )
    return Bank(Path("quiz"), questions)


def walk(path: LearnPath, answer) -> None:
    """Complete every step; ``answer(question_id)`` says whether it is answered right."""
    while not path.finished:
        step = path.current
        path.complete([answer(q) for q in step.questions])


def test_pane_sections_skip_headings_with_nothing_under_them():
    assert [s.id for s in pane_sections(content(), "concepts")] == list(SLUGS)


def test_a_new_path_pretests_reads_checks_each_section_then_posttests_with_other_questions():
    path = LearnPath.start("concepts", bank(), content(), seed=1)
    kinds = [s.kind for s in path.steps]
    assert kinds[0] == "pretest" and 2 <= len(path.steps[0].questions) <= 4
    assert kinds[1:-1] == ["read", "check"] * 4 and kinds[-1] == "posttest"
    checks = {q for s in path.steps if s.kind == "check" for q in s.questions}
    posttest = path.steps[-1].questions
    assert len(posttest) == 4 and not checks & set(posttest)
    assert {bank().questions[q].sections[0] for q in posttest} == {f"concepts#{s}" for s in SLUGS}


def test_everything_right_masters_the_pane():
    path = LearnPath.start("concepts", bank(), content(), seed=2)
    walk(path, lambda q: True)
    assert path.finished and path.mastered and path.mastery == 1.0
    assert path.check_results() == {f"concepts#{s}": True for s in SLUGS}


def test_below_the_standard_the_missed_sections_are_read_again_and_retested():
    the_bank = bank()
    path = LearnPath.start("concepts", the_bank, content(), seed=3)
    while path.current.kind != "posttest":
        path.complete([True] * len(path.current.questions))
    posttest = path.current.questions
    missed = {q for q in posttest if q.startswith(("q-one", "q-two"))}
    path.complete([q not in missed for q in posttest])  # 2 of 4 right: 50% < 80%
    assert not path.mastered and path.mastery == 0.5
    rest = path.steps[path.position :]
    assert [s.kind for s in rest] == ["read", "read", "retest"]
    assert [s.section for s in rest[:2]] == ["concepts#one", "concepts#two"]
    retest = rest[-1].questions
    assert len(retest) == 2 and not set(retest) & set(posttest)
    path.complete([])
    path.complete([])
    path.complete([True, True])
    assert path.finished and path.mastered and path.mastery == 1.0


def test_with_one_question_a_section_still_gets_a_posttest_question():
    path = LearnPath.start("concepts", bank(per_section=1), content(), seed=4)
    assert len(path.steps[-1].questions) == 4


def test_a_pane_with_no_questions_cannot_start():
    with pytest.raises(ValueError, match="no section"):
        LearnPath.start("commentary", bank(), content())


def test_the_state_round_trips_through_json_and_a_changed_bank_starts_anew():
    path = LearnPath.start("concepts", bank(), content(), seed=5)
    path.complete([True] * len(path.current.questions))
    state = json.loads(json.dumps(path.state))
    resumed = LearnPath.resume(state, bank())
    assert resumed is not None and resumed.position == 1 and resumed.current == path.current
    smaller = bank()
    smaller.questions.pop(path.steps[-1].questions[0])
    assert LearnPath.resume(state, smaller) is None
    assert LearnPath.resume({"v": 99}, bank()) is None and LearnPath.resume(None, bank()) is None


def test_completing_with_the_wrong_number_of_results_is_refused():
    path = LearnPath.start("concepts", bank(), content(), seed=6)
    with pytest.raises(ValueError):
        path.complete([])


@pytest.fixture
def service(tmp_path):
    now = [T0]
    return QuizService(bank(), None, SQLiteProgress(tmp_path / "data"), clock=lambda: now[0])


def test_plain_mode_walks_the_path_and_records_it(service):
    out = io.StringIO()
    code = run_learn_plain(service, content(), "Sam", "concepts", io.StringIO("1\n" * 200), out, lambda s: s.body)
    text = out.getvalue()
    assert code == 0, text
    assert "Pretest (not scored)" in text and "Section 1/4: Section one" in text and "Body of one" in text
    assert "[truefalse]" in text and "Posttest" in text and "concepts mastered" in text.casefold()
    progress = service.progress
    assert set(progress.sections_read("Sam")) == {f"concepts#{s}" for s in SLUGS}
    learn = [a for a in progress.attempts(trainee="Sam") if a.kind == "learn"]
    assert len(learn) == 5  # four checks and the posttest; the pretest is not recorded
    assert progress.load_learning("Sam", "concepts")["mastered"] is True


def test_end_of_input_saves_the_place_and_the_next_run_resumes(service):
    out = io.StringIO()
    steps_before_eof = "1\n" * 4  # the pretest (2 questions) and the first read... then end of input
    assert (
        run_learn_plain(service, content(), "Sam", "concepts", io.StringIO(steps_before_eof), out, lambda s: s.body)
        == EXIT_ABANDONED
    )
    assert "your place in the path is saved" in out.getvalue()
    saved = service.progress.load_learning("Sam", "concepts")
    assert saved["position"] >= 1
    again = io.StringIO()
    assert (
        run_learn_plain(service, content(), "Sam", "concepts", io.StringIO("1\n" * 200), again, lambda s: s.body) == 0
    )
    assert "Resuming where you stopped" in again.getvalue() and "Pretest" not in again.getvalue()


def test_progress_report_after_mastering(service):
    run_learn_plain(service, content(), "Sam", "concepts", io.StringIO("1\n" * 200), io.StringIO(), lambda s: s.body)
    report = progress_report("Sam", service.bank, content(), service.progress, T0 + timedelta(hours=1))
    concepts = next(t for t in report.topics if t.topic == "concepts")
    assert (concepts.sections, concepts.sections_read, concepts.checks, concepts.checks_right) == (4, 4, 4, 4)
    assert concepts.mastery == 1.0 and concepts.mastered and concepts.seen >= 8
    assert 0.5 < concepts.recall < 1.0  # a forecast a week ahead, never the 100% of "just reviewed"
    other = next(t for t in report.topics if t.topic == "commentary")
    assert (other.sections, other.mastery, other.recall) == (0, 0.0, None)
    assert len(report.forecast) == 14 and report.forecast[0][0] == (T0 + timedelta(hours=1)).date()
    # every card is due now or falls due within two weeks, counted once
    assert report.due_now + sum(n for _, n in report.forecast) == concepts.seen
    data = json.loads(report.as_json())
    assert set(data) >= {"trainee", "topics", "forecast", "due_now", "recall_meaning"} and data["trainee"] == "Sam"
    assert set(data["topics"][0]) >= {"topic", "mastery", "sections_read", "sections", "recall", "last_wrong"}
    assert data["forecast"][0] == {"date": "2025-03-01", "due": report.forecast[0][1]}
    assert "Concepts" in report.as_text() and "mastered" in report.as_text()


def test_mastery_is_the_standard():
    assert MASTERY == 0.8
    path = LearnPath.start("concepts", bank(), content(), seed=7)
    while path.current.kind != "posttest":
        path.complete([True] * len(path.current.questions))
    wrong_one = path.current.questions[0]
    path.complete([q != wrong_one for q in path.current.questions])  # 3 of 4: 75%, below 80%
    assert not path.mastered and path.steps[-1].kind == "retest"
    assert replace(path.current).kind == "read"
