"""Attempt records in the user data file (table ``attempts``), written as the quiz is played.

Each change is its own :meth:`UserData.transaction` (lock, read, change, atomic replace), so an answer
is on disk before the UI acknowledges it, and a run that is killed keeps every acknowledged answer
(its attempt stays ``in_progress``). Documents carry ``v`` (:data:`RECORD_VERSION`); the file's
``meta`` table carries the file schema of :mod:`aco_tui.storage.userdata`.

An attempt document::

    {"v": 1, "attempt": "<uuid hex>", "trainee": str, "kind": "session|practice|review",
     "session": str|None, "title": str, "question_set": "<16 hex>", "seed": int, "questions": [ids],
     "pass_mark": float, "feedback": "immediate|deferred", "time_limit": int|None,
     "started": ISO UTC, "ended": ISO UTC|None,
     "status": "in_progress|finished|abandoned|timed_out",
     "answers": [{"n": 1-based position, "question": id, "topic": str, "type": str, "given": ...,
                  "correct": bool, "credit": 0..1, "at": ISO UTC}],
     "total": int, "answered": int, "score": int|None, "percent": float|None, "passed": bool|None}
"""

from __future__ import annotations

from aco_tui.storage.userdata import SCHEMA_VERSION, UserData, UserDataError

ATTEMPTS = "attempts"
RECORD_VERSION = 1
STATUSES = ("in_progress", "finished", "abandoned", "timed_out")


def check_schema(db) -> None:
    """Refuse a file written by a newer schema; stamp a file that has no schema yet.

    Raises:
        UserDataError: the file's schema is newer than this version understands.
    """
    meta = db.table("meta")
    docs = meta.all()
    schema = max((d.get("schema", 0) for d in docs if isinstance(d.get("schema"), int)), default=None)
    if schema is None:
        meta.insert({"schema": SCHEMA_VERSION})
    elif schema > SCHEMA_VERSION:
        raise UserDataError(f"the progress file uses schema {schema}, newer than this aco-tui "
                            f"understands ({SCHEMA_VERSION}); upgrade aco-tui")


class AttemptLog:
    """Start, extend and finish attempt records; read them back for reports."""

    def __init__(self, data: UserData) -> None:
        self.data = data

    def start(self, attempt: dict) -> None:
        """Insert a new attempt (``status`` in_progress, no answers yet)."""
        document = {"v": RECORD_VERSION, "status": "in_progress", "answers": [], "ended": None,
                    "score": None, "percent": None, "passed": None, "answered": 0, **attempt}
        with self.data.transaction() as db:
            check_schema(db)
            db.table(ATTEMPTS).insert(document)

    def add_answer(self, attempt_id: str, answer: dict) -> None:
        """Record one answer (replacing an earlier answer at the same position ``n``).

        Raises:
            UserDataError: no such attempt, or the file cannot be written.
        """
        from tinydb import Query

        def change(doc: dict) -> None:
            answers = [a for a in doc.get("answers", []) if a.get("n") != answer["n"]]
            answers.append(answer)
            answers.sort(key=lambda a: a.get("n", 0))
            doc["answers"] = answers
            doc["answered"] = len(answers)
            doc["score"] = sum(1 for a in answers if a.get("correct"))

        with self.data.transaction() as db:
            check_schema(db)
            if not db.table(ATTEMPTS).update(change, Query().attempt == attempt_id):
                raise UserDataError(f"attempt {attempt_id} is not in {self.data.path}")

    def finish(self, attempt_id: str, summary: dict) -> None:
        """Set the end fields (``ended``, ``status``, ``score``, ``percent``, ``passed``...)."""
        from tinydb import Query

        with self.data.transaction() as db:
            check_schema(db)
            if not db.table(ATTEMPTS).update(summary, Query().attempt == attempt_id):
                raise UserDataError(f"attempt {attempt_id} is not in {self.data.path}")

    def attempts(self, session: str | None = None, trainee: str | None = None) -> list[dict]:
        """Every attempt (optionally of one session and/or trainee), oldest first."""
        docs = [d for d in self.data.table(ATTEMPTS)
                if (session is None or d.get("session") == session)
                and (trainee is None or d.get("trainee") == trainee)]
        return sorted(docs, key=lambda d: str(d.get("started", "")))

    @property
    def notices(self) -> list[str]:
        return self.data.notices
