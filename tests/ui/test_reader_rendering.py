"""The reader's Markdown path without Textual: parsing into blocks (aco_tui.knowledge.blocks) and rendering
them with Rich (aco_tui.render.markdown), including hostile text and every real section."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from aco_tui.knowledge.blocks import (
    BOLD,
    CODE,
    ITALIC,
    Code,
    Heading,
    ListBlock,
    Paragraph,
    Quote,
    Rule,
    Span,
    TableBlock,
    display_text,
    parse_blocks,
)
from aco_tui.render.markdown import FittedTable, render_blocks

SAMPLE = """\
Plain **bold** *italic* `code` [a link](term:aco) end.

#### A small heading

- one
- two

3. three
4. four

> quoted *words*

| Level | What | Note |
|:------|:----:|-----:|
| A | b [@x] | c |

---

```
code block
```

<div>html</div>
"""


def rendered(blocks, width: int) -> tuple[str, list]:
    console = Console(width=width, color_system=None, legacy_windows=False, record=True)
    segments = list(console.render(render_blocks(blocks), console.options))
    return "".join(s.text for s in segments), segments


def test_every_kind_of_block_is_parsed():
    blocks = parse_blocks(SAMPLE)
    kinds = [type(b) for b in blocks]
    assert kinds == [Paragraph, Heading, ListBlock, ListBlock, Quote, TableBlock, Rule, Code, Paragraph]
    paragraph = blocks[0]
    assert Span("bold", BOLD) in paragraph.spans and Span("italic", ITALIC) in paragraph.spans
    assert Span("code", CODE) in paragraph.spans and Span("a link", 0, "term:aco") in paragraph.spans
    assert blocks[1] == Heading(4, (Span("A small heading"),))
    bullets, numbers = blocks[2], blocks[3]
    assert not bullets.ordered and bullets.tight and len(bullets.items) == 2
    assert numbers.ordered and numbers.start == 3
    table = blocks[5]
    assert table.align == ("left", "center", "right")
    assert [s.text for s in table.rows[0][1]] == ["b [@x]"]
    assert blocks[7] == Code("code block")
    assert blocks[8].spans[0].text == "<div>html</div>"  # shown, never interpreted


def test_citations_become_numbered_links_in_marker_order():
    shown = display_text("First [@b]. Again [@a; @b]. Last [@c].")
    assert shown.citations == ("b", "a", "c")
    links = [(s.text, s.href) for s in shown.blocks[0].spans if s.href]
    assert links == [("[1]", "cite:b"), ("[2]", "cite:a"), ("[1]", "cite:b"), ("[3]", "cite:c")]


def test_every_real_section_keeps_all_its_citations(real_knowledge):
    """No citation is lost in parsing: in tables, lists and quotes every [@id] becomes a link."""

    def hrefs(blocks):
        for block in blocks:
            for spans in _inlines(block):
                yield from (s.href for s in spans if s.href)
            for inner in _children(block):
                yield from hrefs(inner)

    for section in real_knowledge.content.all_sections():
        shown = section.display
        cited = {h.removeprefix("cite:") for h in hrefs(shown.blocks) if h.startswith("cite:")}
        assert cited == set(section.citations), section.id
        assert list(shown.citations) == section.citations, section.id


def _inlines(block):
    if isinstance(block, (Paragraph, Heading)):
        return [block.spans]
    if isinstance(block, TableBlock):
        return [*block.header, *(cell for row in block.rows for cell in row)]
    return []


def _children(block):
    if isinstance(block, Quote):
        return [block.blocks]
    if isinstance(block, ListBlock):
        return list(block.items)
    return []


def test_markup_and_escapes_are_shown_literally():
    blocks = (Paragraph((Span("[bold red]x[/] [link=file:///etc/passwd]y[/link]"),)),)
    text, segments = rendered(blocks, 80)
    assert "[bold red]x[/] [link=file:///etc/passwd]y[/link]" in text
    assert not any(s.style and (s.style.bold or s.style.link) for s in segments)
    hostile = parse_blocks("Red \x1b[31mRED\x1b[0m and \x07 bell")
    assert "\x1b" not in rendered(hostile, 80)[0] and "\x07" not in rendered(hostile, 80)[0]


def test_links_carry_the_click_action_with_the_href_as_data():
    text, segments = rendered(parse_blocks("See [this](cite:abc'); x)."), 80)  # a quote cannot end the action
    actions = {s.style.meta.get("@click") for s in segments if s.style and s.style.meta}
    assert actions == {("link", ("cite:abc'",))}


def test_tables_are_a_grid_when_wide_and_records_when_narrow():
    table = parse_blocks("| Level | Covers | Signs |\n|---|---|---|\n| Full | All services | Terms |\n")
    wide, _ = rendered(table, 3 * FittedTable.MIN_COLUMN + 10)
    assert "\u2502" in wide and "Full" in wide  # box drawing: a grid
    narrow, _ = rendered(table, 3 * FittedTable.MIN_COLUMN - 1)
    assert "\u2502" not in narrow
    assert "Level: Full" in narrow and "Covers: All services" in narrow and "Signs: Terms" in narrow


def test_lists_and_quotes_indent_every_wrapped_line():
    blocks = parse_blocks("- " + "word " * 30 + "\n\n> " + "quoted " * 20)
    text, _ = rendered(blocks, 30)
    lines = [line for line in text.split("\n") if line.strip()]
    list_lines = [line for line in lines if "word" in line]
    assert list_lines[0].startswith("\u2022 ") and all(line.startswith("  ") for line in list_lines[1:])
    assert all(line.startswith("\u258c ") for line in lines if "quoted" in line)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.integers(min_value=1, max_value=120))
def test_any_text_parses_and_renders_at_any_width(text, width):
    blocks = parse_blocks(text)
    shown, _ = rendered(blocks, width)
    assert "\x1b" not in shown
    words = [w for w in text.split() if w.isalnum() and w.isascii()]
    for word in words[:5]:  # plain words survive (wrapping may split a word longer than the width)
        if len(word) < width - 4:
            assert word in shown
