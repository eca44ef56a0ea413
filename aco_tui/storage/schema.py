"""The progress database's schema, as forward migrations (the same logical schema on every backend).

Migration N (1-based) takes a database from version N-1 to N; the version is kept in the database
(SQLite: ``PRAGMA user_version``; PostgreSQL: the ``schema_version`` table). A database whose
version is higher than :data:`SCHEMA_VERSION` was written by a newer aco-tui and is refused.

Every table but ``trainees`` names its trainee by id, so a name is stored once.
"""

from __future__ import annotations

KINDS = "'session', 'practice', 'review', 'learn'"
STATUSES = "'in_progress', 'finished', 'abandoned', 'timed_out'"
RATINGS = "'again', 'hard', 'good', 'easy'"


def sqlite_migrations() -> list[str]:
    """SQLite: STRICT tables; times are ISO text in UTC."""
    return [_SQLITE_1, _LEARNING.format(id="INTEGER", time="TEXT", strict=" STRICT")]


def postgres_migrations() -> list[str]:
    """PostgreSQL: the same tables; times are ``timestamptz``."""
    return [_POSTGRES_1, _LEARNING.format(id="BIGINT", time="TIMESTAMPTZ", strict="")]


# 2: the learning path (issue 17): where each trainee is in each pane's path, and what they have read.
_LEARNING = """
CREATE TABLE learn_paths (
    trainee_id {id} NOT NULL REFERENCES trainees(id),
    pane TEXT NOT NULL,
    state TEXT NOT NULL,
    updated {time} NOT NULL,
    PRIMARY KEY (trainee_id, pane)
){strict};
CREATE TABLE sections_read (
    trainee_id {id} NOT NULL REFERENCES trainees(id),
    section TEXT NOT NULL,
    first_read {time} NOT NULL,
    last_read {time} NOT NULL,
    PRIMARY KEY (trainee_id, section)
){strict};
"""

_SQLITE_1 = f"""
CREATE TABLE trainees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
    kind TEXT NOT NULL CHECK (kind IN ({KINDS})),
    session TEXT,
    title TEXT NOT NULL,
    question_set TEXT NOT NULL,
    seed INTEGER,
    questions TEXT NOT NULL,
    pass_mark REAL,
    feedback TEXT NOT NULL,
    time_limit INTEGER,
    started TEXT NOT NULL,
    last_activity TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL CHECK (status IN ({STATUSES})),
    answered INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0,
    percent REAL,
    passed INTEGER
) STRICT;
CREATE INDEX attempts_by_session ON attempts(session, started);
CREATE INDEX attempts_by_trainee ON attempts(trainee_id, started);
CREATE TABLE answers (
    attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    question TEXT NOT NULL,
    topic TEXT NOT NULL,
    type TEXT NOT NULL,
    given TEXT NOT NULL,
    given_text TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    credit REAL NOT NULL,
    at TEXT NOT NULL,
    seconds REAL,
    PRIMARY KEY (attempt_id, position)
) STRICT;
CREATE INDEX answers_by_question ON answers(question);
CREATE TABLE cards (
    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
    question TEXT NOT NULL,
    state TEXT NOT NULL,
    previous TEXT,
    rating TEXT NOT NULL CHECK (rating IN ({RATINGS})),
    reviews INTEGER NOT NULL,
    due TEXT NOT NULL,
    updated TEXT NOT NULL,
    PRIMARY KEY (trainee_id, question)
) STRICT;
CREATE INDEX cards_by_due ON cards(trainee_id, due);
CREATE TABLE review_log (
    id INTEGER PRIMARY KEY,
    trainee_id INTEGER NOT NULL REFERENCES trainees(id),
    question TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ({RATINGS})),
    reviewed TEXT NOT NULL,
    due TEXT NOT NULL,
    regrade INTEGER NOT NULL CHECK (regrade IN (0, 1))
) STRICT;
CREATE INDEX review_log_by_trainee ON review_log(trainee_id, reviewed);
CREATE TABLE places (
    profile TEXT PRIMARY KEY,
    pane TEXT NOT NULL,
    section TEXT
) STRICT;
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
"""


_POSTGRES_1 = f"""
CREATE TABLE trainees (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE attempts (
    id TEXT PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES trainees(id),
    kind TEXT NOT NULL CHECK (kind IN ({KINDS})),
    session TEXT,
    title TEXT NOT NULL,
    question_set TEXT NOT NULL,
    seed BIGINT,
    questions TEXT NOT NULL,
    pass_mark DOUBLE PRECISION,
    feedback TEXT NOT NULL,
    time_limit INTEGER,
    started TIMESTAMPTZ NOT NULL,
    last_activity TIMESTAMPTZ NOT NULL,
    ended TIMESTAMPTZ,
    status TEXT NOT NULL CHECK (status IN ({STATUSES})),
    answered INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0,
    percent DOUBLE PRECISION,
    passed INTEGER
);
CREATE INDEX attempts_by_session ON attempts(session, started);
CREATE INDEX attempts_by_trainee ON attempts(trainee_id, started);
CREATE TABLE answers (
    attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 1),
    question TEXT NOT NULL,
    topic TEXT NOT NULL,
    type TEXT NOT NULL,
    given TEXT NOT NULL,
    given_text TEXT NOT NULL,
    correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
    credit DOUBLE PRECISION NOT NULL,
    at TIMESTAMPTZ NOT NULL,
    seconds DOUBLE PRECISION,
    PRIMARY KEY (attempt_id, position)
);
CREATE INDEX answers_by_question ON answers(question);
CREATE TABLE cards (
    trainee_id BIGINT NOT NULL REFERENCES trainees(id),
    question TEXT NOT NULL,
    state TEXT NOT NULL,
    previous TEXT,
    rating TEXT NOT NULL CHECK (rating IN ({RATINGS})),
    reviews INTEGER NOT NULL,
    due TIMESTAMPTZ NOT NULL,
    updated TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (trainee_id, question)
);
CREATE INDEX cards_by_due ON cards(trainee_id, due);
CREATE TABLE review_log (
    id BIGSERIAL PRIMARY KEY,
    trainee_id BIGINT NOT NULL REFERENCES trainees(id),
    question TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ({RATINGS})),
    reviewed TIMESTAMPTZ NOT NULL,
    due TIMESTAMPTZ NOT NULL,
    regrade INTEGER NOT NULL CHECK (regrade IN (0, 1))
);
CREATE INDEX review_log_by_trainee ON review_log(trainee_id, reviewed);
CREATE TABLE places (
    profile TEXT PRIMARY KEY,
    pane TEXT NOT NULL,
    section TEXT
);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


SCHEMA_VERSION = len(sqlite_migrations())
