"""A ``Static`` whose Rich renderable (a group of text and tables) is rendered once per layout.

Textual shows a Rich renderable other than ``Text`` through a ``RichVisual``, which renders it in
full twice when the widget is laid out: once to count its lines (``get_height``) and once to draw
them. A quiz feedback page is such a group, shown at every answer: profiled, measuring its height
was about a sixth of a step's CPU. Here the lines drawn are kept (for the width and style they were
drawn at) and the height is their number, so one render serves both.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.protocol import rich_cast
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual, Visual
from textual.widgets import Static


class _DrawnOnce(RichVisual):
    """A :class:`RichVisual` that keeps the strips of its last render and counts them for its height."""

    def __init__(self, widget: Static, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._drawn: tuple[int, Style, list[Strip]] | None = None

    def _strips(self, width: int, style: Style, options: RenderOptions) -> list[Strip]:
        drawn = self._drawn
        if drawn is None or drawn[0] != width or drawn[1] != style:
            drawn = self._drawn = (width, style, super().render_strips(width, None, style, options))
        return drawn[2]

    def get_height(self, rules: RulesMap, width: int) -> int:
        widget = self._widget
        options = RenderOptions(widget._get_style, widget.styles)  # type: ignore[arg-type] # as Visual.to_strips passes them
        return len(self._strips(width, widget.visual_style, options))

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        strips = self._strips(width, style, options)
        return strips if height is None else strips[:height]


class RichStatic(Static):
    """:class:`Static` for a Rich renderable drawn once per layout (see the module)."""

    _drawn_once: tuple[Visual, Visual] | None = None  # (Textual's visual, the one drawn once)

    @property
    def visual(self) -> Visual:
        visual = super().visual
        if type(visual) is not RichVisual:  # text (already cheap: Textual's own Content) or another visual
            return visual
        if self._drawn_once is None or self._drawn_once[0] is not visual:
            self._drawn_once = (visual, _DrawnOnce(self, rich_cast(self.content)))
        return self._drawn_once[1]
