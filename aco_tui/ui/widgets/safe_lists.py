"""Textual's OptionList and SelectionList with page keys that cannot crash the app.

In Textual 8 PageUp/PageDown on an option list that has options but has not been drawn yet (a
list just mounted and focused, like the quiz menu; the palette's list before its first results)
raise ``KeyError`` from ``OptionList._move_page`` (its line map is built on first render). Found by
the key fuzzer ("7 pagedown"); known upstream. A page key that early has nothing on screen to page
through, so it is ignored.
"""

from __future__ import annotations

from typing import TypeVar

from textual.widgets import OptionList, SelectionList

SelectionType = TypeVar("SelectionType")


class _PageKeysGuard:
    def action_page_up(self) -> None:
        try:
            super().action_page_up()  # type: ignore[misc]  # a mixin: the list class follows it in the MRO
        except KeyError:
            pass

    def action_page_down(self) -> None:
        try:
            super().action_page_down()  # type: ignore[misc]  # a mixin: the list class follows it in the MRO
        except KeyError:
            pass


class SafeOptionList(_PageKeysGuard, OptionList):
    """OptionList whose PageUp/PageDown before the first render do nothing instead of crashing."""


class SafeSelectionList(_PageKeysGuard, SelectionList[SelectionType]):
    """SelectionList whose PageUp/PageDown before the first render do nothing instead of crashing."""
