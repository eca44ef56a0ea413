"""How a cohort did at one named session: one row per trainee, per topic and per question (no I/O).

:func:`build_report` turns the session's attempts and answers (the :mod:`aco_tui.storage.records`
dataclasses, whatever database they came from) into a :class:`CohortReport`, which the text, JSON
and CSV reports and the trainer's dashboard all show.

Which attempts count for the item analysis (as in Moodle, "first attempt" basis): for each trainee,
the first attempt at each question-set version that ended by itself, ``finished`` or ``timed_out``
(Moodle submits an attempt whose time ran out). Abandoned and running attempts never count. A
question such an attempt contained but did not answer is ``x = 0`` (Moodle's "not answered"). The
report's main analysis is of the newest version (the one the latest attempt used); older versions
are kept apart, since their questions differ. Per-topic results use the same counted attempts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from aco_tui.knowledge.topics import TOPICS
from aco_tui.quiz.kinds import kind_named
from aco_tui.quiz.model import Question
from aco_tui.quiz.statistics import ItemFigures, SessionFigures, analyse
from aco_tui.storage.records import Answer, Attempt

STALE_AFTER = timedelta(minutes=30)  # a running attempt with no answer for this long is "stale"
COUNTED = ("finished", "timed_out")
SESSION_KINDS = ("session", "live")  # attempts at a named session: taken alone, or in a live room
NO_ANSWER = "(no answer)"


@dataclass(frozen=True)
class TraineeRow:
    """One trainee: their latest attempt (live or not) and their best ended one."""

    trainee: str
    attempts: int
    latest: Attempt
    best: Attempt | None
    state: str  # finished, live, stale, abandoned, timed out

    @property
    def position(self) -> int | None:
        """The question a running attempt is on (1-based), else None."""
        if self.latest.status != "in_progress":
            return None
        return min(self.latest.answered + 1, self.latest.total)

    @property
    def passed(self) -> bool | None:
        return self.best.passed if self.best is not None else None


@dataclass(frozen=True)
class OptionCount:
    """How many counted attempts chose one option (or gave one answer); ``correct`` None: unknown."""

    answer: str
    count: int
    correct: bool | None


@dataclass(frozen=True)
class ItemRow:
    """One question of the analysed version, its figures and its response counts."""

    question: str
    text: str
    topic: str
    type: str
    figures: ItemFigures
    answered: int  # counted attempts that reached it
    options: tuple[OptionCount, ...]
    guess: float | None = None  # the chance a random answer is fully right (None: the question is unknown)

    @property
    def flag(self) -> bool:
        return self.figures.flag


@dataclass(frozen=True)
class TopicRow:
    """A topic's questions across the counted attempts: fully right answers out of questions asked."""

    topic: str
    right: int
    asked: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.right / self.asked if self.asked else None


@dataclass(frozen=True)
class Analysis:
    """The item analysis of one question-set version."""

    question_set: str
    attempts: tuple[Attempt, ...]  # the counted ones, oldest first
    items: tuple[ItemRow, ...]
    test: SessionFigures
    scores: tuple[float, ...]  # each counted attempt's percent, in the same order


@dataclass(frozen=True)
class CohortReport:
    """Everything the trainer sees about one session."""

    session: str
    title: str
    now: datetime
    trainees: tuple[TraineeRow, ...]
    topics: tuple[TopicRow, ...]
    analysis: Analysis | None  # the newest version; None when there are no attempts
    older: tuple[Analysis, ...]
    attempts: tuple[Attempt, ...]
    answers: Mapping[str, tuple[Answer, ...]]  # by attempt id, by position

    def answers_of(self, attempt_id: str) -> tuple[Answer, ...]:
        return self.answers.get(attempt_id, ())

    def item(self, question: str) -> ItemRow | None:
        if self.analysis is None:
            return None
        return next((row for row in self.analysis.items if row.question == question), None)


def aware(moment: datetime) -> datetime:
    """A naive time is taken as UTC (so that naive and aware times can be compared)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def answer_words(answer: Answer) -> str:
    """The answer given, in the bank's words whatever the shuffle: ``A | B`` (several options, or an
    order), ``left -> right | ...`` (pairs), ``True``/``False``, or the text typed."""
    given = answer.given
    if isinstance(given, list):
        return " | ".join(" -> ".join(map(str, g)) if isinstance(g, list) else str(g) for g in given)
    if given is None:
        return answer.given_text
    return str(given)


def attempt_percent(attempt: Attempt) -> float:
    """The attempt's percent: as recorded when it ended, else the score so far out of the total."""
    if attempt.percent is not None:
        return attempt.percent
    return 100.0 * attempt.score / attempt.total if attempt.total else 0.0


