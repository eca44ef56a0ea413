"""One quiz question on screen, answered by keyboard.

Keys: digits pick an option (single, true/false) or toggle it (multiple, also Space); up/down move
the cursor; in ordering questions ``u``/``d`` (or shift+up/down) move the item under the cursor; in
matching questions a letter assigns the right-hand item to the left item under the cursor; Enter
submits. Short answers are typed into an input.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Input, Static

from aco_tui.quiz.scoring import PlayedQuestion, letter
from aco_tui.ui.messages import LeaveRequested
from aco_tui.ui.widgets.safe_input import SafeInput

DOT = "(\u2022)"
HINTS = {
    "single": "1-9 pick · \u2191\u2193 move · Enter submit",
    "truefalse": "1 true · 2 false · Enter submit",
    "multiple": "1-9 or Space toggle · \u2191\u2193 move · Enter submit",
    "order": "\u2191\u2193 move · u/d (shift+\u2191\u2193) move item · Enter submit",
    "match": "\u2191\u2193 item · a letter matches it and the cursor moves on · Enter submit",
    "short": "type the answer · Enter submit",
}


class QuestionCard(VerticalScroll, can_focus=True):
    """Collects the answer to ``played``; posts :class:`QuestionCard.Answered` on Enter."""

    BINDINGS = [
        Binding("enter", "submit", "Submit", id="quiz.submit"),
        Binding("escape", "leave", "Leave", id="quiz.leave",
                tooltip="Leave the quiz waiting and go back to the pane you were reading (7 returns)"),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("space", "toggle_option", "Toggle", show=False),
        Binding("u,shift+up", "move(-1)", "Move up", show=False),
        Binding("d,shift+down", "move(1)", "Move down", show=False),
    ]
    DEFAULT_CSS = """
    QuestionCard {
        height: 1fr;
    }
    QuestionCard .question-header {
        text-style: bold;
        color: $accent;
    }
    QuestionCard .question-text {
        padding: 1 0;
    }
    QuestionCard .question-warning {
        display: none;
        text-style: bold;
        color: $warning;
    }
    QuestionCard .question-hint {
        color: $text-muted;
        padding-top: 1;
    }
    """

    @dataclass
    class Answered(Message):
        """The trainee submitted ``response`` (0-based indices or text, as the quiz core expects)."""

        response: object

    def __init__(self, played: PlayedQuestion, header: str) -> None:
        super().__init__(classes="question-card")
        self.played = played
        self.header = header
        self.cursor = 0
        size = len(played.options)
        self.chosen: int | None = None
        self.ticked: set[int] = set()
        self.order: list[int] = list(range(size))
        self.matches: list[int | None] = [None] * len(played.left)

    def compose(self) -> ComposeResult:
        yield Static(Text(self.header), classes="question-header")
        yield Static(Text(self.played.text), classes="question-text")
        if self.played.type == "short":
            yield SafeInput(placeholder="Your answer", classes="short-answer")
        else:
            yield Static(classes="question-options")
        yield Static(classes="question-warning")
        yield Static(Text(HINTS[self.played.type]), classes="question-hint")

    def on_mount(self) -> None:
        if self.played.type != "short":
            self._render_options()
        self.focus()

    def on_focus(self) -> None:
        if self.played.type == "short":  # the answer is typed into the input
            self.query_one(Input).focus()

    # -- rendering ------------------------------------------------------------------------------

    def _rows(self) -> list[tuple[str, str]]:
        """(prefix, text) per line: the prefix (mark, number, letter) stays apart, so text wraps under
        text."""
        played, kind = self.played, self.played.type
        if kind in ("single", "truefalse"):
            return [(f"{DOT if self.chosen == i else '( )'} {i + 1})", o) for i, o in enumerate(played.options)]
        if kind == "multiple":
            return [(f"{'[x]' if i in self.ticked else '[ ]'} {i + 1})", o) for i, o in enumerate(played.options)]
        if kind == "order":
            return [(f"{n}.", played.options[i]) for n, i in enumerate(self.order, start=1)]
        rows = []
        for n, left in enumerate(played.left):
            match = self.matches[n]
            right = f"{letter(match)}) {played.options[match]}" if match is not None else "?"
            rows.append((f"{n + 1}.", f"{left} \u2192 {right}"))
        rows.append(("", ""))
        rows += [(f"{letter(i)})", o) for i, o in enumerate(played.options)]
        return rows

    def _render_options(self) -> None:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)  # the cursor marker: focus shows without colour too
        grid.add_column(no_wrap=True)
        grid.add_column()
        for index, (prefix, row) in enumerate(self._rows()):
            here = index == self.cursor
            grid.add_row("\u25b6" if here else " ", Text(prefix), Text(row), style="reverse" if here else "")
        self.query_one(".question-options", Static).update(grid)

    @property
    def _cursor_limit(self) -> int:
        return len(self.played.left) if self.played.type == "match" else len(self.played.options)

    # -- input ----------------------------------------------------------------------------------

    def claims_key(self, key: str) -> bool:
        """The keys :meth:`on_key` takes (so the Footer leaves out the commands on them, see
        ``ui/commands.ClaimsKeys``): digits, and in a matching question its letters."""
        if self.played.type == "short" or len(key) != 1:
            return False
        return key.isdigit() or (self.played.type == "match" and 0 <= ord(key.lower()) - ord("a") < len(self.played.options))

    def on_key(self, event: events.Key) -> None:
        kind = self.played.type
        if kind == "short" or not event.character:
            return
        char = event.character.lower()
        if char.isdigit():
            # Digits belong to the question while it has focus (they would otherwise switch panes),
            # including those of no option, which only ring the bell.
            event.stop()
            event.prevent_default()
            index = int(char) - 1
            if kind not in ("single", "truefalse", "multiple") or not 0 <= index < len(self.played.options):
                self.app.bell()
                return
            self.cursor = index
            if kind == "multiple":
                self.ticked ^= {index}
            else:
                self.chosen = index
            self._render_options()
        elif kind == "match" and char.isalpha() and len(char) == 1:
            index = ord(char) - ord("a")
            if 0 <= index < len(self.played.options):
                event.stop()
                event.prevent_default()
                self.matches[self.cursor] = index
                others = [n + 1 for n, match in enumerate(self.matches) if match == index and n != self.cursor]
                self.warn(f"Letter {char} is already the match of item {others[0]}: each letter goes with "
                          "one item." if others else "")
                self.cursor = min(self.cursor + 1, self._cursor_limit - 1)
                self._render_options()

    def action_cursor(self, delta: int) -> None:
        self.cursor = max(0, min(self._cursor_limit - 1, self.cursor + delta))
        if self.played.type in ("single", "truefalse"):
            self.chosen = self.cursor
        if self.played.type != "short":
            self._render_options()

    def action_toggle_option(self) -> None:
        if self.played.type == "multiple":
            self.ticked ^= {self.cursor}
            self._render_options()

    def action_move(self, delta: int) -> None:
        """Ordering questions: move the item under the cursor up or down."""
        if self.played.type != "order":
            return
        target = self.cursor + delta
        if 0 <= target < len(self.order):
            self.order[self.cursor], self.order[target] = self.order[target], self.order[self.cursor]
            self.cursor = target
            self._render_options()

    def response(self) -> object:
        """The answer as the quiz core expects it (may be malformed: the core says why)."""
        kind = self.played.type
        if kind in ("single", "truefalse"):
            return self.chosen
        if kind == "multiple":
            return sorted(self.ticked)
        if kind == "order":
            return list(self.order)
        if kind == "match":
            return list(self.matches)
        return self.query_one(Input).value

    def action_leave(self) -> None:
        """Go back to the pane read before the quiz; the quiz waits (7 returns to it)."""
        self.post_message(LeaveRequested())

    def warn(self, message: str) -> None:
        """Say (under the options, where no toast covers them) what is wrong with the answer so far."""
        warning = self.query_one(".question-warning", Static)
        warning.update(Text(message))
        warning.display = bool(message)
        if message:
            self.call_after_refresh(self.scroll_to_widget, warning, animate=False)

    def match_problem(self) -> str:
        """What stops a match answer being complete, in the trainee's terms ("" if nothing)."""
        unmatched = [n + 1 for n, match in enumerate(self.matches) if match is None]
        if unmatched:
            return f"Item {unmatched[0]} has no match yet."
        for match in set(self.matches):
            items = [str(n + 1) for n, other in enumerate(self.matches) if other == match]
            if match is not None and len(items) > 1:
                return f"Letter {letter(match)} is the match of items {' and '.join(items)}: each letter goes with one item."
        return ""

    def action_submit(self) -> None:
        problem = self.match_problem() if self.played.type == "match" else ""
        if problem:
            self.warn(problem)
            self.app.bell()
            return
        self.post_message(self.Answered(self.response()))

    @on(Input.Submitted)
    def _short_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
