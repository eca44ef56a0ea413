"""Find in a pane: every place the words occur, section by section, in reading order.

The pane renders one section at a time (:class:`~aco_tui.ui.widgets.markdown_view.MarkdownView`),
which highlights what is found in each run of inline text; the matches are counted the same way
here, on the same blocks, so that "3/14" counts what is highlighted. No Textual here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from aco_tui.knowledge.blocks import Block, Heading, ListBlock, Paragraph, Quote, TableBlock


@dataclass(frozen=True)
class Match:
    """The ``nth`` (from 0) occurrence in section ``section_id``."""

    section_id: str
    nth: int


def inline_texts(blocks: tuple[Block, ...]) -> Iterator[str]:
    """The runs of inline text of ``blocks``, in reading order (what the renderer highlights in)."""
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield "".join(span.text for span in block.spans)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from inline_texts(item)
        elif isinstance(block, Quote):
            yield from inline_texts(block.blocks)
        elif isinstance(block, TableBlock):
            for row in (block.header, *block.rows):
                for cell in row:
                    yield "".join(span.text for span in cell)


def count_in(blocks: tuple[Block, ...], words: str) -> int:
    """How many times ``words`` occur in ``blocks`` (case ignored)."""
    wanted = words.casefold()
    return sum(text.casefold().count(wanted) for text in inline_texts(blocks)) if wanted else 0


@dataclass
class Finder:
    """The words being found in a pane, every match, and which one is current."""

    words: str = ""
    matches: list[Match] = field(default_factory=list)
    current: int = -1

    def search(self, words: str, sections: list[tuple[str, tuple[Block, ...]]], start_section: str | None) -> None:
        """Find ``words`` in ``sections`` (id, blocks); the current match is the first in or after
        ``start_section``."""
        self.words = words.strip()
        self.matches = [
            Match(section_id, n) for section_id, blocks in sections for n in range(count_in(blocks, self.words))
        ]
        order = [section_id for section_id, _blocks in sections]
        at = order.index(start_section) if start_section in order else 0
        self.current = next(
            (i for i, m in enumerate(self.matches) if order.index(m.section_id) >= at), 0 if self.matches else -1
        )

    def step(self, delta: int) -> Match | None:
        """The next (+1) or previous (-1) match, wrapping round; None when there is none."""
        if not self.matches:
            return None
        self.current = (self.current + delta) % len(self.matches)
        return self.matches[self.current]

    @property
    def match(self) -> Match | None:
        return self.matches[self.current] if 0 <= self.current < len(self.matches) else None

    @property
    def count_label(self) -> str:
        """ "3/14", "no matches" or "" (nothing typed)."""
        if not self.words:
            return ""
        return f"{self.current + 1}/{len(self.matches)}" if self.matches else "no matches"
