"""The row of pane tabs, drawn by one widget.

Textual's ``Tabs`` builds a widget per tab plus an animated underline; measured headless, its
seven tabs cost about an eighth of aco-tui's time to first paint. This bar draws the labels and
the underline itself (two lines), and behaves like ``Tabs`` where it matters: focusable, left and
right move between panes, a click picks one, and it announces the choice with a message. Which pane
is shown stays the screen's decision: setting :attr:`active` only redraws.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


@dataclass(frozen=True)
class PaneTab:
    """One tab: the pane's id, the labels for wide and narrow bars, and its key (alone when even the
    narrow labels do not fit: every tab but the active one shows just its key)."""

    id: str
    label: str
    short_label: str
    key: str = ""


class PaneBar(Widget, can_focus=True):
    """Pane tabs: ``1 Concepts  2 Contract models ...`` above an underline marking the active one."""

    BINDINGS = [
        Binding("left", "step(-1)", "Previous pane", show=False),
        Binding("right", "step(1)", "Next pane", show=False),
    ]
    COMPONENT_CLASSES = {"pane-bar--tab", "pane-bar--active", "pane-bar--underline", "pane-bar--active-underline"}

    # Two lines (labels, underline), coloured like Textual's Tabs.
    DEFAULT_CSS = """
    PaneBar {
        height: 2;
    }
    PaneBar > .pane-bar--tab {
        color: $foreground 50%;
    }
    PaneBar > .pane-bar--active {
        color: $foreground;
        text-style: bold;
    }
    PaneBar:focus > .pane-bar--active {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    PaneBar > .pane-bar--underline {
        color: $foreground 10%;
    }
    PaneBar > .pane-bar--active-underline {
        color: $primary;
    }
    """

    active: reactive[str] = reactive("")
    wide: reactive[bool] = reactive(True)

    @dataclass
    class Chosen(Message):
        """The reader picked the pane ``pane_id`` (by click or left/right)."""

        bar: PaneBar
        pane_id: str

        @property
        def control(self) -> PaneBar:
            return self.bar

    def __init__(self, tabs: list[PaneTab], active: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.auto_links = False  # the labels are clickable but are not links
        self.tabs = tabs
        self.set_reactive(PaneBar.active, active)

    def label_of(self, tab: PaneTab) -> str:
        return tab.label if self.wide or not tab.short_label else tab.short_label

    def cells(self) -> list[str]:
        """Each tab's text: labels if they fit the width, else keys beside the active tab's label."""
        cells = [f" {self.label_of(tab)} " for tab in self.tabs]
        if sum(map(len, cells)) > self.size.width:
            cells = [
                cell if tab.id == self.active or not tab.key else f" {tab.key} "
                for tab, cell in zip(self.tabs, cells, strict=True)
            ]
        return cells

    def render(self) -> Group:
        part = self.get_component_rich_style
        labels, underline = Text(no_wrap=True, overflow="ellipsis"), Text(no_wrap=True, end="")
        for tab, cell in zip(self.tabs, self.cells(), strict=True):
            chosen = tab.id == self.active
            click = Style.from_meta({"@click": ("choose", (tab.id,))})
            labels.append(cell, part("pane-bar--active" if chosen else "pane-bar--tab") + click)
            # Heavy line under the active tab, light elsewhere: visible without colour (NO_COLOR).
            underline.append(
                ("\u2501" if chosen else "\u2500") * len(cell),
                part("pane-bar--active-underline" if chosen else "pane-bar--underline"),
            )
        rest = max(0, self.size.width - underline.cell_len)
        underline.append("\u2500" * rest, part("pane-bar--underline"))
        return Group(labels, underline)

    def action_choose(self, pane_id: str) -> None:
        """Run by a click on a label."""
        if any(tab.id == pane_id for tab in self.tabs):
            self.post_message(self.Chosen(self, pane_id))

    def action_step(self, delta: int) -> None:
        """The pane before (-1) or after (+1) the active one, wrapping around."""
        ids = [tab.id for tab in self.tabs]
        if ids:
            index = ids.index(self.active) if self.active in ids else 0
            self.post_message(self.Chosen(self, ids[(index + delta) % len(ids)]))
