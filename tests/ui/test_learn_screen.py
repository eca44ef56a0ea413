"""The learning path and the progress view in the app (Pilot, 80x24, a small knowledge base)."""

from __future__ import annotations

import html
import re

import pytest
from helpers import notifications, wait_until
from kbfixtures import write_knowledge

from aco_tui.knowledge.base import load_knowledge
from aco_tui.storage.sqlite import SQLiteProgress
from aco_tui.ui.app import AcoApp
from aco_tui.ui.screens.learn import LearnScreen
from aco_tui.ui.screens.main import MainScreen
from aco_tui.ui.screens.progress import ProgressScreen

QUESTION = """
[[question]]
id = "q-{n}"
topic = "concepts"
level = "intro"
type = "truefalse"
question = "Statement {n} is true."
answer = true
explanation = "It is."
excerpts = ["a-definition"]
sections = ["concepts#{section}"]
"""


@pytest.fixture
def learn_kb(tmp_path):
    paths = write_knowledge(tmp_path / "kb")
    quiz = paths.content / "quiz"
    quiz.mkdir()
    text = "".join(
        QUESTION.format(n=n, section=section) for n, section in enumerate(["what-is-an-aco"] * 3 + ["money"] * 3)
    )
    (quiz / "concepts.toml").write_text(text, encoding="utf-8")
    return load_knowledge(paths, use_cache=False)


def screen_text(app) -> str:
    """The words on screen, from the app's own screenshot (what a user sees)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    for match in re.finditer(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg):
        rows.setdefault(float(match.group(2)), []).append((float(match.group(1)), html.unescape(match.group(3))))
    return "\n".join("".join(s for _, s in sorted(rows[y])).replace("\xa0", " ") for y in sorted(rows))


async def until(pilot, condition, what: str) -> None:
    await wait_until(pilot, condition, what)


def stepped(app) -> bool:
    """The learning path's step (open, save, move on: a worker) is over."""
    from textual.worker import WorkerState

    return not any(
        w.group == "learn-step" and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers
    )


async def answer_true(pilot) -> None:
    """Answer the question in view with 1 (True), then leave the feedback page."""
    from aco_tui.ui.panes.quiz_card import QuestionCard
    from aco_tui.ui.screens.learn import LearnPage

    app = pilot.app
    screen = app.screen
    await until(pilot, lambda: stepped(app) and screen.query(QuestionCard), "the question")
    card = screen.query_one(QuestionCard)
    await until(pilot, lambda: app.focused is card, "the question's focus")
    await pilot.press("1", "enter")
    await until(pilot, lambda: stepped(app) and not screen.query(QuestionCard) and screen.query(LearnPage), "feedback")
    page = screen.query_one(LearnPage)
    await until(pilot, lambda: app.focused is page, "the feedback's focus")
    await pilot.press("enter")
    await until(pilot, lambda: stepped(app) and page not in screen.query(LearnPage), "the next step")


async def test_the_whole_path_in_the_app_masters_the_pane(learn_kb, tmp_path):
    app = AcoApp(learn_kb, data_dir=tmp_path / "data", trainee="Sam", learn_pane="concepts")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.path is not None, "the path")
        screen = app.screen
        kinds = [s.kind for s in screen.path.steps]
        assert kinds == ["pretest", "read", "check", "read", "check", "posttest"]
        for _ in screen.path.steps[0].questions:
            await answer_true(pilot)
        assert screen.path.current.kind == "read"
        assert "What is an ACO?" in str(screen.query_one("#learn-body").query("Static").first().render())
        await pilot.press("enter")  # read
        await answer_true(pilot)  # its check
        await pilot.press("enter")
        await answer_true(pilot)
        for _ in screen.path.current.questions:  # the posttest
            await answer_true(pilot)
        assert screen.path.mastered
        await pilot.press("enter")  # the score page
        await until(pilot, lambda: stepped(app), "the end of the path")
        await pilot.press("enter")  # the path is complete
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to reading")
    progress = SQLiteProgress(tmp_path / "data")
    assert progress.load_learning("Sam", "concepts")["mastered"] is True
    assert set(progress.sections_read("Sam")) == {"concepts#what-is-an-aco", "concepts#money"}
    assert len([a for a in progress.attempts(trainee="Sam") if a.kind == "learn"]) == 3  # 2 checks, 1 posttest


