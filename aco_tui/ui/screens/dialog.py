"""Base for dialogs: a modal screen that cannot be dismissed twice.

A key queued behind Escape (Enter on a list, say) would otherwise dismiss a dialog that is already
gone, and Textual's ``Screen.dismiss`` would then pop the screen beneath it: found by the key fuzzer.
"""

from __future__ import annotations

from typing import Any, TypeVar

from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.screen import ModalScreen, Screen

ResultType = TypeVar("ResultType")

# The type: ignores below: AwaitComplete.nothing and OptionList's page actions are unannotated in
# Textual 8; "unused-ignore" because those errors are reported only under mypy --strict.


def _already_gone(screen: Screen[Any]) -> bool:
    return screen.app.screen is not screen


class Dialog(ModalScreen[ResultType]):
    """A modal screen whose ``dismiss`` does nothing once it is no longer on top."""

    def dismiss(self, result: ResultType | None = None) -> AwaitComplete:
        if _already_gone(self):
            return AwaitComplete.nothing()  # type: ignore[no-any-return, no-untyped-call, unused-ignore]
        return super().dismiss(result)


class GuardedCommandPalette(CommandPalette):
    """Textual's palette with the same guard (Enter then Escape at once popped the main screen), and
    page keys that wait for its list to be drawn (see ``widgets/safe_lists.py``: ctrl+p then PageDown
    at once raised KeyError)."""

    BINDINGS = [
        Binding("pageup", "page(-1)", "Previous page", show=False),
        Binding("pagedown", "page(1)", "Next page", show=False),
    ]

    def action_page(self, direction: int) -> None:
        commands = self.query_one(CommandList)
        try:
            commands.action_page_down() if direction > 0 else commands.action_page_up()  # type: ignore[no-untyped-call, unused-ignore]
        except KeyError:
            pass

    def dismiss(self, result: None = None) -> AwaitComplete:
        if _already_gone(self):
            return AwaitComplete.nothing()  # type: ignore[no-any-return, no-untyped-call, unused-ignore]
        return super().dismiss(result)
