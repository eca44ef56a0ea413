"""Where a reader can be: the panes, in tab order, and a place in them.

:data:`PANES` is the one list of panes. The tab bar, the keys 1-7, the palette, the help screen, the
topics that excerpts and questions are filed under (:mod:`aco_tui.knowledge.topics`), ``aco-tui
read`` and ``aco-tui learn`` and the saved place all read it: adding a pane means adding a line
here (and its content file, for a document pane).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Place:
    """Where a reader was: a pane and, for a content pane, a section anchor."""

    pane: str
    section: str | None = None


class PaneKind(StrEnum):
    """What a pane shows, which decides the widget that shows it (``ui/screens/main.py``)."""

    DOCUMENT = "document"  # a content file, section by section (content/<id>.md)
    TIMELINE = "timeline"  # the dated events of content/timeline.md
    SOURCES = "sources"  # the excerpt store, source by source
    QUIZ = "quiz"  # the question bank (only when there is one)


@dataclass(frozen=True)
class PaneSpec:
    """A pane: its id (also its content file and topic), tab label, key and what it shows.

    Attributes:
        id: the pane's id: the name of its content file and, if ``topic``, of its topic.
        label: the tab label ("Contract models").
        key: the key that shows it ("2").
        short: a shorter tab label for narrow terminals ("Contracts"); empty: the label.
        kind: what it shows.
        topic: excerpts, questions and search filters are filed under this pane's id.
        teaches: it teaches section by section: it has a learning path (``aco-tui learn``).
        quote_voices: quotations carry the speaker's voice (the commentary).
    """

    id: str
    label: str
    key: str
    short: str = ""
    kind: PaneKind = PaneKind.DOCUMENT
    topic: bool = True
    teaches: bool = True
    quote_voices: bool = False

    def tab_label(self, wide: bool) -> str:
        """ "2 Contract models" on a wide terminal, "2 Contracts" on a narrow one."""
        return f"{self.key} {self.label if wide or not self.short else self.short}"


PANES: tuple[PaneSpec, ...] = (
    PaneSpec("concepts", "Concepts", "1"),
    PaneSpec("contract-models", "Contract models", "2", "Contracts"),
    PaneSpec("legal-challenges", "Legal challenges", "3", "Legal"),
    PaneSpec("commentary", "Commentary", "4", quote_voices=True),
    PaneSpec("timeline", "Timeline", "5", kind=PaneKind.TIMELINE, teaches=False),
    PaneSpec("sources", "Sources", "6", kind=PaneKind.SOURCES, topic=False, teaches=False),
    PaneSpec("quiz", "Quiz", "7", kind=PaneKind.QUIZ, topic=False, teaches=False),
)

TOPICS: tuple[str, ...] = tuple(p.id for p in PANES if p.topic)
"""The topics excerpts and questions are filed under: the reading panes, in order."""

TEACHING_PANES: tuple[str, ...] = tuple(p.id for p in PANES if p.teaches)
"""The panes with a learning path (the timeline is a list of events, not sections to learn)."""


def pane_spec(pane_id: str) -> PaneSpec | None:
    """The pane called ``pane_id``, if there is one."""
    return next((p for p in PANES if p.id == pane_id), None)
