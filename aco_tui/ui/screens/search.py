"""The search screen: live results as you type; Enter opens a result where it lives."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from aco_tui.safe_text import strip_control
from aco_tui.search.engine import not_covered
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.safe_input import SafeInput
from aco_tui.ui.widgets.safe_lists import SafeOptionList

if TYPE_CHECKING:
    from aco_tui.search.engine import SearchIndex
    from aco_tui.search.hit import SearchHit, SearchResult

DEBOUNCE_S = 0.15
MAX_QUERY = 500
LIMIT = 30
KIND_LABEL = {"term": "Term", "section": "Section", "excerpt": "Excerpt"}


def hit_label(hit: SearchHit) -> Text:
    """Kind and title on one line, the snippet with its matches highlighted beneath, all literal."""
    label = Text()
    label.append(f"{KIND_LABEL.get(hit.kind, hit.kind)}: ", style="bold")
    label.append(strip_control(hit.title))
    snippet = Text(strip_control(hit.snippet))
    for start, end in hit.snippet_spans:
        snippet.stylize("reverse", start, end)
    label.append("\n  ")
    label.append_text(snippet)
    if hit.citation:
        label.append(f"\n  {strip_control(hit.citation)}", style="dim")
    return label


class SearchScreen(Dialog["SearchHit | None"]):
    """Type to search terms, sections and excerpts; returns the chosen hit (or None)."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="search.close"),
        Binding("down", "to_results", "Results", show=False),
    ]

    def __init__(self, index_loader: Callable[[], SearchIndex], initial: str = "") -> None:
        super().__init__(classes="dialog-screen search-screen")
        self.index_loader = index_loader
        self.initial = initial
        self.hits: list[SearchHit] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Static(
                "Search terms, sections and excerpts  (filters: source:ID topic:NAME kind:term|section|excerpt, "
                '"a phrase")',
                classes="dialog-title",
                markup=False,
            )
            yield SafeInput(
                value=self.initial,
                placeholder="e.g. who can hold an ACO contract",
                id="search-input",
                max_length=MAX_QUERY,
            )
            yield Static(id="search-status", classes="search-status")
            yield SafeOptionList(id="search-results", classes="dialog-body")
            yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.initial:
            self._search(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_S, lambda: self._search(event.value))

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.hits:
            self.dismiss(self.hits[0])

    def action_to_results(self) -> None:
        results = self.query_one("#search-results", OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    @work(exclusive=True, group="search", thread=True)
    def _search(self, query: str) -> None:
        index = self.index_loader()
        result = index.find(query, limit=LIMIT) if query.strip() else None
        self.app.call_from_thread(self._show, query, result)

    def _show(self, query: str, result: SearchResult | None) -> None:
        if query != self.query_one(Input).value:
            return  # a newer query is on its way
        status = self.query_one("#search-status", Static)
        results = self.query_one("#search-results", OptionList)
        results.clear_options()
        if result is None:
            self.hits = []
            status.update(Text('Type words, a "quoted phrase" or filters.'))
            return
        self.hits = list(result.hits)
        results.add_options(Option(hit_label(hit)) for hit in self.hits)
        notes = [*result.problems, *result.notes]
        if result.corrections:
            notes.append("searched for " + ", ".join(f"{new} (not {old})" for old, new in result.corrections))
        if not self.hits:
            message = "No results."
            if result.uncovered:
                message = f"No results: {not_covered(result.uncovered)}."
            if result.suggestions:
                message += " Did you mean: " + ", ".join(result.suggestions) + "?"
            notes.insert(0, message)
        else:
            notes.insert(0, f"{len(self.hits)} of {result.total} result(s)")
        status.update(Text(strip_control(" · ".join(notes))))

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.hits[event.option_index])
