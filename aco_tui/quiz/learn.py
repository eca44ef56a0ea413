"""The learning path of a reading pane: retrieval practice joined to the reading.

A short pretest (not scored) primes what is coming; then each teaching section is read and checked
with one question, with immediate feedback; then a posttest of *different* questions on the same
sections. A posttest of at least :data:`MASTERY` masters the pane (mastery learning: a fixed
standard, time allowed to vary); below it the sections missed are read again and a retest drawn
from other questions on them follows, as many rounds as it takes.

The path is pure logic over plain data: :class:`LearnPath` keeps its state as a JSON-able dict, which
the progress database stores (``save_learning``), so a trainee resumes exactly where they stopped.
Questions belong to sections through their ``sections`` field (``"pane#slug"``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from aco_tui.knowledge.content import Content, Section
from aco_tui.quiz.coverage import questions_by_section, section_link, teaching_sections
from aco_tui.quiz.model import Bank
from aco_tui.storage.progress import ProgressStore

MASTERY = 0.8
PRETEST_MIN, PRETEST_MAX = 2, 4
STATE_VERSION = 1
STEP_KINDS = ("pretest", "read", "check", "posttest", "retest", "done")


def pane_sections(content: Content, pane: str) -> list[Section]:
    """The sections of ``pane`` that teach something (with body text), in reading order."""
    return teaching_sections(content, (pane,))


def question_ids_by_section(bank: Bank) -> dict[str, list[str]]:
    """Question ids per section link, in bank order."""
    return {
        link: [q.id for q in questions] for link, questions in questions_by_section(bank.questions.values()).items()
    }


@dataclass(frozen=True)
class Step:
    """One step of a path: read a section, or answer some questions (``kind`` in :data:`STEP_KINDS`)."""

    kind: str
    section: str | None = None
    questions: tuple[str, ...] = ()

    @property
    def asks(self) -> bool:
        return bool(self.questions)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "section": self.section, "questions": list(self.questions)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Step:
        return cls(str(data["kind"]), data.get("section"), tuple(str(q) for q in data.get("questions", ())))


class LearnPath:
    """Where one trainee is in the path of one pane, and what comes next.

    Drive it like this (plain mode and the app do exactly this)::

        path = LearnPath.resume(state, pane, bank, content) or LearnPath.start(pane, bank, content, seed)
        while not path.finished:
            step = path.current
            ...  # show step.section to read, or ask step.questions (a QuizRun)
            path.complete(results)  # one bool per question asked, [] for a reading step
            save(path.state)
    """

    def __init__(self, state: dict[str, Any], bank: Bank) -> None:
        self.state = state
        self.bank = bank

    # -- building ------------------------------------------------------------------------------
    @classmethod
    def start(cls, pane: str, bank: Bank, content: Content, seed: int | None = None) -> LearnPath:
        """A new path through ``pane``.

        Raises:
            ValueError: the pane has no section with a question (nothing to learn here yet).
        """
        seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        rng = random.Random(seed)
        by_section = question_ids_by_section(bank)
        sections = [section_link(s) for s in pane_sections(content, pane) if by_section.get(section_link(s))]
        if not sections:
            raise ValueError(f"no section of {pane!r} has a question yet")
        checks: dict[str, str] = {}
        for section in sections:
            unused = [q for q in by_section[section] if q not in checks.values()] or by_section[section]
            checks[section] = rng.choice(unused)
        pool = sorted({q for s in sections for q in by_section[s]} - set(checks.values()))
        size = min(len(pool), max(PRETEST_MIN, min(PRETEST_MAX, len(sections) // 2)))
        pretest = rng.sample(pool, size) if pool else []
        posttest = _one_per_section(
            sections, by_section, avoid=set(checks.values()) | set(pretest), fallback=set(checks.values()), rng=rng
        )
        steps = [Step("pretest", questions=tuple(pretest))] if pretest else []
        for section in sections:
            steps += [Step("read", section), Step("check", section, (checks[section],))]
        steps.append(Step("posttest", questions=tuple(posttest)))
        state = {
            "v": STATE_VERSION,
            "pane": pane,
            "seed": seed,
            "sections": sections,
            "steps": [s.as_dict() for s in steps],
            "position": 0,
            "results": [],
            "mastery": None,
            "mastered": False,
            "rounds": 0,
            "used": sorted(set(pretest) | set(posttest) | set(checks.values())),
        }
        return cls(state, bank)

    @classmethod
    def resume(cls, state: dict[str, Any] | None, bank: Bank) -> LearnPath | None:
        """The saved path, or None when there is none or it no longer fits the bank (then start anew)."""
        if not state or state.get("v") != STATE_VERSION:
            return None
        try:
            steps = [Step.from_dict(s) for s in state["steps"]]
        except (KeyError, TypeError):
            return None
        if any(q not in bank.questions for step in steps for q in step.questions):
            return None
        return cls(state, bank)

    # -- state ---------------------------------------------------------------------------------
    @property
    def pane(self) -> str:
        return str(self.state["pane"])

    @property
    def sections(self) -> list[str]:
        return list(self.state["sections"])

    @property
    def steps(self) -> list[Step]:
        return [Step.from_dict(s) for s in self.state["steps"]]

    @property
    def position(self) -> int:
        return int(self.state["position"])

    @property
    def current(self) -> Step:
        steps = self.steps
        return steps[self.position] if self.position < len(steps) else Step("done")

    @property
    def finished(self) -> bool:
        return self.current.kind == "done"

    @property
    def mastered(self) -> bool:
        return bool(self.state["mastered"])

    @property
    def mastery(self) -> float | None:
        """The share of the path's sections whose latest test question was answered right (0..1),
        None before the posttest."""
        value = self.state.get("mastery")
        return None if value is None else float(value)

    def results(self, kind: str) -> list[list[bool]]:
        """The results of every completed step of ``kind``, in order."""
        return [r["correct"] for r in self.state["results"] if r["kind"] == kind]

    def check_results(self) -> dict[str, bool]:
        """Each checked section and whether its check question was answered right."""
        return {r["section"]: r["correct"][0] for r in self.state["results"] if r["kind"] == "check" and r["correct"]}

    # -- moving on -----------------------------------------------------------------------------
    def complete(self, correct: list[bool]) -> None:
        """Finish the current step (``correct``: one entry per question asked, [] for reading)
        and plan what follows a posttest or a retest.

        Raises:
            ValueError: the path is finished, or the results do not match the step's questions.
        """
        step = self.current
        if step.kind == "done":
            raise ValueError("this learning path is finished")
        if len(correct) != len(step.questions):
            raise ValueError(f"expected {len(step.questions)} result(s), got {len(correct)}")
        self.state["results"].append(
            {
                "kind": step.kind,
                "section": step.section,
                "questions": list(step.questions),
                "correct": [bool(c) for c in correct],
            }
        )
        self.state["position"] = self.position + 1
        if step.kind in ("posttest", "retest"):
            self._after_test(step, correct)

    def _after_test(self, step: Step, correct: list[bool]) -> None:
        score = sum(correct) / len(correct) if correct else 1.0
        latest = self._latest_by_section()
        self.state["mastery"] = round(sum(latest.get(s, False) for s in self.sections) / len(self.sections), 3)
        if score >= MASTERY:
            self.state["mastered"] = True
            return
        by_section = question_ids_by_section(self.bank)
        missed = [s for s in self.sections if latest.get(s) is False]
        if not missed:  # a test too small to say which: go over every section again
            missed = self.sections
        rng = random.Random(f"{self.state['seed']}:{self.state['rounds']}")
        used = set(self.state["used"])
        retest = _one_per_section(
            missed, by_section, avoid=used | set(step.questions), fallback=set(step.questions), rng=rng
        )
        self.state["used"] = sorted(used | set(retest))
        self.state["rounds"] = int(self.state["rounds"]) + 1
        self.state["steps"] += [Step("read", s).as_dict() for s in missed]
        self.state["steps"].append(Step("retest", questions=tuple(retest)).as_dict())

    def _latest_by_section(self) -> dict[str, bool]:
        """For each section, whether its most recent posttest or retest question was right."""
        latest: dict[str, bool] = {}
        for result in self.state["results"]:
            if result["kind"] not in ("posttest", "retest"):
                continue
            for question, right in zip(result["questions"], result["correct"], strict=True):
                for section in self.bank.questions[question].sections if question in self.bank.questions else ():
                    if section in self.sections:
                        latest[section] = right
        return latest


def open_path(
    progress: ProgressStore | None, bank: Bank, content: Content, trainee: str, pane: str, restart: bool = False
) -> tuple[LearnPath, bool]:
    """The trainee's unfinished path through ``pane`` and True, or a new one and False.

    Raises:
        ValueError: the pane has no section with a question.
    """
    saved = None if restart or progress is None else progress.load_learning(trainee, pane)
    path = LearnPath.resume(saved, bank)
    if path is not None and not path.finished:
        return path, True
    return LearnPath.start(pane, bank, content), False


def save_path(progress: ProgressStore | None, trainee: str, path: LearnPath, now: datetime) -> None:
    """Remember the path's state (nothing without a progress database)."""
    if progress is not None:
        progress.save_learning(trainee, path.pane, path.state, now)


def _one_per_section(
    sections: list[str], by_section: dict[str, list[str]], avoid: set[str], fallback: set[str], rng: random.Random
) -> list[str]:
    """One question per section, avoiding ``avoid`` where the section has another, else any not in
    ``fallback``... else any: so every section is tested even when it has a single question."""
    chosen: list[str] = []
    for section in sections:
        candidates = by_section.get(section, [])
        for allowed in (
            [q for q in candidates if q not in avoid and q not in chosen],
            [q for q in candidates if q not in fallback and q not in chosen],
            [q for q in candidates if q not in chosen],
            candidates,
        ):
            if allowed:
                chosen.append(rng.choice(allowed))
                break
    return list(dict.fromkeys(chosen))
