"""Messages that widgets post up to the screen, which decides what to open."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget


@dataclass
class CitationRequested(Message):
    """Show the excerpt ``excerpt_ids[index]``, with the others one key away."""

    excerpt_ids: list[str]
    index: int = 0


@dataclass
class TermRequested(Message):
    """Show the glossary definition of ``term_id``."""

    term_id: str


class DataNoticesPending(Message):
    """User data may have something to tell the reader (a damaged file moved aside...); the app says it."""


@dataclass
class SectionRequested(Message):
    """Show ``section_id`` of the pane ``pane_id`` (a link from elsewhere in the app, kept in the history)."""

    pane_id: str
    section_id: str


class LeaveRequested(Message):
    """Leave the pane in view (it keeps its state) for the one shown before it."""


@dataclass
class SectionShown(Message):
    """A pane now shows ``section_id`` (None for panes without sections)."""

    pane_id: str
    section_id: str | None


def follow_link(widget: Widget, href: str, citations: list[str]) -> None:
    """Turn a clicked Markdown link into a request: ``cite:`` and ``term:`` links stay in the app,
    anything else is refused (links never open a browser on the host)."""
    scheme, _, target = href.partition(":")
    if scheme == "cite" and target in citations:
        widget.post_message(CitationRequested(list(citations), citations.index(target)))
    elif scheme == "term":
        widget.post_message(TermRequested(target))
    else:
        widget.notify("Links to other sites are not opened from here.", severity="warning")
