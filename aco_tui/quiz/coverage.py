"""Which content sections the question bank checks.

A question names the sections it checks as ``"pane#slug"`` links (the pane's id, ``#``, the heading's
anchor, as the reader and search name a section). The *teaching sections* are the sections with body
text in the four teaching panes; the bank's coverage is the share of them that at least one question
names. ``aco-tui check`` fails below :data:`MIN_COVERAGE`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from aco_tui.knowledge.content import Content, Section
from aco_tui.knowledge.topics import TEACHING_PANES
from aco_tui.quiz.model import Question

MIN_COVERAGE = 0.9


def section_link(section: Section) -> str:
    """``"pane#slug"`` for a section of a pane."""
    return f"{section.doc_id}#{section.id}"


def linkable_sections(content: Content) -> dict[str, Section]:
    """Every section of every reading pane (timeline included), by its link, in reading order."""
    return {section_link(s): s for document in content.panes for s in document.sections}


def teaching_sections(content: Content, panes: Iterable[str] = TEACHING_PANES) -> list[Section]:
    """The sections with body text of ``panes`` (the four teaching panes), in reading order."""
    wanted = set(panes)
    return [s for document in content.panes if document.id in wanted for s in document.sections if s.plain.strip()]


def questions_by_section(questions: Iterable[Question]) -> dict[str, list[Question]]:
    """The questions naming each section link, in the order given."""
    by_link: dict[str, list[Question]] = {}
    for question in questions:
        for link in question.sections:
            by_link.setdefault(link, []).append(question)
    return by_link


@dataclass(frozen=True)
class Coverage:
    """The teaching sections' links, and those no question names."""

    teaching: tuple[str, ...]
    uncovered: tuple[str, ...]

    @property
    def fraction(self) -> float:
        """The share of teaching sections with a question, rounded to 3 places (1.0 when there are none)."""
        if not self.teaching:
            return 1.0
        return round((len(self.teaching) - len(self.uncovered)) / len(self.teaching), 3)


def coverage(content: Content, questions: Iterable[Question]) -> Coverage:
    """How many of the content's teaching sections the given questions name."""
    named = questions_by_section(questions)
    teaching = tuple(section_link(s) for s in teaching_sections(content))
    return Coverage(teaching, tuple(link for link in teaching if link not in named))
