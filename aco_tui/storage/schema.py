"""The progress database's schema, as forward migrations: one text per migration, filled in with each
backend's types (SQLite: STRICT tables, times as ISO text; PostgreSQL: ``timestamptz``), so the two
schemas cannot drift apart.

Migration N (1-based) takes a database from version N-1 to N; the version is kept in the database
(SQLite: ``PRAGMA user_version``; PostgreSQL: the ``schema_version`` table). A database whose
version is higher than :data:`SCHEMA_VERSION` was written by a newer aco-tui and is refused.

Every table but ``trainees`` names its trainee by id, so a name is stored once.
"""

from __future__ import annotations

KINDS = "'session', 'practice', 'review', 'learn'"
STATUSES = "'in_progress', 'finished', 'abandoned', 'timed_out'"
RATINGS = "'again', 'hard', 'good', 'easy'"
_CHECKS = {"KINDS": KINDS, "STATUSES": STATUSES, "RATINGS": RATINGS}


def sqlite_migrations() -> list[str]:
    """SQLite: STRICT tables; times are ISO text in UTC."""
    types = {
        "key": "INTEGER PRIMARY KEY",
        "ref": "INTEGER",
        "int64": "INTEGER",
        "real": "REAL",
        "time": "TEXT",
        "strict": " STRICT",
    }
    return [
        _TABLES_1.format(**types, **_CHECKS),
        _LEARNING.format(id=types["ref"], **types),
        _ATTEMPTS_ON_SERVER.format(**types),
        (_SQLITE_LIVE_KIND + _LIVE_ROOMS).format(**types, **_LIVE_CHECKS),
    ]


def postgres_migrations() -> list[str]:
    """PostgreSQL: the same tables; times are ``timestamptz``."""
    types = {
        "key": "BIGSERIAL PRIMARY KEY",
        "ref": "BIGINT",
        "int64": "BIGINT",
        "real": "DOUBLE PRECISION",
        "time": "TIMESTAMPTZ",
        "strict": "",
    }
    return [
        _TABLES_1.format(**types, **_CHECKS),
        _LEARNING.format(id=types["ref"], **types),
        _ATTEMPTS_ON_SERVER.format(**types),
        (_POSTGRES_LIVE_KIND + _LIVE_ROOMS).format(**types, **_LIVE_CHECKS),
    ]


# 3: the attempt lives on the server (issue 24): its deadline (set when it starts, so any process can
# close it once that passes), the questions flagged for later, and the audit of trainers' regrades.
_ATTEMPTS_ON_SERVER = """
ALTER TABLE attempts ADD COLUMN deadline {time};
ALTER TABLE attempts ADD COLUMN flags TEXT NOT NULL DEFAULT '[]';
CREATE INDEX attempts_open_by_deadline ON attempts(status, deadline);
CREATE TABLE regrades (
    id {key},
    session TEXT NOT NULL,
    question TEXT NOT NULL,
    accepted TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at {time} NOT NULL,
    answers INTEGER NOT NULL
){strict};
CREATE INDEX regrades_by_session ON regrades(session, question);
"""

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

# The columns migration 1 gave the attempts table (migration 4 rebuilds it in SQLite with them).
_ATTEMPT_COLUMNS_1 = """
    id TEXT PRIMARY KEY,
    trainee_id {ref} NOT NULL REFERENCES trainees(id),
    kind TEXT NOT NULL CHECK (kind IN ({KINDS})),
    session TEXT,
    title TEXT NOT NULL,
    question_set TEXT NOT NULL,
    seed {int64},
    questions TEXT NOT NULL,
    pass_mark {real},
    feedback TEXT NOT NULL,
    time_limit INTEGER,
    started {time} NOT NULL,
    last_activity {time} NOT NULL,
    ended {time},
    status TEXT NOT NULL CHECK (status IN ({STATUSES})),
    answered INTEGER NOT NULL DEFAULT 0,
    score INTEGER NOT NULL DEFAULT 0,
    percent {real},
    passed INTEGER"""