async def test_escape_saves_the_place_and_l_resumes_it(learn_kb, tmp_path):
    app = AcoApp(learn_kb, data_dir=tmp_path / "data", trainee="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.started, "the reader")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.path is not None, "the path")
        for _ in app.screen.path.steps[0].questions:
            await answer_true(pilot)
        position = app.screen.path.position
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to reading")
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.path is not None, "the path")
        assert app.screen.path.position == position and app.screen.path.current.kind == "read"
        assert any("Resuming" in n.message for n in notifications(app))


async def test_progress_view_shows_the_topics_with_numbers(learn_kb, tmp_path):
    app = AcoApp(learn_kb, data_dir=tmp_path / "data", trainee="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.started, "the reader")
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen), "the progress view")
        text = screen_text(app)
        assert "Progress of Sam" in text and "Concepts" in text and "0/2" in text and "Recall in 7 days" in text
        assert "Nothing is due for review now." in text and "Study calendar" in text
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to reading")


async def test_the_progress_table_fits_80x24_with_its_widest_cells():
    """Regression: at 80 columns the last header read "Recall in 7 da…", and a topic's recall with
    its wrong answers ("(2 wrong)") was cut short the same way."""
    from datetime import date, timedelta

    from helpers import screen_rows, wait_for_screen
    from textual.app import App

    from aco_tui.knowledge.topics import TOPICS, topic_label
    from aco_tui.quiz.progress_report import ProgressReport, TopicProgress

    widest = tuple(
        TopicProgress(topic, 14, 12, 14, 13, mastery=1.0, mastered=True, recall=1.0, seen=20, last_wrong=12)
        for topic in TOPICS
    )
    start = date(2026, 11, 1)
    report = ProgressReport(
        "Sam",
        widest,
        due_now=3,
        forecast=tuple((start + timedelta(days=n), 1) for n in range(14)),
        calendar=tuple((start + timedelta(days=n), 1) for n in range(28)),
    )

    class Host(App[None]):
        def on_mount(self) -> None:
            self.push_screen(ProgressScreen(report))

    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, ProgressScreen)
        await pilot.pause()
        rows = [strip.text for strip in screen_rows(app)]
        shown = "\n".join(rows)
        assert "\u2026" not in shown, shown
        [header] = [row for row in rows if "Topic" in row]
        assert header.split() == ["\u2502", "Topic", "Read", "Checks", "Mastery", "Recall", "\u2502"]
        for topic in TOPICS:
            [row] = [row for row in rows if f" {topic_label(topic)} " in row and "%" in row]
            assert " 12/14 " in row and " 13/14 " in row and " 100% \u2713 " in row and row.count(" 100%") == 2
        assert "Questions whose last answer was wrong: Concepts 12, " in " ".join(shown.split())
        assert "Recall in 7 days: the chance" in " ".join(shown.split())


@pytest.fixture
def long_learn_kb(tmp_path):
    """The small knowledge base with a first section too long for a 40x12 terminal."""
    paths = write_knowledge(tmp_path / "kb")
    concepts = paths.content / "concepts.md"
    more = "".join(
        f"\n\nParagraph {n} says again that one organisation answers for the care of a whole local "
        "population. [@a-definition]"
        for n in range(8)
    )
    text = concepts.read_text(encoding="utf-8").replace(
        "population. [@a-definition]\n", "population. [@a-definition]" + more + "\n", 1
    )
    concepts.write_text(text, encoding="utf-8")
    quiz = paths.content / "quiz"
    quiz.mkdir()
    (quiz / "concepts.toml").write_text(
        "".join(
            QUESTION.format(n=n, section=section) for n, section in enumerate(["what-is-an-aco"] * 3 + ["money"] * 3)
        ),
        encoding="utf-8",
    )
    return load_knowledge(paths, use_cache=False)


async def test_the_reading_step_reads_like_the_reader(long_learn_kb, tmp_path):
    """Regression (ux-walk M5): in the path's reading step "c" did nothing, Space did not scroll and
    Enter moved on with most of the section below the fold."""
    from aco_tui.ui.screens.learn import LearnPage
    from aco_tui.ui.screens.pickers import ChoiceScreen

    app = AcoApp(long_learn_kb, data_dir=tmp_path / "data", trainee="Sam", learn_pane="concepts")
    async with app.run_test(size=(40, 12)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.path is not None, "the path")
        screen = app.screen
        for _ in screen.path.steps[0].questions:
            await answer_true(pilot)
        assert screen.path.current.kind == "read"
        page = screen.query_one(LearnPage)
        await until(pilot, lambda: page.lines_left > 0, "a section longer than the view")
        await pilot.press("enter")  # not at the end: says what is left, does not move on
        await pilot.pause()
        assert screen.path.current.kind == "read"
        assert any("more line" in n.message and "below" in n.message for n in notifications(app))
        start = page.scroll_y
        await pilot.press("space")
        await until(pilot, lambda: page.scroll_y > start or page.lines_left == 0, "Space to scroll")
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ChoiceScreen), "the section's citations")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen, "back to the reading step")
        for _ in range(20):
            if page.lines_left == 0:
                break
            await pilot.press("space")
            await pilot.pause()
        assert page.lines_left == 0
        await pilot.press("enter")  # at the end: on to the check
        await until(pilot, lambda: screen.path.current.kind == "check", "the check")


