"""``aco-tui lookup`` and ``aco-tui define``: output, JSON shape, exit codes, colour, imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO
from search_fixtures import write_knowledge

from aco_tui.cli.main import build_parser, main


@pytest.fixture
def kb(tmp_path, monkeypatch) -> list[str]:
    """The fixture knowledge base as command-line options, with the cache in tmp_path."""
    monkeypatch.setenv("ACO_TUI_CACHE", str(tmp_path / "cache"))
    for name in ("NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    store, content = write_knowledge(tmp_path / "kb")
    return ["--store", str(store), "--content", str(content)]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- lookup ----------------------------------------------------------------------------------------


def test_lookup_prints_ranked_results(kb, capsys):
    code, out, err = run(capsys, "lookup", *kb, "partial", "integration")
    assert code == 0
    assert out.startswith("1. [term] Partial integration\n")
    assert "2. [section] Partial integration" in out
    assert "in Contract models" in out  # where the section is
    assert "\x1b" not in out + err  # captured output is not a terminal: plain
    assert out.count("\n\n") == 5  # default limit 5, then the line that dates every answer
    assert out.rstrip().endswith("they do not cover later events.)")


def test_excerpt_results_carry_their_citation(kb, capsys):
    code, out, _err = run(capsys, "lookup", *kb, "Hawking", "--limit", "1")
    assert code == 0
    assert "[excerpt] 3.2 JR4NHS \u2014 JR4NHS" in out
    assert (
        "Accountable Care Organisations (House of Commons Library, 2018-01-09), 3.2 JR4NHS [ex-jr4nhs-hawking]" in out
    )


def test_limit(kb, capsys):
    _code, out, err = run(capsys, "lookup", *kb, "contract", "-n", "2")
    assert "1. " in out and "2. " in out and "3. " not in out
    assert "--limit N shows more" in err


def test_json_shape(kb, capsys):
    code, out, _err = run(capsys, "lookup", *kb, "--json", "--limit", "20", "capitated", "budget")
    assert code == 0
    results = json.loads(out)
    assert isinstance(results, list) and results
    for item in results:
        assert {"kind", "id", "title", "text", "source", "score"} <= set(item)
        assert item["kind"] in ("term", "section", "excerpt")
        assert (item["source"] is None) == (item["kind"] != "excerpt")
        assert isinstance(item["score"], float)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)
    first = results[0]
    assert first["kind"] == "term" and first["id"] == "capitated-budget"
    assert first["text"] == "A fixed yearly sum for the care of a population, rather than payment per service."
    excerpt = next(r for r in results if r["kind"] == "excerpt")
    assert excerpt["source"] == "briefing" and excerpt["text"].startswith("The organisation usually")


def test_json_text_is_the_whole_section_body(kb, capsys):
    _code, out, _err = run(capsys, "lookup", *kb, "--json", "partial integration kind:section", "-n", "1")
    section = json.loads(out)[0]
    assert section["id"] == "contract-models#partial-integration"
    assert section["text"].startswith("Under partial integration GPs keep")
    assert section["text"].rstrip().endswith("Partial integration | kept")
    assert section["doc_id"] == "contract-models" and section["section_id"] == "partial-integration"


def test_no_results_exits_1_and_suggests(kb, capsys):
    code, out, err = run(capsys, "lookup", *kb, "Hakwign")
    assert code == 1 and out == ""
    assert "no results for 'Hakwign'" in err
    assert "did you mean: hawking" in err


def test_no_results_json_is_an_empty_array(kb, capsys):
    code, out, err = run(capsys, "lookup", *kb, "--json", "xyzzyplugh")
    assert code == 1 and json.loads(out) == []
    assert "no results" in err


def test_typo_correction_is_reported(kb, capsys):
    code, out, err = run(capsys, "lookup", *kb, "capitaton")
    assert code == 0 and "Capitated budget" in out
    assert "no match for 'capitaton'; searched for 'capitation' instead" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["lookup", ""], "empty query"),
        (["lookup", "   "], "empty query"),
        (["lookup", ".*+?("], "nothing to search for"),
        (["lookup", "aco", "--limit", "0"], "--limit must be at least 1"),
        (["lookup", "kind:banana"], "unknown kind 'banana'"),
        (["define"], "which term?"),
        (["define", "ACO", "--list"], "not both"),
    ],
)
def test_bad_usage_exits_2(kb, capsys, argv, message):
    code, out, err = run(capsys, argv[0], *kb, *argv[1:])
    assert code == 2 and out == ""
    assert err.startswith("aco-tui: ") and message in err


def test_argparse_errors_exit_2_with_one_line(kb, capsys):
    for argv in (["lookup"], ["lookup", "aco", "--limit", "lots"]):
        capsys.readouterr()
        assert main([argv[0], *kb, *argv[1:]]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("aco-tui: ") and "'aco-tui lookup --help'" in err


def test_only_stopwords_exits_1_with_a_message(kb, capsys):
    code, _out, err = run(capsys, "lookup", *kb, "what", "is", "the")
    assert code == 1
    assert "only common words (what, is, the)" in err


def test_long_query(kb, capsys):
    code, _out, err = run(capsys, "lookup", *kb, "Hawking " + "x" * 10_000)
    assert code == 0
    assert "only its first 2000 characters" in err


@pytest.mark.parametrize(
    "query, shown",
    [
        ("[bold red]nothing[/bold red]", "[bold red]nothing[/bold red]"),
        ("\x1b[31mzzzz\x1b[0m", "\\x1b[31mzzzz\\x1b[0m"),
        ("zzzz\u202eevil", "zzzz\\u202eevil"),
        ("(zzzz|qqqq)+$", "(zzzz|qqqq)+$"),
        ("Ménière 医疗 🏥", "Ménière 医疗 🏥"),
    ],
)
def test_queries_are_echoed_literally(kb, capsys, query, shown):
    code, out, err = run(capsys, "lookup", *kb, query)
    assert code == 1
    assert f"no results for '{shown}'" in err
    assert "\x1b" not in out + err and "\u202e" not in out + err


def test_markup_in_a_query_still_searches(kb, capsys):
    code, out, _err = run(capsys, "lookup", *kb, "[bold]Hawking[/bold]", "-n", "1")
    assert code == 0 and "ex-jr4nhs-hawking" in out


def test_no_color_wins_over_force_color(kb, capsys, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    _code, out, _err = run(capsys, "lookup", *kb, "Hawking")
    assert "\x1b[1;33mHawking\x1b[0m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _code, out, _err = run(capsys, "lookup", *kb, "Hawking")
    assert "\x1b" not in out


# -- define ----------------------------------------------------------------------------------------


def test_define_prints_definition_and_citations(kb, capsys):
    code, out, _err = run(capsys, "define", *kb, "capitation")
    assert code == 0
    assert out.splitlines()[:2] == ["Capitated budget", "Also: capitation; capitated payment"]
    assert "A fixed yearly sum for the care of a population" in out
    assert (
        "Sources:\n  - Accountable Care Organisations (House of Commons Library, 2018-01-09), Summary [ex-capitated]"
        in out
    )


def test_define_by_acronym_and_json(kb, capsys):
    code, out, _err = run(capsys, "define", *kb, "--json", "pacs")
    assert code == 0
    data = json.loads(out)
    assert data["id"] == "primary-and-acute-care-system-pacs" and data["kind"] == "term"
    assert data["citations"][0]["excerpt"] == "ex-pacs"


def test_define_near_miss_suggests(kb, capsys):
    code, out, err = run(capsys, "define", *kb, "capitaton")
    assert code == 1 and out == ""
    assert "no glossary term 'capitaton'" in err and "did you mean: Capitated budget" in err


def test_define_list(kb, capsys):
    code, out, _err = run(capsys, "define", *kb, "--list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 7
    assert "ACO (accountable care organisation; accountable care organisations)" in lines
    assert "Primary and acute care system (PACS)" in lines


# -- processes: piping, terminals, imports ---------------------------------------------------------


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(PYTHONPATH=str(REPO), ACO_TUI_CACHE=str(tmp_path / "cache"), **extra)
    return env


def test_piped_output_is_plain(kb, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "aco_tui", "lookup", *kb, "Hawking"],
        env=_env(tmp_path, TERM="xterm"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0
    assert "Hawking" in done.stdout and "\x1b" not in done.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color, coloured", [(None, True), ("1", False)])
def test_terminal_output_is_coloured_unless_no_color(kb, tmp_path, no_color, coloured):
    import pty

    main_fd, child_fd = pty.openpty()
    env = _env(tmp_path, TERM="xterm", **({"NO_COLOR": no_color} if no_color else {}))
    process = subprocess.Popen(
        [sys.executable, "-m", "aco_tui", "lookup", *kb, "Hawking"], env=env, stdout=child_fd, stderr=subprocess.DEVNULL
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=30)
    os.close(main_fd)
    output = b"".join(chunks).decode("utf-8", "replace")
    assert "Hawking" in output
    assert ("\x1b[1;33mHawking\x1b[0m" in output) is coloured
    assert ("\x1b" in output) is coloured


LIST_MODULES = """
import sys
from aco_tui.cli.main import main
code = main(sys.argv[1:])
sys.stdout.flush()
print("\\n@@modules@@ " + " ".join(sorted(sys.modules)))
raise SystemExit(code)
"""
NEVER = (
    "textual",
    "rich",
    "psycopg",
    "aco_tui.storage.postgres",
    "aco_tui.ui.app",
    "aco_tui.ui",
    "aco_tui.quiz.app",
    "aco_tui.quiz.plan",
)
NOT_ON_A_CACHE_HIT = (
    "tinydb",
    "markdown_it",
    "mdit_py_plugins",
    "platformdirs",
    "aco_tui.knowledge.store",
    "aco_tui.knowledge.content",
    "aco_tui.knowledge.base",
    "aco_tui.search.index",
    "importlib.metadata",
    "dataclasses",
    "inspect",
    "pathlib",
    "typing",
    "json",
    "hashlib",
    "difflib",
    "unicodedata",
    "asyncio",
)


def _modules(tmp_path: Path, *argv: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, *argv],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = done.stdout.rsplit("@@modules@@ ", 1)[1]
    return set(line.split())


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_lookup_never_imports_textual_and_a_cached_lookup_imports_nothing_heavy(kb, tmp_path):
    building = _modules(tmp_path, "lookup", *kb, "capitated budget")
    assert not _loaded(building, NEVER), "the lookup path imported the UI"
    assert "tinydb" in building  # this first run built the index (so the next one is a cache hit)
    cached = _modules(tmp_path, "lookup", *kb, "capitated budget")
    assert not _loaded(cached, NEVER), "the lookup path imported the UI"
    assert not _loaded(cached, NOT_ON_A_CACHE_HIT), "a cached lookup imported modules it does not need"
    defined = _modules(tmp_path, "define", *kb, "ACO")
    assert not _loaded(defined, NEVER + NOT_ON_A_CACHE_HIT)


def test_wrapped_snippets_fit_the_terminal_in_cells_with_wide_characters():
    from types import SimpleNamespace

    from rich.cells import cell_len

    from aco_tui.cli.lookup import format_hit

    snippet = " ".join(["\u533b\u7597\u62c5\u5f53"] * 12)  # 4 wide characters a word: 8 cells, 4 characters
    hit = SimpleNamespace(
        kind="section",
        title="Wide",
        speaker=None,
        snippet=snippet,
        snippet_spans=[(0, 4)],
        citation="Concepts \u203a Wide",
        id="wide",
        cites=(),
    )
    lines = format_hit(1, hit, colour=False, width=40).split("\n")[1:-1]
    assert len(lines) > 1
    assert all(cell_len(line) <= 40 for line in lines)
    assert "".join(lines).replace(" ", "") == snippet.replace(" ", "")


@pytest.mark.parametrize(
    "argv, expected",
    [
        (["lookup", "x"], "lookup"),
        (["--data-dir", "quiz", "define", "x"], "define"),
        (["--store=a", "read"], "read"),
        (["--content", "lookup"], None),
        (["-h"], None),
        ([], None),
        (["nonsense"], None),
        (["progress", "--json"], "progress"),
    ],
)
def test_the_parser_is_built_for_the_command_named_only(argv, expected):
    from aco_tui.cli.main import COMMAND_MODULES, command_named

    assert command_named(argv) == expected
    assert set(COMMAND_MODULES) == set(build_parser()._subparsers._group_actions[0].choices)  # every command mapped
