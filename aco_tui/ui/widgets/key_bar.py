"""The footer: the keys that work now, drawn by one widget.

It shows what Textual's ``Footer`` shows (every active binding with ``show=True``, one key per
action, the command palette key at the right end) from the same source, the screen's
``active_bindings``, and is redrawn whenever the screen announces that they changed. Textual's
Footer builds a widget per key and rebuilds them all on every focus move; measured headless,
its eight keys cost about a tenth of aco-tui's time to first paint, this one line about 1 ms.
Clicking a key presses it, as in Textual's Footer. When the line is too narrow, the keys that
matter least go first (:func:`aco_tui.ui.commands.footer_rank`): ``? Help`` and ``q Quit`` stay.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from rich.style import Style
from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget

from aco_tui.ui.commands import Rank, footer_rank


class ShownKey(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool
    rank: int = Rank.NORMAL


class KeyBar(Widget):
    """One line of keys: key in the key style, then its description."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled", "key-bar--separator"}

    # Coloured like Textual's Footer.
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--disabled {
        text-style: dim;
    }
    KeyBar > .key-bar--separator {
        color: $foreground 20%;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.auto_links = False  # keys are clickable but are not links
        self.keys: tuple[ShownKey, ...] = ()
        self.palette_key: ShownKey | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        keys, palette = self._collect(screen)
        if (keys, palette) != (self.keys, self.palette_key):
            self.keys, self.palette_key = keys, palette
            self.refresh()

    def _collect(self, screen: Screen[Any]) -> tuple[tuple[ShownKey, ...], ShownKey | None]:
        app = self.app
        seen_actions: set[tuple[int, str]] = set()
        keys = []
        palette = None
        for key, (node, binding, enabled, _tooltip) in screen.active_bindings.items():
            if key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = ShownKey(key, app.get_key_display(binding), binding.description, enabled, Rank.HIGH)
                continue
            if not binding.show or (id(node), binding.action) in seen_actions:
                continue
            seen_actions.add((id(node), binding.action))
            keys.append(
                ShownKey(key, app.get_key_display(binding), binding.description, enabled, footer_rank(binding.id))
            )
        return tuple(keys), palette

    def _label(self, shown: ShownKey) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        label = Text.assemble((f" {shown.display} ", key_style), (f"{shown.description} ", description_style))
        if not shown.description:
            label = Text(f" {shown.display} ", key_style)
        if not shown.enabled:
            label.stylize(self.get_component_rich_style("key-bar--disabled", partial=True))
        label.stylize(Style.from_meta({"@click": ("press", (shown.key,))}))
        return label

    def action_press(self, key: str) -> None:
        """Run by a click on a key: press it."""
        self.app.simulate_key(key)

    def fitted(self, width: int) -> tuple[list[ShownKey], bool]:
        """The keys that fit in ``width`` cells, and whether the palette key does: while the line is
        too long, the key of lowest rank goes (the rightmost of equal rank), then the palette key."""
        keys = list(self.keys)
        palette = self.palette_key is not None
        while True:
            used = sum(self._label(k).cell_len for k in keys)
            if palette and self.palette_key is not None:
                used += 1 + self._label(self.palette_key).cell_len
            if used <= width:
                return keys, palette
            droppable = [n for n, k in enumerate(keys) if k.rank < Rank.ALWAYS]
            lowest = min((keys[n].rank for n in droppable), default=None)
            if palette and (lowest is None or lowest >= Rank.HIGH):
                palette = False
            elif lowest is not None:
                keys.pop(max(n for n in droppable if keys[n].rank == lowest))
            else:
                return keys, palette

    def render(self) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        keys, with_palette = self.fitted(self.size.width)
        for shown in keys:
            line.append_text(self._label(shown))
        if with_palette and self.palette_key is not None:
            palette = Text.assemble(
                ("\u258f", self.get_component_rich_style("key-bar--separator", partial=True)),
                self._label(self.palette_key),
            )
            gap = self.size.width - line.cell_len - palette.cell_len
            if gap >= 0:
                line.append(" " * gap)
                line.append_text(palette)
        return line
