"""Help generated from the bindings that are live on the screen beneath (never a hand-kept table)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for every active binding of ``screen`` with a description, one row per action."""
    rows: dict[str, tuple[list[str], str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        description = binding.description or binding.tooltip
        if not description:
            continue
        keys, _ = rows.setdefault(f"{binding.action}|{description}", ([], description))
        keys.append(screen.app.get_key_display(Binding(key, binding.action)))
    return [(", ".join(keys), description) for keys, description in rows.values()]


class HelpScreen(Dialog[None]):
    """The keys of the screen it was opened from."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close", id="help.close")]

    def __init__(self, rows: list[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Keys", classes="dialog-title")
            table: DataTable[Text] = DataTable(classes="dialog-body", cursor_type="row", zebra_stripes=True)
            table.add_columns("Key", "Does")
            for keys, description in self.rows:
                table.add_row(Text(keys), Text(description))
            yield table
            yield Static(Text("Tip: ctrl+p finds any heading, term or excerpt."), classes="dialog-hint")
            yield KeyBar()
