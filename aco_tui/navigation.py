"""Where a reader can be: a place in the panes (what the app shows, and what is saved per profile)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """Where a reader was: a pane and, for a content pane, a section anchor."""

    pane: str
    section: str | None = None
