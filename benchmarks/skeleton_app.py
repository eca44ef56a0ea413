"""aco-tui's first screen without aco-tui: the same Textual widgets, no knowledge base, no user data.

Header, the seven tabs, a table of contents (OptionList) beside the first Concepts section in a
Markdown widget, and a Footer with the same six keys; ``q`` quits. ``bench_startup.py --skeleton``
times it beside the minimal app and ``aco-tui``: what Textual itself costs for this screen, so the
part of aco-tui's start-up that the app's own code could still win back.

Usage::

    .venv/bin/python benchmarks/skeleton_app.py
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Markdown, OptionList, Tab, Tabs
from textual.widgets.option_list import Option

CONCEPTS = Path(__file__).resolve().parent.parent / "content" / "concepts.md"
LABELS = ("Concepts", "Contract models", "Legal challenges", "Commentary", "Timeline", "Sources", "Quiz")


def first_section() -> tuple[list[tuple[int, str]], str]:
    """The headings of concepts.md and its text before the first heading (citations dropped)."""
    try:
        text = CONCEPTS.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
    except OSError:
        text = "## Overview\n\nNo content/concepts.md here."
    headings = [(len(marks), title) for marks, title in re.findall(r"^(#{2,3}) (.+)$", text, re.MULTILINE)]
    intro = re.sub(r"\s*\[@[^\]]*\]", "", text.split("\n## ", 1)[0]).strip()
    return [(2, "Overview"), *headings], intro


class SkeletonApp(App[None]):
    """The widgets of aco-tui's main screen, with static text."""

    TITLE = "ACO explainer"
    SUB_TITLE = "Accountable Care Organisations in the English NHS"
    CSS = """
    #pane-tabs { height: 2; }
    #pane-host { height: 1fr; }
    .document-pane { height: 1fr; }
    .toc { width: 28; height: 1fr; border-right: vkey $panel; }
    .reader { width: 1fr; height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("c", "nothing", "Citations"), Binding("g", "nothing", "Terms"),
        Binding("left_square_bracket", "nothing", "Back"), Binding("right_square_bracket", "nothing", "Forward"),
        Binding("question_mark", "nothing", "Help"), Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        headings, intro = first_section()
        yield Header()
        yield Tabs(*(Tab(f"{n} {label}", id=f"tab-{n}") for n, label in enumerate(LABELS, start=1)), id="pane-tabs")
        with Container(id="pane-host"), Horizontal(classes="document-pane"):
            yield OptionList(*(Option(("  " if level > 2 else "") + title) for level, title in headings),
                             classes="toc")
            with VerticalScroll(classes="reader"):
                yield Markdown(f"## Overview\n\n{intro}")
        yield Footer()

    def action_nothing(self) -> None:
        """Keys shown in the Footer only."""


if __name__ == "__main__":
    SkeletonApp().run()
