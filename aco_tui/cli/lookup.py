"""``aco-tui lookup QUERY...`` and ``aco-tui define TERM``: the search from the command line.

Registered by :mod:`aco_tui.cli.main`. Nothing heavy is imported here at module level, and the
handlers import only :mod:`aco_tui.search` (and :mod:`json` for ``--json``): no Textual, no
TinyDB, no markdown-it once the index is cached.

Output is plain text when stdout is not a terminal or ``NO_COLOR`` is set (``FORCE_COLOR``
forces colour); everything echoed back (the query, content) has control characters made
visible, so escape sequences are shown, never interpreted.
"""

from __future__ import annotations

import argparse
import os
import sys

from aco_tui.errors import UsageError
from aco_tui.safe_text import echo_quoted, visible
from aco_tui.text_wrap import wrap, wrap_spans

QUERY_HELP = """query syntax:
  words            ranked by relevance; common words are ignored, typos are corrected, but a real
                   English word the sources never use is named, never "corrected"
  X vs Y           a comparison (also "difference between X and Y"): what covers both first
  "a phrase"       only results containing these words in this order
  source:ID        only excerpts of one source (e.g. source:hoc-cbp-8190)
  topic:NAME       concepts, contract-models, legal-challenges, commentary or timeline
  kind:KIND        term, section or excerpt

every answer ends with the dates of its sources (2017-2018): nothing after April 2018 is covered

exit status: 0 with results, 1 with none, 2 on bad usage or a content folder missing its files"""

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TextIO

    from aco_tui.cli.parser import Subcommands
    from aco_tui.search.engine import SearchIndex
    from aco_tui.search.hit import SearchHit, SearchResult, Span

