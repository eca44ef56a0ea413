"""An Input that drops control characters, so a pasted ANSI escape is never echoed to the terminal."""

from __future__ import annotations

from textual.widgets import Input

from aco_tui.safe_text import strip_control


class SafeInput(Input):
    """Input for outside text: typing and pasting keep every printable character, nothing else."""

    def insert_text_at_cursor(self, text: str) -> None:
        super().insert_text_at_cursor(strip_control(text))

    def replace(self, text: str, start: int, end: int) -> None:
        return super().replace(strip_control(text), start, end)
