"""A one-line choice among a few values (timeline year and topic, quiz level and length).

Textual's ``Select`` builds five widgets and a hidden overlay list; two of them cost a pane's first
visit about 25 ms. This is one widget: it shows ``Label: value ▾``; left and right step through the
values. Enter, Space or a click asks for the whole list (:class:`Chooser.ListRequested`): the screen
that owns the chooser shows it (the main screen uses a small dialog, ``screens/pickers.py``) and
calls :meth:`Chooser.choose` with the pick, so the widget never opens a screen itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

ValueType = TypeVar("ValueType")


class Chooser(Widget, Generic[ValueType], can_focus=True):
    """``label: value ▾``; announces :class:`Chooser.Changed` when the reader picks another value,
    and posts :class:`Chooser.ListRequested` when the reader asks to see every value."""

    BINDINGS = [
        Binding("enter,space", "open", "Choose", id="chooser.open"),
        Binding("left", "step(-1)", "Previous value", show=False),
        Binding("right", "step(1)", "Next value", show=False),
    ]
    COMPONENT_CLASSES = {"chooser--label", "chooser--arrow"}

    DEFAULT_CSS = """
    Chooser {
        height: 1;
        padding: 0 1;
        background: $surface;
    }
    Chooser:focus {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    Chooser > .chooser--label {
        color: $text-muted;
    }
    Chooser:focus > .chooser--label {
        color: $block-cursor-foreground;
    }
    Chooser > .chooser--arrow {
        color: $text-accent;
    }
    """

    @dataclass
    class Changed(Message):
        """The reader chose ``value``."""

        chooser: Chooser[Any]
        value: object

        @property
        def control(self) -> Chooser[Any]:
            return self.chooser

    @dataclass
    class ListRequested(Message):
        """The reader asked to see every value: show ``chooser.option_labels`` with ``chooser.index``
        highlighted, then call ``chooser.choose`` with the index picked (None: nothing picked)."""

        chooser: Chooser[Any]

        @property
        def control(self) -> Chooser[Any]:
            return self.chooser

    def __init__(
        self, label: str, options: list[tuple[str, ValueType]], value: ValueType, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        if not options:
            raise ValueError("a Chooser needs at least one option")
        self.label = label
        self.options = list(options)
        self._index = self._index_of(value)

    def _index_of(self, value: ValueType) -> int:
        for index, (_, option) in enumerate(self.options):
            if option == value:
                return index
        raise ValueError(f"{value!r} is not one of the options")

    @property
    def value(self) -> ValueType:
        return self.options[self._index][1]

    @value.setter
    def value(self, value: ValueType) -> None:
        """Show ``value`` without announcing it (the caller already knows)."""
        self._index = self._index_of(value)
        self.refresh()

    @property
    def value_label(self) -> str:
        return self.options[self._index][0]

    @property
    def option_labels(self) -> list[str]:
        """The label of every value, in order."""
        return [label for label, _ in self.options]

    @property
    def index(self) -> int:
        """The position of the value shown among the options."""
        return self._index

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f"{self.label}: ", self.get_component_rich_style("chooser--label", partial=True))
        text.append(self.value_label)
        text.append(" \u25be", self.get_component_rich_style("chooser--arrow", partial=True))
        return text

    def choose(self, index: int | None) -> None:
        """Show the value at ``index`` and announce it if it changed (None or out of range: no change)."""
        if index is None or index == self._index or not 0 <= index < len(self.options):
            return
        self._index = index
        self.refresh()
        self.post_message(self.Changed(self, self.value))

    def action_step(self, delta: int) -> None:
        self.choose((self._index + delta) % len(self.options))

    def action_open(self) -> None:
        self.post_message(self.ListRequested(self))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()
