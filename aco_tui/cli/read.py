"""``aco-tui read``: the explainer as text, for pipes, screen readers, dumb terminals and SSH.

``read --list`` lists the panes; ``read PANE`` prints one (``read PANE --list`` lists its sections);
``read PANE SECTION...`` prints one section and those under it, found by slug or heading words.
Each section ends with its citations as numbered footnotes quoting the excerpt verbatim with its
source, date and section. Plain text (:mod:`aco_tui.render.plain`) when piped, with
``NO_COLOR`` or ``TERM=dumb``; on a colour terminal the app's own renderer
(:mod:`aco_tui.render.markdown`) draws it with Rich, through ``$PAGER`` (else
``less -R``) when it is longer than the screen. Never a pager over SSH: a pager can start a shell.
Nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import os
import sys

from aco_tui.cli.parser import knowledge_paths

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.cli.parser import Subcommands
    from aco_tui.knowledge.base import KnowledgeBase
    from aco_tui.knowledge.content import Document, Section

READABLE_WIDTH = 88  # the widest a line gets on a wide terminal (unless --width says otherwise)
PIPE_WIDTH = 80  # lines on a pipe, unless COLUMNS or --width says otherwise
MIN_WIDTH = 20
DEFAULT_PAGER = "less -R"
EXAMPLES = """examples:
  aco-tui read --list                     the panes
  aco-tui read concepts                   one pane, every section
  aco-tui read concepts --list            its sections
  aco-tui read concepts in brief          one section (heading words or its name)
  aco-tui read glossary ACO               one glossary term
  aco-tui read timeline --width 0 | ...   one line per paragraph (for screen readers)

exit status: 0 when printed, 2 for an unknown pane or section"""


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``read`` sub-command."""
    read = commands.add_parser(
        "read",
        parents=[common],
        help="print a pane or section as text, with its citations",
        description="Print the explainer as text: a pane, or one section of it, each section followed "
        "by its citations as numbered footnotes quoting the source excerpt.",
        epilog=EXAMPLES,
    )
    read.add_argument(
        "pane",
        nargs="?",
        metavar="PANE",
        help="concepts, contract-models, legal-challenges, commentary, timeline or glossary",
    )
    read.add_argument("section", nargs="*", metavar="SECTION", help="a section's name or words of its heading")
    read.add_argument("--list", action="store_true", help="list the panes (with PANE: its sections)")
    read.add_argument(
        "--width",
        type=int,
        metavar="N",
        help="wrap lines at N columns (0: do not wrap; default: the terminal, at most "
        f"{READABLE_WIDTH}, or {PIPE_WIDTH} on a pipe)",
    )
    read.add_argument("--no-pager", action="store_true", help="never page the output")
    read.set_defaults(handler=run_read)


# -- what to print --------------------------------------------------------------------------------


def _target(args: argparse.Namespace) -> tuple[str | None, str]:
    """(pane, section words) from the arguments; ``PANE/SECTION`` is accepted too."""
    pane, section = args.pane, " ".join(args.section).strip()
    if pane and "/" in pane and not section:
        pane, _, section = pane.partition("/")
    return pane, section


def _resolve(knowledge: KnowledgeBase, pane: str, section_name: str) -> tuple[Document, list[Section]]:
    from aco_tui.errors import UsageError
    from aco_tui.knowledge.reading import NotFound, find_document, find_section, with_subsections
    from aco_tui.safe_text import visible

    content = knowledge.content
    try:
        document = find_document(content, pane)
        if not section_name:
            return document, list(document.sections)
        section = find_section(content, document, section_name)
    except NotFound as err:
        raise UsageError(visible(str(err))) from None
    return document, with_subsections(document, section)


def _list_lines(knowledge: KnowledgeBase, pane: str | None) -> list[str]:
    from aco_tui.knowledge.reading import readable_documents

    if pane is None:
        documents = readable_documents(knowledge.content)
        width = max(len(d.id) for d in documents)
        lines = [f"{d.id.ljust(width)}  {d.title} ({len(d.sections)} sections): {d.summary}" for d in documents]
        return [*lines, "", "'aco-tui read PANE' prints a pane; 'aco-tui read PANE --list' lists its sections."]
    _document, sections = _resolve(knowledge, pane, "")
    return [f"{'  ' * (s.level - 2)}{s.title}  ({s.id})" for s in sections]


