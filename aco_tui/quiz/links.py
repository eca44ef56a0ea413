"""Which explainer section teaches a quiz question: the link from a missed question to its reading.

A question may name its sections (``sections = ["concepts#slug"]``, planned for the bank); until it
does, the section is found from the excerpts the question cites: among the sections of the reading
panes that cite its first excerpt (then the next, if none does), the one in the question's own
topic that cites the most of its excerpts, earliest in reading order. Plain data, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

from aco_tui.knowledge.content import Content, Section
from aco_tui.knowledge.topics import TOPICS, topic_label
from aco_tui.quiz.model import Question


@dataclass(frozen=True)
class SectionTarget:
    """A section of a reading pane, as a place to go and as words to show."""

    pane: str
    section: str
    title: str

    @property
    def label(self) -> str:
        return f"{topic_label(self.pane)} \u203a {self.title}"


def _readable_sections(content: Content) -> list[Section]:
    """Every section a reading pane can show, in reading order (the timeline shows only its events)."""
    events = {event.section.id for event in content.timeline}
    sections = []
    for pane in TOPICS:
        document = content.documents.get(pane)
        if document is not None:
            sections += [s for s in document.sections if pane != "timeline" or s.id in events]
    return sections


def _named(question: Question, content: Content) -> SectionTarget | None:
    for name in getattr(question, "sections", ()) or ():
        pane, _, anchor = str(name).partition("#")
        document = content.documents.get(pane)
        section = document.section(anchor) if document is not None and pane in TOPICS else None
        if section is not None:
            return SectionTarget(pane, section.id, section.title)
    return None


def teaching_section(question: Question, content: Content) -> SectionTarget | None:
    """The section to read for ``question`` (None when no reading section cites its excerpts)."""
    named = _named(question, content)
    if named is not None:
        return named
    sections = _readable_sections(content)
    cited = {id(s): set(s.citations) for s in sections}
    wanted = set(question.excerpts)
    for excerpt in question.excerpts:
        citing = [s for s in sections if excerpt in cited[id(s)]]
        if citing:
            best = min(
                citing, key=lambda s: (s.doc_id != question.topic, -len(wanted & cited[id(s)]), sections.index(s))
            )
            return SectionTarget(best.doc_id, best.id, best.title)
    return None