def status_of(attempt: Attempt, now: datetime, stale_after: timedelta = STALE_AFTER) -> str:
    """The attempt's status, with ``stale`` for one still in progress but silent for ``stale_after``."""
    if attempt.status == "in_progress" and aware(now) - aware(attempt.last_activity) > stale_after:
        return "stale"
    return attempt.status


def attempt_state(attempt: Attempt, now: datetime, stale_after: timedelta = STALE_AFTER) -> str:
    """The status in words: finished, timed out, abandoned, or, for a running attempt, live or stale."""
    status = status_of(attempt, now, stale_after)
    return "live" if status == "in_progress" else status.replace("_", " ")


def trainee_rows(
    attempts: Iterable[Attempt], now: datetime, stale_after: timedelta = STALE_AFTER
) -> tuple[TraineeRow, ...]:
    """One row per trainee, in the order they first started."""
    by_trainee: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in sorted(attempts, key=lambda a: aware(a.started)):
        by_trainee[attempt.trainee].append(attempt)
    rows = []
    for trainee, mine in by_trainee.items():
        ended = [a for a in mine if a.status in COUNTED]
        best = max(ended, key=attempt_percent) if ended else None  # max keeps the first of equals
        latest = mine[-1]
        rows.append(TraineeRow(trainee, len(mine), latest, best, attempt_state(latest, now, stale_after)))
    return tuple(rows)


def counted_attempts(attempts: Iterable[Attempt]) -> dict[str, list[Attempt]]:
    """Per question-set version, each trainee's first ended attempt (oldest first)."""
    chosen: dict[tuple[str, str], Attempt] = {}
    for attempt in sorted(attempts, key=lambda a: aware(a.started)):
        if attempt.status in COUNTED:
            chosen.setdefault((attempt.question_set, attempt.trainee), attempt)
    versions: dict[str, list[Attempt]] = defaultdict(list)
    for (version, _), attempt in chosen.items():
        versions[version].append(attempt)
    return versions


def _options(question: Question | None, qtype: str, given: list[Answer], missing: int) -> tuple[OptionCount, ...]:
    counts: Counter[str] = Counter()
    correct: dict[str, bool | None] = {}
    kind = kind_named(qtype)
    listing = kind is not None and kind.lists_options
    if question is not None and kind is not None and listing:
        for text, right in kind.listed_options(question):
            counts[text], correct[text] = 0, right
    for answer in given:
        chosen = kind.chosen_texts(answer.given) if kind is not None else None
        for text in [answer_words(answer)] if chosen is None else chosen:
            counts[text] += 1
            correct.setdefault(text, None if listing else answer.correct)
    rows = [OptionCount(text, count, correct[text]) for text, count in counts.items()]
    if not listing:
        rows.sort(key=lambda row: -row.count)  # distinct answers: the most given first
    if missing:
        rows.append(OptionCount(NO_ANSWER, missing, None))
    return tuple(rows)


def analyse_version(
    version: str,
    attempts: list[Attempt],
    answers: Mapping[str, tuple[Answer, ...]],
    questions: Mapping[str, Question],
    asked: Iterable[str] = (),
) -> Analysis:
    """The item analysis of the counted attempts at one question-set version.

    ``asked``: the version's questions in order, so that they are listed before anybody has finished.
    """
    order: dict[str, None] = dict.fromkeys(asked)
    for attempt in attempts:
        order.update(dict.fromkeys(attempt.questions))
    contains = {a.id: set(a.questions) for a in attempts}
    given = {a.id: {answer.question: answer for answer in answers.get(a.id, ())} for a in attempts}
    matrix = [
        [(1 if q in given[a.id] and given[a.id][q].correct else 0) if q in contains[a.id] else None for q in order]
        for a in attempts
    ]
    figures, test = analyse(matrix, len(order))
    items = []
    for qid, item in zip(order, figures, strict=True):
        containing = [a for a in attempts if qid in contains[a.id]]
        replies = [given[a.id][qid] for a in containing if qid in given[a.id]]
        question = questions.get(qid)
        kind = question.type if question else next((r.type for r in replies), "")
        topic = question.topic if question else next((r.topic for r in replies), "")
        definition = kind_named(kind)
        guess = definition.guess_score(question) if question is not None and definition is not None else None
        items.append(
            ItemRow(
                qid,
                question.question if question else "",
                topic,
                kind,
                item,
                len(replies),
                _options(question, kind, replies, len(containing) - len(replies)),
                guess,
            )
        )
    scores = tuple(100.0 * sum(x or 0 for x in row) / max(1, sum(x is not None for x in row)) for row in matrix)
    return Analysis(version, tuple(attempts), tuple(items), test, scores)


