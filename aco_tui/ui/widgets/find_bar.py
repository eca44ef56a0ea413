"""The find bar of a reading pane: one line with the words to find and "3/14"."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from aco_tui.ui.widgets.safe_input import SafeInput

HINT = "Enter: read · n next · N previous · Esc close"


class FindBar(Horizontal):
    """``Find: [words] 3/14``; posts :class:`FindBar.Changed` as words are typed, and
    :class:`FindBar.Done` on Enter (keep the matches) or Escape (close)."""

    DEFAULT_CSS = """
    FindBar {
        dock: bottom;
        height: 1;
        display: none;
        background: $boost;
    }
    FindBar.-open {
        display: block;
    }
    FindBar > .find-label {
        width: auto;
        padding: 0 1;
        text-style: bold;
    }
    FindBar > SafeInput {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0;
    }
    FindBar > SafeInput:focus {
        border: none;
        text-style: underline;
    }
    FindBar > .find-count {
        width: auto;
        padding: 0 1;
    }
    """
    BINDINGS = [Binding("escape", "close", "Close find", show=False)]

    class Changed(Message):
        """The words to find are now ``words``."""

        def __init__(self, words: str) -> None:
            super().__init__()
            self.words = words

    class Done(Message):
        """Finding ends (``keep``: Enter, the matches stay for n and N; else Escape, they go)."""

        def __init__(self, keep: bool) -> None:
            super().__init__()
            self.keep = keep

    def compose(self) -> ComposeResult:
        yield Static("Find:", classes="find-label")
        yield SafeInput(placeholder="words in this pane", id="find-words")
        yield Static("", classes="find-count")

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def open(self) -> None:
        """Show the bar and put the cursor in it, words selected for replacing."""
        self.add_class("-open")
        words = self.query_one(SafeInput)
        words.focus()
        words.select_all()

    def close(self) -> None:
        self.remove_class("-open")

    def show_count(self, label: str, hint: bool = False) -> None:
        self.query_one(".find-count", Static).update(f"{label} · {HINT}" if hint and label else label)

    @on(Input.Changed, "#find-words")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-words")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Done(keep=True))

    def action_close(self) -> None:
        self.post_message(self.Done(keep=False))