_BOLD, _DIM, _MATCH, _KIND, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[1;33m", "\x1b[36m", "\x1b[0m"


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``lookup`` and ``define`` sub-commands."""
    lookup = commands.add_parser(
        "lookup",
        parents=[common],
        help="search the glossary, the content and the source excerpts",
        description="Search glossary terms, content sections and source excerpts, best match first.",
        epilog=QUERY_HELP,
    )
    lookup.add_argument("query", nargs="+", metavar="QUERY", help='words, "phrases" and filters')
    lookup.add_argument("--limit", "-n", type=int, default=5, metavar="N", help="show at most N results (default 5)")
    lookup.add_argument("--json", action="store_true", help="print a JSON array of results, best first")
    lookup.set_defaults(handler=run_lookup)

    define = commands.add_parser(
        "define",
        parents=[common],
        help="print a glossary definition and its sources",
        description="Print the glossary definition of TERM (a name, alias or acronym) with the excerpts it cites.",
    )
    define.add_argument("term", nargs="*", metavar="TERM", help="the term, e.g. ACO or 'capitated budget'")
    define.add_argument("--list", action="store_true", help="list every glossary term")
    define.add_argument("--json", action="store_true", help="print JSON")
    define.set_defaults(handler=run_define)


# -- output helpers ------------------------------------------------------------------------------------


def use_colour() -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` or ``TERM=dumb``; ``FORCE_COLOR`` forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _width(colour: bool) -> int | None:
    if not colour:
        return None
    try:
        return max(40, min(os.get_terminal_size(sys.stdout.fileno()).columns, 120))
    except (OSError, ValueError, AttributeError):
        return 80


def paint(text: str, spans: Iterable[Span], colour: bool) -> str:
    """``text`` with ``spans`` highlighted (when ``colour``)."""
    if not colour or not spans:
        return text
    out, position = [], 0
    for start, end in spans:
        out += [text[position:start], _MATCH, text[start:end], _RESET]
        position = end
    out.append(text[position:])
    return "".join(out)


def _style(text: str, style: str, colour: bool) -> str:
    return f"{style}{text}{_RESET}" if colour else text


def _prepare_stdout() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)  # absent when replaced by a plain TextIO
        try:
            if reconfigure is not None:
                reconfigure(errors="backslashreplace")
        except ValueError:
            pass


def _load(args: argparse.Namespace) -> SearchIndex:
    # Start-up budget: cli/main imports this module for every command, the app's included.
    from aco_tui.search.cache import load_index

    return load_index(store=getattr(args, "store", None), content=getattr(args, "content", None))


# -- lookup --------------------------------------------------------------------------------------------

DATES_NOTE = "as the sources reported it, August 2017 to April 2018; they do not cover later events"


def dates_line(dates: list[str]) -> str:
    """The line that dates an answer: its sources and their dates."""
    return "Sources dated: " + "; ".join(dates) if dates else ""


def format_hit(number: int, hit: SearchHit, colour: bool, width: int | None, dates: list[str] | None = None) -> str:
    """One result as text: number, kind and title; snippet; citation; the dates of its sources."""
    title = visible(hit.title)
    if hit.kind == "excerpt" and hit.speaker:
        title = f"{title} \u2014 {visible(hit.speaker)}"
    head = f"{number}. {_style(f'[{hit.kind}]', _KIND, colour)} {_style(title, _BOLD, colour)}"
    indent = "   "
    inner = None if width is None else width - len(indent)
    lines = [(hit.snippet, hit.snippet_spans)] if inner is None else wrap_spans(hit.snippet, inner, hit.snippet_spans)
    body = [indent + paint(line, spans, colour) for line, spans in lines]
    citation = visible(hit.citation)
    if hit.kind == "section":
        citation = "in " + citation.rsplit(" \u203a ", 1)[0]
    if hit.kind == "excerpt":
        citation += f" [{hit.id}]"
    elif hit.cites:
        citation += f" \u00b7 cites {len(hit.cites)} excerpt{'s' if len(hit.cites) != 1 else ''}"
    body.append(indent + _style(citation, _DIM, colour))
    if dates and hit.kind != "excerpt":  # an excerpt's citation already names its source's date
        body.append(indent + _style(visible(dates_line(dates)), _DIM, colour))
    return "\n".join([head, *body])


def _explain(result: SearchResult, stream: TextIO) -> None:
    for typed, used in result.corrections:
        print(f"note: no match for {echo_quoted(typed)}; searched for {echo_quoted(used)} instead", file=stream)
    for note in result.notes:
        print(f"note: {visible(note)}", file=stream)


def run_lookup(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui lookup``."""
    _prepare_stdout()
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    query = " ".join(args.query)
    if not query.strip():
        raise UsageError("empty query: give some words to search for, e.g. aco-tui lookup capitated budget")
    index = _load(args)
    result = index.find(query, args.limit)
    if result.problems:
        raise UsageError(f"{visible(result.problems[0])} (query: {echo_quoted(query)})")
    _explain(result, sys.stderr)
    if args.json:
        import json  # lookup budget: only for --json

        print(
            json.dumps(
                [{**hit.as_json(), "sources_dated": index.source_dates(hit)} for hit in result.hits],
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        colour = use_colour()
        width = _width(colour)
        if result.hits:
            print(
                "\n\n".join(
                    format_hit(n, hit, colour, width, index.source_dates(hit))
                    for n, hit in enumerate(result.hits, start=1)
                )
            )
            print(_style(f"\n({DATES_NOTE[0].upper()}{DATES_NOTE[1:]}.)", _DIM, colour))
    if not result.hits:
        if result.uncovered:
            from aco_tui.search.engine import not_covered

            print(f"no results for {echo_quoted(query)}: {visible(not_covered(result.uncovered))}", file=sys.stderr)
            return 1
        print(f"no results for {echo_quoted(query)}", file=sys.stderr)
        if result.suggestions:
            print("did you mean: " + ", ".join(visible(s) for s in result.suggestions) + "?", file=sys.stderr)
        elif not result.notes:
            print("try other words, or 'aco-tui define --list' for the glossary terms", file=sys.stderr)
        return 1
    if result.total > len(result.hits) and not args.json:
        print(f"({len(result.hits)} of {result.total} results; --limit N shows more)", file=sys.stderr)
    return 0


# -- define --------------------------------------------------------------------------------------------


def run_define(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui define``."""
    _prepare_stdout()
    name = " ".join(args.term).strip()
    if args.list and name:
        raise UsageError("give a TERM or --list, not both")
    if not args.list and not name:
        raise UsageError("which term? e.g. aco-tui define ACO (or aco-tui define --list)")
    index = _load(args)
    if args.list:
        terms = index.terms()
        if args.json:
            import json  # lookup budget: only for --json

            print(
                json.dumps(
                    [{"id": t.id, "term": t.title, "aliases": list(t.aliases)} for t in terms],
                    ensure_ascii=False,
                    indent=2,
                )
            )
        else:
            for listed in terms:
                also = f" ({'; '.join(visible(a) for a in listed.aliases)})" if listed.aliases else ""
                print(f"{visible(listed.title)}{also}")
        return 0 if terms else 1
    term = index.define(name)
    if term is None:
        from aco_tui.search.engine import SUGGEST_MIN_RATIO

        print(f"no glossary term {echo_quoted(name)}", file=sys.stderr)
        close = index.closest_terms(name, min_ratio=SUGGEST_MIN_RATIO)
        if close:
            print("did you mean: " + ", ".join(visible(c) for c in close) + "?", file=sys.stderr)
        else:
            print("'aco-tui define --list' lists every term; 'aco-tui lookup' searches everything", file=sys.stderr)
        return 1
    cited = index.cited(term)
    if args.json:
        import json  # lookup budget: only for --json

        data = term.as_json()
        data["sources_dated"] = index.source_dates(term)
        data["citations"] = [
            {"excerpt": c.id, "source": c.source, "citation": c.citation, "text": c.text} for c in cited
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    colour = use_colour()
    width = _width(colour) or 80
    lines = [_style(visible(term.title), _BOLD, colour)]
    if term.aliases:
        lines.append("Also: " + "; ".join(visible(a) for a in term.aliases))
    lines.append("")
    for paragraph in visible(term.text, keep_newlines=True).split("\n"):
        lines += wrap(paragraph, width)
    dates = index.source_dates(term)
    if dates:
        lines += ["", *wrap(visible(dates_line(dates)) + f" ({DATES_NOTE})", width)]
    if cited:
        lines += ["", "Sources:"]
        lines += [f"  - {visible(c.citation)} [{c.id}]" for c in cited]
    print("\n".join(lines))
    return 0
