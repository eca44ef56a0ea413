"""Messages that widgets post up to the screen, which decides what to open."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CitationRequested(Message):
    """Show the excerpt ``excerpt_ids[index]``, with the others one key away."""

    excerpt_ids: list[str]
    index: int = 0


@dataclass
class TermRequested(Message):
    """Show the glossary definition of ``term_id``."""

    term_id: str


@dataclass
class SectionShown(Message):
    """A pane now shows ``section_id`` (None for panes without sections)."""

    pane_id: str
    section_id: str | None
