"""What the main screen asks of a pane: written down as protocols instead of ``hasattr`` probes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from aco_tui.knowledge.content import Section


@runtime_checkable
class CitingPane(Protocol):
    """A pane whose text cites excerpts: ``c`` lists ``citations``, ``g`` the terms of ``section``.

    The quiz pane is one (its feedback cites excerpts) without having sections.
    """

    citations: list[str]

    @property
    def section(self) -> Section | None:
        """The section in view, if the pane shows one."""
        ...


@runtime_checkable
class SectionPane(CitingPane, Protocol):
    """A pane that shows one section at a time (a document, the timeline): history goes to its sections."""

    async def show_section(self, section_id: str, *, announce: bool = True) -> bool:
        """Show ``section_id``; False if the pane has no such section. ``announce``: post SectionShown."""
        ...

    def step_section(self, delta: int) -> bool | None:
        """Show the next (+1) or previous (-1) section; False at either end of the pane."""
        ...
