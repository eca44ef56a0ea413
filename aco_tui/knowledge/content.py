"""Loading ``content/``: Markdown documents with front matter, split into sections by heading.

Each pane's file is parsed once with markdown-it-py; headings of level 2 and 3 start sections,
whose Markdown bodies keep their citations (see :mod:`aco_tui.knowledge.citations`) for the UI to render.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from aco_tui.errors import DataError
from aco_tui.knowledge.blocks import DisplayText, display_text
from aco_tui.knowledge.citations import cited_ids, find_citations, slugify, strip_citations, term_links
from aco_tui.knowledge.frontmatter import parse_front_matter
from aco_tui.knowledge.topics import TOPICS
from aco_tui.safe_text import strip_control

if TYPE_CHECKING:  # markdown-it is imported only when Markdown is parsed
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

PANE_FILES = TOPICS  # the reading panes, one file each, in order
GLOSSARY_FILE = "glossary"
REQUIRED_KEYS = ("title", "order", "summary")
REQUIRED_MISSING = "required content file is missing"
MIN_WORDS_TO_CITE = 12
_DATE_HEADING = re.compile(r"^(\d{4}(?:-\d{2}(?:-\d{2})?)?)\s*[·:\u2014\u2013-]\s*(.+)$")
_TOPICS_LINE = re.compile(r"^\*?Topics?:\s*(.+?)\*?\s*$", re.MULTILINE)
_ALSO_LINE = re.compile(r"^Also:\s*(.+)$")


@dataclass(frozen=True)
class Problem:
    """Something wrong in a content file; ``fatal`` ones stop the app, all of them fail ``check``."""

    path: Path
    line: int
    message: str
    fatal: bool = True

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Section:
    """A heading of a document and the Markdown beneath it, up to the next heading."""

    doc_id: str
    id: str
    title: str
    level: int
    body: str
    line: int

    @property
    def citations(self) -> list[str]:
        """Excerpt ids cited in this section, in order of first mention."""
        return cited_ids(self.body)

    @property
    def plain(self) -> str:
        """The body with citation marks removed, for search and snippets."""
        return strip_citations(self.body)

    @cached_property
    def display(self) -> DisplayText:
        """The body parsed for the reader (:class:`aco_tui.knowledge.blocks.DisplayText`), parsed on first use
        and kept in the start-up cache, so the app never parses Markdown while it runs."""
        return display_text(self.body)


@dataclass
class Document:
    """One content file: its front matter and its sections."""

    id: str
    path: Path
    title: str
    order: int
    summary: str
    sections: list[Section] = field(default_factory=list)
    text: str = field(default="", repr=False)

    def section(self, section_id: str) -> Section | None:
        """The section with this anchor id, if any."""
        return next((s for s in self.sections if s.id == section_id), None)


@dataclass(frozen=True)
class GlossaryTerm:
    """A glossary entry: the term, other names for it, and its cited definition."""

    id: str
    term: str
    aliases: tuple[str, ...]
    definition: str
    line: int

    @property
    def citations(self) -> list[str]:
        return cited_ids(self.definition)

    @property
    def plain(self) -> str:
        return strip_citations(self.definition)

    @cached_property
    def display(self) -> DisplayText:
        """The definition parsed (:class:`aco_tui.knowledge.blocks.DisplayText`), as for a section."""
        return display_text(self.definition)


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event of the timeline file."""

    date: str
    title: str
    section: Section
    topics: tuple[str, ...]

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass
class Content:
    """Everything under ``content/`` that the panes, search and checks use."""

    root: Path
    documents: dict[str, Document] = field(default_factory=dict)
    glossary: dict[str, GlossaryTerm] = field(default_factory=dict)
    timeline: list[TimelineEvent] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def panes(self) -> list[Document]:
        """The pane documents in display order."""
        return sorted((d for d in self.documents.values() if d.id in PANE_FILES), key=lambda d: d.order)

    def all_sections(self) -> list[Section]:
        return [s for d in self.documents.values() for s in d.sections]

    def prepare_display(self) -> None:
        """Parse every section for the reader now (before the knowledge base is cached)."""
        for section in self.all_sections():
            section.display  # noqa: B018 - computes and keeps the cached property

    def term_for(self, words: str) -> GlossaryTerm | None:
        """The glossary term whose id, name or alias is ``words`` (case-insensitive)."""
        key = words.strip().lower()
        for term in self.glossary.values():
            if key in (term.id, term.term.lower(), *(a.lower() for a in term.aliases)) or slugify(words) == term.id:
                return term
        return None