_TABLES_1 = (
    """
CREATE TABLE trainees (
    id {key},
    name TEXT NOT NULL UNIQUE
){strict};
CREATE TABLE attempts ("""
    + _ATTEMPT_COLUMNS_1
    + """
){strict};
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
    credit {real} NOT NULL,
    at {time} NOT NULL,
    seconds {real},
    PRIMARY KEY (attempt_id, position)
){strict};
CREATE INDEX answers_by_question ON answers(question);
CREATE TABLE cards (
    trainee_id {ref} NOT NULL REFERENCES trainees(id),
    question TEXT NOT NULL,
    state TEXT NOT NULL,
    previous TEXT,
    rating TEXT NOT NULL CHECK (rating IN ({RATINGS})),
    reviews INTEGER NOT NULL,
    due {time} NOT NULL,
    updated {time} NOT NULL,
    PRIMARY KEY (trainee_id, question)
){strict};
CREATE INDEX cards_by_due ON cards(trainee_id, due);
CREATE TABLE review_log (
    id {key},
    trainee_id {ref} NOT NULL REFERENCES trainees(id),
    question TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ({RATINGS})),
    reviewed {time} NOT NULL,
    due {time} NOT NULL,
    regrade INTEGER NOT NULL CHECK (regrade IN (0, 1))
){strict};
CREATE INDEX review_log_by_trainee ON review_log(trainee_id, reviewed);
CREATE TABLE places (
    profile TEXT PRIMARY KEY,
    pane TEXT NOT NULL,
    section TEXT
){strict};
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
){strict};
"""
)


# 4: live sessions (issue 25): attempts of kind 'live', the rooms a trainer paces and who sits in each.
# It goes after migration 3 (issue 24: attempts.deadline and attempts.flags, added by ALTER TABLE, and
# the index attempts_open_by_deadline), whose attempts table it rebuilds in SQLite.
LIVE_KINDS = KINDS + ", 'live'"
_LIVE_CHECKS = {**_CHECKS, "KINDS": LIVE_KINDS}
# PostgreSQL changes a CHECK constraint in place (its default name is attempts_kind_check).
_POSTGRES_LIVE_KIND = """
ALTER TABLE attempts DROP CONSTRAINT attempts_kind_check;
ALTER TABLE attempts ADD CONSTRAINT attempts_kind_check CHECK (kind IN ({KINDS}));
"""
# SQLite cannot: the table is rebuilt (SQLite's documented 12 steps; the migration runs with foreign
# keys off, so that dropping the old table does not delete the answers that point at it), with every
# column and index migrations 1 and 3 gave it. The copy names no columns: if migration 3 (or another
# before this one) adds columns to attempts, add them here too, or the INSERT fails and the whole
# migration is rolled back (tests/storage/test_live_migration.py says so first).
_SQLITE_LIVE_KIND = (
    """
CREATE TABLE attempts_live ("""
    + _ATTEMPT_COLUMNS_1
    + """,
    deadline {time},
    flags TEXT NOT NULL DEFAULT '[]'
){strict};
INSERT INTO attempts_live SELECT * FROM attempts;
DROP TABLE attempts;
ALTER TABLE attempts_live RENAME TO attempts;
CREATE INDEX attempts_by_session ON attempts(session, started);
CREATE INDEX attempts_by_trainee ON attempts(trainee_id, started);
CREATE INDEX attempts_open_by_deadline ON attempts(status, deadline);
"""
)
# The room: which session, which question (1-based; 0 before the first), in which phase, since when.
# ``revision`` goes up with every change: a trainee polls this one row by its key.
_LIVE_ROOMS = """
CREATE TABLE live_rooms (
    code TEXT PRIMARY KEY,
    session TEXT NOT NULL,
    title TEXT NOT NULL,
    question_set TEXT NOT NULL,
    total INTEGER NOT NULL CHECK (total >= 1),
    question INTEGER NOT NULL DEFAULT 0 CHECK (question >= 0 AND question <= total),
    phase TEXT NOT NULL CHECK (phase IN ({PHASES})),
    leaderboard INTEGER NOT NULL CHECK (leaderboard IN (0, 1)),
    revision INTEGER NOT NULL DEFAULT 0,
    created {time} NOT NULL,
    opened {time},
    closed {time},
    ended {time}
){strict};
CREATE TABLE live_seats (
    code TEXT NOT NULL REFERENCES live_rooms(code),
    trainee_id {ref} NOT NULL REFERENCES trainees(id),
    attempt_id TEXT NOT NULL UNIQUE REFERENCES attempts(id),
    joined {time} NOT NULL,
    PRIMARY KEY (code, trainee_id)
){strict};
""".replace("{PHASES}", "'lobby', 'open', 'closed', 'revealed', 'ended'")


SCHEMA_VERSION = len(sqlite_migrations())
