"""Help generated from the bindings that are live on the screen beneath (never a hand-kept table):
each row of the app's own commands is the help line declared with its key (``ui/commands.py``).

The keys of the pane in view come first (find, contents, copying...), then the reading keys, then
the keys that work everywhere; the generic ones nobody needs here (scroll left and right, copy a
selection) are left out, and the pane keys 1-7 make one row. Under the table: what the ``[1]``
markers and the underlined words are.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Static

from aco_tui.ui.commands import command_by_id
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar

# Bindings every scrolling widget has that say nothing about this app.
LEFT_OUT = frozenset(
    {"scroll_left", "scroll_right", "page_left", "page_right", "screen.copy_text", "copy_text", "app.copy_text"}
)
READING_ACTIONS = frozenset({"scroll_up", "scroll_down", "page_up", "page_down", "scroll_home", "scroll_end"})
PANE_KEYS_PREFIX = "pane."  # the ids of the bindings 1-7 (screens/main.py)
FOCUS_ACTIONS = frozenset({"focus_next", "focus_previous", "app.focus_next", "app.focus_previous"})
EXPLANATIONS = (
    "[1] [2] … are citations: click one, or press c, to read the source's own words.",
    "Underlined words are glossary terms: click one, or press g (G: every term, A to Z).",
    "ctrl+p finds any heading, term, excerpt or command.",
)


def _rank(namespace: DOMNode, screen: Screen[Any], app: App[Any]) -> int:
    """Where a binding's keys go: the pane's own (0), keys of Textual's widgets (1), the screen's
    (2), the app's (3); moving focus (tab) goes last (4)."""
    if namespace is app:
        return 3
    if namespace is screen:
        return 2
    return 1 if isinstance(namespace, Widget) and type(namespace).__module__.startswith("textual.") else 0


def binding_rows(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for every active binding of ``screen`` with a description, one row per
    action, the pane's own keys first."""
    app = screen.app
    rows: dict[str, tuple[int, list[str], str]] = {}
    pane_keys: list[str] = []
    for key, active in screen.active_bindings.items():
        binding = active.binding
        command = command_by_id(binding.id)  # ours: the help line declared with the key (ui/commands.py)
        description = command.help if command is not None else binding.description or binding.tooltip
        if not description or binding.action in LEFT_OUT:
            continue
        description = description[:1].upper() + description[1:]  # Textual's "palette" too
        shown = app.get_key_display(Binding(key, binding.action))
        if binding.id and binding.id.startswith(PANE_KEYS_PREFIX):
            pane_keys.append(shown)
            continue
        rank = 4 if binding.action in FOCUS_ACTIONS else _rank(active.node, screen, app)
        if binding.action in READING_ACTIONS:  # one row: the keys that move through the text
            rank, description = 1, "Scroll the text"
        _rank_, keys, _ = rows.setdefault(
            f"{binding.action if rank != 1 else 'read'}|{description}", (rank, [], description)
        )
        keys.append(shown)
    ordered = sorted(rows.values(), key=lambda row: row[0])  # stable: each group keeps its order
    out = [((" " if rank == 1 else ", ").join(keys), description) for rank, keys, description in ordered]
    if pane_keys:
        index = next((n for n, (rank, _k, _d) in enumerate(ordered) if rank >= 2), len(out))
        out.insert(index, (f"{pane_keys[0]} \u2026 {pane_keys[-1]}", "Show a pane (the numbers on the tabs)"))
    return out


class HelpScreen(Dialog[None]):
    """The keys of the screen it was opened from."""

    DEFAULT_CSS = """
    HelpScreen > .dialog {
        height: 100%;
        max-height: 100%;
    }
    HelpScreen > .dialog > DataTable {
        height: 1fr;
        max-height: 100%;
    }
    HelpScreen .help-notes {
        height: auto;
        padding-top: 1;
        color: $text-muted;
    }
    """
    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str]], notes: tuple[str, ...] = EXPLANATIONS) -> None:
        super().__init__(classes="dialog-screen")
        self.rows = rows
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            table: DataTable[Text] = DataTable(classes="dialog-body", cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Does")
            for keys, description in self.rows:
                table.add_row(Text(keys), Text(description))
            yield table
            yield Static(Text("\n".join(self.notes)), classes="help-notes")
            yield KeyBar()
