"""Word wrapping of plain text to a width in terminal cells, fast enough to wrap every excerpt at once.

Rich's wrapper handles styled text and costs about 0.15 ms an excerpt; lists that wrap hundreds of
plain strings on every resize (``widgets/pick_list.py``) use this greedy one instead. Lines break
at spaces; a word wider than the line is cut at cell boundaries; newlines start a new line; wide
characters (CJK, emoji) count as two cells. No Textual import.
"""

from __future__ import annotations

from rich.cells import cell_len


def _cut(word: str, width: int) -> list[str]:
    """``word`` cut into pieces no wider than ``width`` cells (a wide character never split)."""
    pieces, piece, used = [], [], 0
    for char in word:
        size = cell_len(char)
        if used + size > width and piece:
            pieces.append("".join(piece))
            piece, used = [], 0
        piece.append(char)
        used += size
    if piece:
        pieces.append("".join(piece))
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """The lines of ``text`` wrapped to ``width`` cells (at least one line, possibly empty).

    Runs of spaces collapse to one; leading and trailing spaces of each line are dropped.
    """
    width = max(1, width)
    measure = len if text.isascii() else cell_len
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        used = 0
        for word in paragraph.split():
            size = measure(word)
            if line and used + 1 + size <= width:
                line.append(word)
                used += 1 + size
                continue
            if line:
                lines.append(" ".join(line))
                line, used = [], 0
            if size <= width:
                line, used = [word], size
            else:
                *whole, last = _cut(word, width)
                lines.extend(whole)
                line, used = [last], measure(last)
        lines.append(" ".join(line))
    return lines
