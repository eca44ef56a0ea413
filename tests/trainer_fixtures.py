"""The trainer's dashboard fed from the in-memory cohort of ``cohort_fixtures``, and a wait for its refreshes."""

from __future__ import annotations

from cohort_fixtures import NOW, QUESTIONS, SESSION, MemoryStore, cohort
from helpers import wait_until

from aco_tui.quiz.cohort import build_report
from aco_tui.ui.trainer.app import TrainerApp


def loader(store: MemoryStore, clock=lambda: NOW):
    def load(session: str):
        attempts = store.attempts(session)
        return build_report(
            session, attempts, store.answers([a.id for a in attempts]), QUESTIONS, title="Induction week", now=clock()
        )

    return load


def make_app(store: MemoryStore | None = None, **options) -> TrainerApp:
    attempts, answers = cohort()
    store = store or MemoryStore(attempts, answers)
    options.setdefault("interval", 60.0)  # tests refresh by hand unless they say otherwise
    return TrainerApp(
        loader(store),
        SESSION,
        sessions=[(SESSION, "Induction week"), ("other", "Another")],
        questions=QUESTIONS,
        excerpt=lambda ident: f"Excerpt text of {ident}",
        **options,
    )


async def loaded(pilot, app: TrainerApp, at_least: int = 1) -> None:
    await wait_until(
        pilot, lambda: app.loads >= at_least and not app.loading, f"the dashboard has loaded {at_least} time(s)"
    )
    await pilot.pause()
