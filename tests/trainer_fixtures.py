"""The trainer's dashboard fed from the in-memory cohort of ``cohort_fixtures``, and a wait for its refreshes."""

from __future__ import annotations

from cohort_fixtures import NOW, QUESTIONS, SESSION, MemoryStore, cohort

from aco_tui.quiz.cohort import build_report
from aco_tui.ui.trainer.app import TrainerApp


def loader(store: MemoryStore, clock=lambda: NOW):
    def load(session: str):
        attempts = store.attempts(session)
        return build_report(session, attempts, store.answers([a.id for a in attempts]), QUESTIONS,
                            title="Induction week", now=clock())
    return load


def make_app(store: MemoryStore | None = None, **options) -> TrainerApp:
    attempts, answers = cohort()
    store = store or MemoryStore(attempts, answers)
    options.setdefault("interval", 60.0)  # tests refresh by hand unless they say otherwise
    return TrainerApp(loader(store), SESSION, sessions=[(SESSION, "Induction week"), ("other", "Another")],
                      questions=QUESTIONS, excerpt=lambda ident: f"Excerpt text of {ident}", **options)


async def loaded(pilot, app: TrainerApp, at_least: int = 1) -> None:
    for _ in range(200):
        if app.loads >= at_least and not app.loading:
            break
        await pilot.pause(0.02)
    await pilot.pause()
    assert app.loads >= at_least
