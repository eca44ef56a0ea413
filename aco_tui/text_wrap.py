"""Word wrapping of plain text to a width in terminal cells: the one wrapper of the app and the command line.

Rich's wrapper handles styled text and costs about 0.15 ms an excerpt; lists that wrap hundreds of
plain strings on every resize (``ui/widgets/pick_list.py``) use this greedy one instead, and so do
``lookup`` and ``define`` (:func:`wrap_spans` carries the highlighted matches onto each line). Lines
break at spaces; a word wider than the line is cut at cell boundaries; newlines start a new line;
wide characters (CJK, emoji) count as two cells.

No Rich and no Textual: ``lookup`` must never import them, so cell widths come from
:func:`cell_len` here (Unicode's East Asian Width, as Rich measures, apart from characters whose
width changed in a Unicode version newer than Python's).
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Iterable

Span = tuple[int, int]  # [start, end) of a highlighted run, in characters


def _char_cells(char: str) -> int:
    """Cells one character takes: 0 for combining and format characters, 2 for wide ones, else 1."""
    code = ord(char)
    # Latin, Greek, Cyrillic... and typographic punctuation (dashes, quotes, "…", "›") are one cell:
    # known without unicodedata, which a cached lookup never needs to import.
    if code < 0x300 or 0x2010 <= code < 0x2028 or 0x2030 <= code < 0x2060:
        return 1
    import unicodedata  # lookup budget: only for text beyond the ranges above

    if unicodedata.category(char) in ("Mn", "Me", "Mc", "Cf") or 0x1160 <= code < 0x1200 or 0xD7B0 <= code < 0xD800:
        return 0  # combining marks, zero-width format characters, conjoining Hangul vowels and finals
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """The width of ``text`` in terminal cells."""
    if text.isascii():
        return len(text)
    return sum(_char_cells(char) for char in text)


def _cut(word: str, width: int) -> list[str]:
    """``word`` cut into pieces no wider than ``width`` cells (a wide character never split)."""
    pieces: list[str] = []
    piece: list[str] = []
    used = 0
    for char in word:
        size = _char_cells(char)
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


def wrap_spans(text: str, width: int, spans: Iterable[Span] = ()) -> list[tuple[str, list[Span]]]:
    """:func:`wrap`, with ``spans`` (highlighted runs of ``text``) carried onto the lines they fall on.

    A span that crosses a line break is split in two; a span over nothing but dropped spaces vanishes.
    """
    lines = wrap(text, width)
    wrapped: list[tuple[str, list[Span]]] = [(line, []) for line in lines]
    spans = [(start, end) for start, end in spans if end > start]
    if not spans:
        return wrapped
    places = _places(text, lines)
    for start, end in spans:
        on_line: dict[int, Span] = {}
        for place in places[start:end]:
            if place is not None:
                number, column = place
                first, last = on_line.get(number, (column, column))
                on_line[number] = (min(first, column), max(last, column))
        for number, (first, last) in sorted(on_line.items()):
            wrapped[number][1].append((first, last + 1))
    return wrapped


def _places(text: str, lines: list[str]) -> list[tuple[int, int] | None]:
    """For each character of ``text``, the (line, column) where :func:`wrap` put it, or ``None``
    for whitespace it dropped (a run of spaces keeps its first character, as the one space)."""
    places: list[tuple[int, int] | None] = [None] * len(text)
    position = 0
    for number, line in enumerate(lines):
        for column, char in enumerate(line):
            if char == " ":
                places[position] = (number, column)
                while position < len(text) and text[position].isspace():
                    position += 1
                continue
            while text[position].isspace():
                position += 1
            places[position] = (number, column)
            position += 1
    return places