# -- output -----------------------------------------------------------------------------------------


def _terminal_columns() -> int | None:
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return None


def _width(args: argparse.Namespace) -> int | None:
    """Columns to wrap at (None: no wrapping)."""
    from aco_tui.errors import UsageError

    if args.width is not None:
        if args.width == 0:
            return None
        if args.width < MIN_WIDTH:
            raise UsageError(f"--width must be 0 (no wrapping) or at least {MIN_WIDTH}")
        return int(args.width)
    try:
        columns = int(os.environ.get("COLUMNS", "")) or None
    except ValueError:
        columns = None
    columns = columns or _terminal_columns() or PIPE_WIDTH
    return max(MIN_WIDTH, min(columns, READABLE_WIDTH))


def plain_text(
    knowledge: KnowledgeBase, document: Document, sections: list[Section], width: int | None, whole: bool
) -> str:
    """The sections as plain text (a whole pane starts with its title)."""
    from aco_tui.render.plain import section_lines

    lines = [f"# {document.title}", ""] if whole else []
    for number, section in enumerate(sections):
        if number:
            lines.append("")
        lines += section_lines(knowledge.store, section, width)
    return "\n".join(lines) + "\n"


def rich_text(
    knowledge: KnowledgeBase, document: Document, sections: list[Section], width: int | None, whole: bool
) -> str:
    """The sections drawn by the app's renderer, as text with the terminal's escape codes."""
    from rich.console import Console
    from rich.text import Text

    from aco_tui.knowledge.blocks import Heading, Span
    from aco_tui.render.markdown import MarkdownStyles, render_blocks
    from aco_tui.render.plain import CITATIONS_LABEL, footnote_lines, section_blocks

    styles = MarkdownStyles()
    console = Console(width=width or READABLE_WIDTH, highlight=False, emoji=False, markup=False)
    with console.capture() as capture:
        if whole:
            console.print(render_blocks((Heading(1, (Span(document.title),)),), styles), Text())
        for section in sections:
            console.print(render_blocks(section_blocks(section), styles), Text())
            notes = footnote_lines(knowledge.store, section.display.citations, width)
            for line in notes:
                console.print(Text(line, style="bold" if line == CITATIONS_LABEL else ""))
            if notes:
                console.print()
    return capture.get()


def _page(text: str, use_pager: bool) -> None:
    """Write ``text``, through a pager when asked and it is longer than the screen."""
    if use_pager:
        try:
            rows = os.get_terminal_size(sys.stdout.fileno()).lines
        except (OSError, ValueError):
            rows = 0
        if rows and text.count("\n") >= rows and _run_pager(text):
            return
    sys.stdout.write(text)
    sys.stdout.flush()


def _run_pager(text: str) -> bool:
    """Show ``text`` in ``$PAGER`` (else ``less -R``); False if no pager could be started."""
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or DEFAULT_PAGER)
    if not command:
        return False
    env = {**os.environ, "LESS": os.environ.get("LESS", "FRX")}  # as git does: colours, quit if it fits
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env, encoding="utf-8", errors="replace")
    except OSError:
        return False
    try:
        assert pager.stdin is not None
        pager.stdin.write(text)
        pager.stdin.close()
    except BrokenPipeError:  # the reader quit the pager before the end
        pass
    while True:
        try:
            pager.wait()
            return True
        except KeyboardInterrupt:  # Ctrl+C belongs to the pager (less uses it to stop a search)
            continue


def _use_colour() -> bool:
    from aco_tui.cli.lookup import use_colour

    return use_colour()


def _may_page(args: argparse.Namespace) -> bool:
    from aco_tui.env import SSH_ENV

    if args.no_pager or os.environ.get(SSH_ENV) == "1" or os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def run_read(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui read``."""
    from aco_tui.errors import UsageError
    from aco_tui.knowledge.base import load_knowledge

    pane, section = _target(args)
    width = _width(args)
    if args.list and section:
        raise UsageError("give --list with a PANE at most, not a SECTION")
    knowledge = load_knowledge(knowledge_paths(args)).require_usable()
    if args.list or pane is None:
        _page("\n".join(_list_lines(knowledge, pane)) + "\n", _may_page(args))
        return 0
    document, sections = _resolve(knowledge, pane, section)
    render = rich_text if _use_colour() else plain_text
    _page(render(knowledge, document, sections, width, whole=not section), _may_page(args))
    return 0
