"""Plain mode when the database cannot be reached in time: the store's "reconnecting..." is shown,
the answer that was not saved is not acknowledged, and typing it again goes on with the attempt."""

from __future__ import annotations

import io

from quiz_fixtures import write_kb

from aco_tui.errors import RetryableError
from aco_tui.knowledge.store import load_store
from aco_tui.quiz.bank import load_bank
from aco_tui.quiz.plain import status_printer
from aco_tui.quiz.plain_run import run_plain
from aco_tui.quiz.run import QuizRun
from aco_tui.quiz.scoring import response_code
from aco_tui.quiz.service import QuizService
from aco_tui.storage.records import Answer, Card
from aco_tui.storage.sqlite import SQLiteProgress


class UnreachableOnce(SQLiteProgress):
    """SQLite whose second answer meets a database out of reach, as PostgreSQL reports it: the status
    told, then RetryableError with nothing saved."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.calls = 0

    def record_answer(self, answer: Answer, card: Card | None = None) -> None:
        self.calls += 1
        if self.calls == 2:
            assert self.status_listener is not None
            self.status_listener("reconnecting to the database...")
            self.status_listener("")
            raise RetryableError(
                "cannot save to the database (no reply from the server; still failing after 30 s); this was not saved"
            )
        super().record_answer(answer, card)


def test_an_answer_not_saved_is_said_and_typed_again_and_the_attempt_goes_on(tmp_path):
    store, content = write_kb(tmp_path)
    progress = UnreachableOnce(tmp_path / "data")
    service = QuizService(load_bank(content / "quiz"), load_store(store), progress)
    run: QuizRun = service.start_session("induction", "Sam")
    answers = [response_code(p, p.key()) for p in run.plan.questions]
    typed = "".join(a + "\n" for a in answers[:2] + answers[1:])  # the second answer typed twice
    out = io.StringIO()
    progress.status_listener = status_printer(out)
    assert run_plain(run, io.StringIO(typed), out) == 0
    text = out.getvalue()
    assert text.count("Reconnecting to the database...") == 1
    assert text.count("Not saved: cannot save to the database") == 1 and "Type your answer again to retry." in text
    not_saved = text.index("Not saved")
    assert text[:not_saved].count("Correct.") == 1  # the answer that was not saved was not acknowledged
    assert text.count("Correct.") == len(answers) and f"Score: {len(answers)}/{len(answers)}" in text
    assert [a.position for a in progress.answers([run.attempt_id])] == list(range(1, len(answers) + 1))
    assert len(progress.review_log("Sam")) == len(answers)
