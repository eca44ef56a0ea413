"""A one-line choice among a few values (timeline year and topic, quiz level and length).

Textual's ``Select`` builds five widgets and a hidden overlay list; two of them cost a pane's first
visit about 25 ms. This is one widget: it shows ``Label: value ▾``; left and right step through the
values, Enter, Space or a click opens the list in a small dialog (``screens/pickers.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

ValueType = TypeVar("ValueType")


class Chooser(Widget, Generic[ValueType], can_focus=True):
    """``label: value ▾``; announces :class:`Chooser.Changed` when the reader picks another value."""

    BINDINGS = [
        Binding("enter,space", "open", "Choose", id="chooser.open"),
        Binding("left", "step(-1)", "Previous value", show=False),
        Binding("right", "step(1)", "Next value", show=False),
    ]
    COMPONENT_CLASSES = {"chooser--label", "chooser--arrow"}

    DEFAULT_CSS = """
    Chooser {
        height: 1;
    }
    """

    @dataclass
    class Changed(Message):
        """The reader chose ``value``."""

        chooser: Chooser
        value: object

        @property
        def control(self) -> Chooser:
            return self.chooser

    def __init__(self, label: str, options: list[tuple[str, ValueType]], value: ValueType, *,
                 id: str | None = None) -> None:
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

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(f"{self.label}: ", self.get_component_rich_style("chooser--label", partial=True))
        text.append(self.value_label)
        text.append(" \u25be", self.get_component_rich_style("chooser--arrow", partial=True))
        return text

    def _choose(self, index: int | None) -> None:
        if index is None or index == self._index or not 0 <= index < len(self.options):
            return
        self._index = index
        self.refresh()
        self.post_message(self.Changed(self, self.value))

    def action_step(self, delta: int) -> None:
        self._choose((self._index + delta) % len(self.options))

    def action_open(self) -> None:
        from aco_tui.ui.screens.pickers import ChoiceScreen

        labels = [Text(label) for label, _ in self.options]
        self.app.push_screen(ChoiceScreen(self.label, labels, current=self._index), self._choose)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()
