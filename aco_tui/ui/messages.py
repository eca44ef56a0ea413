"""Messages that widgets, the palette and the app post to the main screen, which owns navigation
(and the one it posts up to the app: :class:`LocationChanged`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget

from aco_tui.navigation import Place

if TYPE_CHECKING:
    from aco_tui.search.hit import SearchHit


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
class LocationRequested(Message):
    """Go to ``location`` (a pane, and a section of it), closing any dialog over the main screen."""

    location: Place


@dataclass
class LocationChanged(Message):
    """The main screen now shows ``location``: the app saves it as the reader's place."""

    location: Place


@dataclass
class SectionShown(Message):
    """A pane now shows ``section_id`` (None for panes without sections). ``jump`` is False for a
    step to the next or previous section (or the next match found), which history does not record."""

    pane_id: str
    section_id: str | None
    jump: bool = True


@dataclass
class LearnRequested(Message):
    """Open the learning path of ``pane``."""

    pane: str
    restart: bool = False


class ProgressRequested(Message):
    """Show the trainee's progress."""


def request_for(hit: SearchHit) -> Message:
    """The request that opens a search hit where it lives: its heading, glossary entry or excerpt."""
    where = hit.location
    if where[0] == "section":
        return LocationRequested(Place(where[1], where[2]))
    if where[0] == "term":
        return TermRequested(where[1])
    return CitationRequested([where[1]])


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
