"""After a quiz: retry what was missed at once, and read the section that teaches each missed
question (issue 17 A7)."""

from __future__ import annotations

from quiz_ui import open_quiz, page_text, play, wait_for

from aco_tui.navigation import Place as Location
from aco_tui.quiz.links import teaching_section
from aco_tui.quiz.start import QuizStart
from aco_tui.ui.app import AcoApp
from aco_tui.ui.panes.quiz_pages import MissedPage, ReportPage

SIZE = (80, 24)


def practice(real_knowledge, tmp_path, **start) -> AcoApp:
    return AcoApp(real_knowledge, data_dir=tmp_path / "data", trainee="Aft", quiz=QuizStart(**start))


async def test_retry_what_was_missed_at_once(real_knowledge, tmp_path):
    """Regression (ux-walk P2-7): the end screen offered no "retry the missed questions now"."""
    app = practice(real_knowledge, tmp_path, count=3, seed=21)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        await play(pilot, pane, correctly=False)
        missed = [item.played.id for item in pane.report.missed]
        assert missed and "m" in page_text(pane.query_one(ReportPage))
        await pilot.press("m")
        await wait_for(pilot, lambda: pane.run is not None and not pane.run.finished)
        assert [p.id for p in pane.run.plan.questions] == missed
        assert pane.run.plan.kind == "practice" and app.focused is pane.query_one("QuestionCard")


async def test_each_missed_question_links_to_the_section_that_teaches_it(real_knowledge, tmp_path):
    """Regression (ux-walk P2-7): missed questions did not link to the explainer section to re-read."""
    app = practice(real_knowledge, tmp_path, count=2, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        pane = await open_quiz(pilot)
        await play(pilot, pane, correctly=False)
        first = pane.report.missed[0].played.question
        target = teaching_section(first, real_knowledge.content)
        assert target is not None
        await pilot.press("r")
        await wait_for(pilot, lambda: pane.query(MissedPage))
        page = pane.query_one(MissedPage)
        assert target.label in page_text(page)
        await pilot.press("tab")  # to the first "Read" link
        await pilot.pause()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.location.pane != "quiz")
        assert app.screen.location == Location(target.pane, target.section)
        await pilot.press("7")  # back where the trainee was
        await wait_for(pilot, lambda: app.focused is page)


def test_the_section_comes_from_the_question_or_its_first_excerpt(real_knowledge):
    from dataclasses import replace

    from aco_tui.quiz.model import Question

    content = real_knowledge.content
    section = content.documents["legal-challenges"].sections[2]
    excerpt = section.citations[0]
    question = Question(
        id="q",
        topic="legal-challenges",
        level="intro",
        type="short",
        question="?",
        explanation=".",
        excerpts=(excerpt,),
        answers=("x",),
    )
    found = teaching_section(question, content)
    assert found is not None and excerpt in content.documents[found.pane].section(found.section).citations
    assert found.pane == "legal-challenges"
    named = content.documents["concepts"].sections[1]
    object.__setattr__(question, "sections", (f"concepts#{named.id}",))  # the planned bank field
    assert teaching_section(question, content).section == named.id
    assert teaching_section(replace(question, excerpts=("no-such-excerpt",), sections=()), content) is None