def _parser() -> MarkdownIt:
    # Start-up budget: the app unpickles this module's classes and must not import markdown-it.
    from markdown_it import MarkdownIt
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin)


def _unique_anchor(title: str, taken: set[str]) -> str:
    base = slugify(title)
    anchor, n = base, 2
    while anchor in taken:
        anchor, n = f"{base}-{n}", n + 1
    taken.add(anchor)
    return anchor


def parse_document(path: Path, text: str, parser: MarkdownIt | None = None) -> tuple[Document | None, list[Problem]]:
    """Parse one content file; returns the document (None when unusable) and its problems."""
    md = parser or _parser()
    problems: list[Problem] = []
    tokens = md.parse(text)
    lines = text.splitlines()
    meta_token = tokens[0] if tokens and tokens[0].type == "front_matter" else None
    if meta_token is None:
        return None, [
            Problem(path, 1, "no front matter: the file must start with a '---' block holding title, order and summary")
        ]
    meta, errors = parse_front_matter(meta_token.content, first_line=2)
    problems += [Problem(path, e.line, f"front matter: {e.message}") for e in errors]
    missing = [k for k in REQUIRED_KEYS if not meta.get(k)]
    if missing:
        problems.append(Problem(path, 1, f"front matter: missing {', '.join(missing)}"))
    try:
        order = int(meta.get("order", "0"))
    except ValueError:
        problems.append(Problem(path, 1, f"front matter: order must be a whole number, not {meta['order']!r}"))
        order = 0
    document = Document(
        id=path.stem,
        path=path,
        title=meta.get("title", path.stem),
        order=order,
        summary=meta.get("summary", ""),
        text=text,
    )
    body_start = meta_token.map[1] if meta_token.map else 0
    headings = [
        (t.map[0], int(t.tag[1]), tokens[i + 1].content)
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag in ("h2", "h3") and t.map
    ]
    taken: set[str] = set()
    intro = "\n".join(lines[body_start : headings[0][0] if headings else len(lines)]).strip()
    if intro:
        document.sections.append(
            Section(document.id, _unique_anchor("overview", taken), "Overview", 2, intro, body_start + 1)
        )
    for index, (start, level, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(lines)
        body = "\n".join(lines[start + 1 : end]).strip()
        document.sections.append(
            Section(document.id, _unique_anchor(title, taken), strip_citations(title).strip(), level, body, start + 1)
        )
    problems += _citation_problems(path, lines)
    problems += _uncited_blocks(path, tokens)
    return document, problems


def _citation_problems(path: Path, lines: list[str]) -> list[Problem]:
    problems = []
    for number, line in enumerate(lines, start=1):
        problems += [Problem(path, number, c.malformed) for c in find_citations(line) if c.malformed]
        if "[@" in line and not find_citations(line):
            problems.append(Problem(path, number, "unclosed citation: '[@' without a closing ']'"))
    return problems


def _uncited_blocks(path: Path, tokens: Sequence[Token]) -> list[Problem]:
    """Paragraphs of substance and table rows that cite nothing (authoring rule, not fatal)."""
    problems = []
    in_body, row_line = False, 0
    row_text: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "paragraph_open" and token.map and index + 1 < len(tokens):
            inline = tokens[index + 1].content
            words = len(strip_citations(inline).split())
            exempt = _TOPICS_LINE.match(inline) or _ALSO_LINE.match(inline)
            if words >= MIN_WORDS_TO_CITE and not find_citations(inline) and not exempt:
                problems.append(
                    Problem(path, token.map[0] + 1, f"paragraph of {words} words cites no excerpt", fatal=False)
                )
        elif token.type == "tbody_open":
            in_body = True
        elif token.type == "tbody_close":
            in_body = False
        elif in_body and token.type == "tr_open":
            row_line, row_text = (token.map[0] + 1 if token.map else 0), []
        elif in_body and token.type == "inline":
            row_text.append(token.content)
        elif in_body and token.type == "tr_close" and not find_citations(" ".join(row_text)):
            problems.append(Problem(path, row_line, "table row cites no excerpt", fatal=False))
    return problems


def _glossary_terms(document: Document) -> tuple[dict[str, GlossaryTerm], list[Problem]]:
    terms: dict[str, GlossaryTerm] = {}
    problems = []
    for section in document.sections:
        if section.id == "overview":
            continue
        first, _, rest = section.body.partition("\n")
        also = _ALSO_LINE.match(first.strip())
        aliases = tuple(a.strip() for a in also.group(1).split(";") if a.strip()) if also else ()
        definition = rest.strip() if also else section.body
        term = GlossaryTerm(slugify(section.title), section.title, aliases, definition, section.line)
        if not definition:
            problems.append(Problem(document.path, section.line, f"glossary term {term.term!r} has no definition"))
        if term.id in terms:
            problems.append(Problem(document.path, section.line, f"glossary term {term.term!r} is defined twice"))
        terms[term.id] = term
    return terms, problems


def _timeline_events(document: Document) -> tuple[list[TimelineEvent], list[Problem]]:
    events, problems = [], []
    for section in document.sections:
        if section.level != 2 or section.id == "overview":
            continue
        match = _DATE_HEADING.match(section.title)
        if not match:
            problems.append(
                Problem(
                    document.path,
                    section.line,
                    f"timeline heading {section.title!r} must start with a date: 'YYYY[-MM[-DD]] · title'",
                )
            )
            continue
        topics_match = _TOPICS_LINE.search(section.body)
        topics = tuple(t.strip() for t in topics_match.group(1).split(",")) if topics_match else ()
        events.append(TimelineEvent(match.group(1), match.group(2).strip(), section, topics))
    if [e.date for e in events] != sorted(e.date for e in events):
        problems.append(Problem(document.path, 1, "timeline events are not in date order", fatal=False))
    return events, problems


def load_content(root: Path) -> Content:
    """Read every Markdown file of ``root``.

    Raises:
        DataError: the directory is missing, or a file cannot be read as UTF-8 text.
    """
    if not root.is_dir():
        raise DataError(f"{root}: content directory not found")
    content = Content(root=root)
    parser = _parser()
    for name in (*PANE_FILES, GLOSSARY_FILE):
        if not (root / f"{name}.md").exists():
            content.problems.append(Problem(root / f"{name}.md", 0, REQUIRED_MISSING))
    for path in sorted(root.glob("*.md")):
        try:
            # Control characters (ANSI escapes...) must never reach the terminal: drop them on the way in.
            text = strip_control(path.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            raise DataError(f"{path}: content file is not UTF-8 text") from None
        except OSError as err:
            raise DataError(f"{path}: cannot read content file ({err.strerror})") from None
        document, problems = parse_document(path, text, parser)
        content.problems += problems
        if document is not None:
            content.documents[document.id] = document
    if GLOSSARY_FILE in content.documents:
        content.glossary, problems = _glossary_terms(content.documents[GLOSSARY_FILE])
        content.problems += problems
    if "timeline" in content.documents:
        content.timeline, problems = _timeline_events(content.documents["timeline"])
        content.problems += problems
    for document in content.documents.values():
        for section in document.sections:
            for words, slug in term_links(section.body):
                if slug not in content.glossary:
                    content.problems.append(
                        Problem(
                            document.path, section.line, f"glossary link [{words}](term:{slug}) names no glossary term"
                        )
                    )
    return content
