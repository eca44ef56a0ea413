"""Snippets around matched words, made safe to show (the policy is :func:`aco_tui.safe_text.escaped`)."""

from __future__ import annotations

from aco_tui.safe_text import escaped

SNIPPET_CHARS = 200
_LEAD = 50
_MAX_MARKS = 300

Mark = tuple[int, int, str]  # (start, end, what matched: a word key, concept or phrase)


def clean(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Collapse whitespace to single spaces and make control characters visible, moving ``spans`` along."""
    if text.isprintable() and "  " not in text:
        return text, [s for s in spans if s[1] > s[0]]
    out: list[str] = []
    mapping = [0] * (len(text) + 1)
    position = 0
    after_space = False
    for index, char in enumerate(text):
        mapping[index] = position
        if char.isspace():
            if after_space:
                continue
            char, after_space = " ", True
        else:
            after_space = False
            if not char.isprintable():
                char = escaped(char)
        out.append(char)
        position += len(char)
    mapping[len(text)] = position
    return "".join(out), [(mapping[s], mapping[e]) for s, e in spans if mapping[e] > mapping[s]]


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans with overlapping or touching ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _best_window(marks: list[Mark], width: int) -> int:
    """Index of the mark to start the window at: most distinct matches, then most matches, then earliest."""
    best, best_rank = 0, (-1, -1)
    for i, (start, _end, _what) in enumerate(marks):
        window_end = start + width - _LEAD
        seen = set()
        count = 0
        for _other_start, other_end, what in marks[i:]:
            if other_end > window_end:
                break
            seen.add(what)
            count += 1
        rank = (len(seen), count)
        if rank > best_rank:
            best, best_rank = i, rank
    return best


def snippet(
    text: str, marks: list[Mark], width: int = SNIPPET_CHARS, from_start: bool = False
) -> tuple[str, list[tuple[int, int]]]:
    """A one-line extract of about ``width`` characters around the best cluster of ``marks`` (or,
    ``from_start``, the opening: a definition leads with its answer), with "…" where the text was
    cut, and the spans of the matches inside it."""
    marks = sorted(marks)[:_MAX_MARKS]
    if len(text) <= width:
        start, end = 0, len(text)
    else:
        anchor = marks[_best_window(marks, width)][0] if marks and not from_start else 0
        start = max(0, anchor - _LEAD)
        end = min(len(text), start + width)
        start = max(0, end - width)
        if start > 0:
            limit = anchor if marks else end
            cut = start
            while cut < limit and not text[cut - 1].isspace():
                cut += 1
            start = cut if cut < end else start
        if end < len(text):
            cut = end
            while cut > start and not text[cut].isspace():
                cut -= 1
            end = cut if cut > start + width // 2 else end
    cut_front, cut_back = start > 0, end < len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    inside = [(max(s, start) - start, min(e, end) - start) for s, e, _w in marks if e > start and s < end]
    body, spans = clean(text[start:end], merge(inside))
    prefix = "\u2026" if cut_front else ""
    suffix = "\u2026" if cut_back else ""
    shift = len(prefix)
    return prefix + body + suffix, [(s + shift, e + shift) for s, e in spans]
