"""Reading a quiz off a terminal screen (the text a VT100 emulator keeps): which page is shown and
which keys answer the question on it. Shared by the benchmarks that drive the app on a terminal."""

from __future__ import annotations

QUESTION_MARK = "Enter submit"  # every question card's hint line ends so
FEEDBACK_MARKS = ("\u2714 Correct", "\u2718 Not right", "\u2718 Partly right")  # the feedback's first line


def feedback_shown(screen: str) -> bool:
    return any(mark in screen for mark in FEEDBACK_MARKS)


def answer_keys(screen: str) -> bytes:
    """Keys that give a valid answer to the question on ``screen`` (then Enter submits it)."""
    if "1 true" in screen or "1-9 pick" in screen or "1-9 or Space" in screen:
        return b"1"
    if "a letter matches it" in screen:
        items = sum(1 for line in screen.splitlines() if "\u2192" in line)
        return bytes(ord("a") + n for n in range(max(1, items)))
    if "type the answer" in screen:
        return b"benchmark"
    return b""  # order: the order shown is an answer