async def test_the_path_reads_and_writes_the_store_off_the_ui_thread(learn_kb, tmp_path):
    """Opening the path, each answer and each saved place are store calls: none runs on the UI thread."""
    import threading

    app = AcoApp(learn_kb, data_dir=tmp_path / "data", trainee="Sam", learn_pane="concepts")
    threads: dict[str, list[threading.Thread]] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        progress = app.quiz_service().progress
        for name in ("record_answer", "start_attempt", "mark_read", "save_learning"):
            call = getattr(progress, name)

            def recorded(*args, _call=call, _name=name, **kwargs):
                threads.setdefault(_name, []).append(threading.current_thread())
                return _call(*args, **kwargs)

            setattr(progress, name, recorded)
        await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.path is not None, "the path")
        screen = app.screen
        for _ in screen.path.steps[0].questions:  # the pretest
            await answer_true(pilot)
        await pilot.press("enter")  # read the section
        await until(pilot, lambda: screen.path.current.kind == "check" and screen.run is not None, "its check")
        await answer_true(pilot)
        await until(pilot, lambda: "record_answer" in threads and "save_learning" in threads, "the answer saved")
    assert set(threads) >= {"record_answer", "start_attempt", "mark_read", "save_learning"}
    assert all(t is not threading.main_thread() for found in threads.values() for t in found)


async def test_the_progress_view_is_built_off_the_ui_thread(learn_kb, tmp_path, monkeypatch):
    """The report reads the store (and closes attempts past their deadline): never on the UI thread."""
    import threading

    import aco_tui.quiz.progress_report as reports

    threads: list[threading.Thread] = []
    build = reports.progress_report

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread())
        return build(*args, **kwargs)

    monkeypatch.setattr(reports, "progress_report", recorded)
    app = AcoApp(learn_kb, data_dir=tmp_path / "data", trainee="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen.started, "the reader")
        await pilot.press("P")
        await until(pilot, lambda: isinstance(app.screen, ProgressScreen), "the progress view")
    assert threads and all(t is not threading.main_thread() for t in threads)


async def test_escape_leaves_while_an_answer_is_still_being_saved(learn_kb, tmp_path):
    """A stalled store never holds the trainee in the path: Escape goes back to reading at once; the
    answer being saved is kept, and the check is abandoned after it (not beside it)."""
    import threading

    from aco_tui.ui.panes.quiz_card import QuestionCard

    app = AcoApp(learn_kb, data_dir=tmp_path / "data", trainee="Sam", learn_pane="concepts")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, LearnScreen) and app.screen.path is not None, "the path")
        screen = app.screen
        for _ in screen.path.steps[0].questions:  # the pretest (not recorded)
            await answer_true(pilot)
        await pilot.press("enter")  # read the section: on to its check, which is recorded
        await until(pilot, lambda: stepped(app) and screen.query(QuestionCard), "the check")
        progress = app.quiz_service().progress
        record, finish = progress.record_answer, progress.finish_attempt
        entered, release, order = threading.Event(), threading.Event(), []

        def stalled(*args, **kwargs):
            entered.set()
            release.wait(60)
            order.append("answer")
            return record(*args, **kwargs)

        def finished(*args, **kwargs):
            order.append("abandon")
            return finish(*args, **kwargs)

        progress.record_answer, progress.finish_attempt = stalled, finished
        await until(pilot, lambda: app.focused is screen.query_one(QuestionCard), "the question's focus")
        await pilot.press("1", "enter")
        await until(pilot, entered.is_set, "the answer reaching the store")
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, MainScreen), "back to reading while the store is stalled")
        assert order == []
        release.set()
        await until(pilot, lambda: order == ["answer", "abandon"], "the answer saved, then the check abandoned")
    attempts = [a for a in SQLiteProgress(tmp_path / "data").attempts(trainee="Sam") if a.kind == "learn"]
    assert [a.status for a in attempts] == ["abandoned"]
