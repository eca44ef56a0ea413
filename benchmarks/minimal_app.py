"""The baseline of the start-up benchmarks: the smallest useful Textual app.

A Header, one Static and a Footer; ``q`` quits. ``bench_startup.py`` runs it beside ``aco-tui``
in the same terminal and reports aco-tui's times as ratios of this app's.

Usage::

    .venv/bin/python benchmarks/minimal_app.py
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

MARKER = "Minimal Textual app: ready"


class MinimalApp(App[None]):
    """Header, one Static, Footer."""

    TITLE = "Minimal"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(MARKER)
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