def topic_rows(analysis: Analysis | None) -> tuple[TopicRow, ...]:
    """Per topic (in the explainer's order, then any other): right answers out of questions asked."""
    if analysis is None:
        return ()
    right: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for item in analysis.items:
        if item.figures.n and item.figures.facility is not None:
            asked[item.topic] += item.figures.n
            right[item.topic] += round(item.figures.facility * item.figures.n)
    order = [t for t in TOPICS if t in asked] + sorted(t for t in asked if t not in TOPICS)
    return tuple(TopicRow(topic, right[topic], asked[topic]) for topic in order)


def histogram(scores: Iterable[float], bins: int = 10) -> list[int]:
    """How many scores fall in each of ``bins`` equal bands of 0-100% (100% goes in the last)."""
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score * bins // 100)))] += 1
    return counts


def build_report(
    session: str,
    attempts: Iterable[Attempt],
    answers: Iterable[Answer],
    questions: Mapping[str, Question] | None = None,
    title: str = "",
    now: datetime | None = None,
    stale_after: timedelta = STALE_AFTER,
    previous: CohortReport | None = None,
) -> CohortReport:
    """The cohort report of one named session from its attempts and their answers.

    Args:
        session: the session's name; attempts of other sessions or kinds are left out.
        attempts: attempts (any order).
        answers: the answers of those attempts.
        questions: the bank's questions by id, for texts and options (missing ones: ids only).
        title: the session's title.
        now: the time to judge live and stale attempts by (default: now).
        stale_after: how long a running attempt may go without an answer before it is "stale".
        previous: the last report of the same session (a live view's): its item analysis is reused
            when the counted attempts are the same, as they are while trainees are still answering.
    """
    now = now or datetime.now(UTC)
    questions = questions or {}
    mine = sorted(
        (a for a in attempts if a.session == session and a.kind in SESSION_KINDS), key=lambda a: aware(a.started)
    )
    by_attempt: dict[str, list[Answer]] = defaultdict(list)
    ids = {a.id for a in mine}
    for answer in answers:
        if answer.attempt in ids:
            by_attempt[answer.attempt].append(answer)
    grouped = {key: tuple(sorted(rows, key=lambda r: r.position)) for key, rows in by_attempt.items()}
    versions = counted_attempts(mine)
    newest = mine[-1].question_set if mine else None
    title = title or (mine[-1].title if mine else session)
    trainees = trainee_rows(mine, now, stale_after)
    if previous is not None and previous.session == session and _same_counted(previous, versions, newest):
        return CohortReport(
            session, title, now, trainees, previous.topics, previous.analysis, previous.older, tuple(mine), grouped
        )
    asked = {a.question_set: a.questions for a in mine}  # each version's questions, as its latest attempt has them
    analyses = {v: analyse_version(v, rows, grouped, questions, asked[v]) for v, rows in versions.items()}
    if newest is not None and newest not in analyses:
        analyses[newest] = analyse_version(newest, [], grouped, questions, asked[newest])
    current = analyses.pop(newest) if newest is not None else None
    return CohortReport(
        session, title, now, trainees, topic_rows(current), current, tuple(analyses.values()), tuple(mine), grouped
    )


def _same_counted(previous: CohortReport, versions: Mapping[str, list[Attempt]], newest: str | None) -> bool:
    """Whether ``previous`` analysed exactly these counted attempts (an ended attempt's answers do
    not change without its record changing, so equal records mean equal figures)."""
    if previous.analysis is None or previous.analysis.question_set != newest:
        return False
    before = {a.question_set: list(a.attempts) for a in (previous.analysis, *previous.older) if a.attempts}
    return before == {v: rows for v, rows in versions.items() if rows}
