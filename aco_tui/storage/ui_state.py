"""What the app remembers between runs (last pane and heading), per trainee profile."""

from __future__ import annotations

from dataclasses import dataclass

from aco_tui.storage.userdata import UserData

TABLE = "ui_state"


@dataclass(frozen=True)
class Location:
    """Where a reader is: a pane and, for content panes, a section anchor."""

    pane: str
    section: str | None = None


def load_location(data: UserData, profile: str) -> Location | None:
    """The last saved location of ``profile``, if any (a damaged file is moved aside by UserData)."""
    for doc in data.table(TABLE):
        if doc.get("profile") == profile and isinstance(doc.get("pane"), str):
            section = doc.get("section")
            return Location(doc["pane"], section if isinstance(section, str) else None)
    return None


def save_location(data: UserData, profile: str, location: Location) -> None:
    """Remember ``location`` for ``profile`` (one document per profile)."""
    from tinydb import Query

    with data.transaction() as db:
        db.table(TABLE).upsert({"profile": profile, "pane": location.pane, "section": location.section},
                               Query().profile == profile)
