"""Text charts for the trainer's dashboard: bars drawn with block characters, a number always beside.

Bars are plain characters (eighth blocks), so they read the same with ``NO_COLOR``, in a pipe or
over SSH; the number beside each bar is what a screen reader says.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

_EIGHTHS = " \u258f\u258e\u258d\u258c\u258b\u258a\u2589"
FULL = "\u2588"


def bar(fraction: float | None, width: int) -> str:
    """A bar ``width`` cells long filled to ``fraction`` (0..1) in eighths of a cell; blank for None."""
    if fraction is None or width <= 0:
        return " " * max(width, 0)
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    text = FULL * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


def signed_bar(value: float | None, width: int) -> str:
    """A bar for -1..1 around a centre mark: positive values grow right, negative ones left (shaded)."""
    half = (width - 1) // 2
    if value is None:
        return " " * width
    negative = "\u2593" * round(min(1.0, -value) * half) if value < 0 else ""
    positive = bar(value, width - half - 1) if value > 0 else " " * (width - half - 1)
    return negative.rjust(half) + "\u2502" + positive


def histogram_lines(counts: Sequence[int], width: int, labels: Sequence[str]) -> list[Text]:
    """One line per band: label, bar scaled to the largest count, and the count."""
    top = max(counts, default=0) or 1
    label_width = max((len(label) for label in labels), default=0)
    return [
        Text(f"{label:>{label_width}} {bar(count / top, width)} {count}")
        for label, count in zip(labels, counts, strict=True)
    ]


def percent_label(value: float | None) -> str:
    return "  -" if value is None else f"{value:3.0f}%"
