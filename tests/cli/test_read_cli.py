"""``aco-tui read``: every pane as text with its footnotes, piped versus a terminal, unknown names."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from aco_tui.cli.main import main
from aco_tui.knowledge.reading import readable_documents

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def no_colour_settings(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "PAGER"):
        monkeypatch.delenv(name, raising=False)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _assert_footnotes_in_order(out: str, knowledge, sections) -> None:
    """Every section's citations, numbered from 1 under it, each quoting its excerpt word for word
    (an excerpt of several lines keeps them, indented under the number)."""
    position = 0
    for section in sections:
        for number, excerpt_id in enumerate(section.display.citations, start=1):
            marker = f"[{number}] "
            indent = "\n" + " " * max(len(marker), 4)
            quoted = marker + f"\u201c{knowledge.excerpt(excerpt_id).text}\u201d".replace("\n", indent) + indent
            found = out.find(quoted, position)
            assert found >= 0, quoted
            position = found + len(quoted)


# -- the real content ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pane", ["concepts", "contract-models", "legal-challenges", "commentary", "timeline", "glossary"]
)
def test_every_pane_prints_every_heading_and_quotes_every_citation_verbatim(pane, capsys, real_knowledge):
    document = real_knowledge.content.documents[pane]
    code, out, err = run(capsys, "read", pane, "--width", "0")
    assert code == 0 and err == ""
    assert out.startswith(f"# {document.title}\n")
    lines = out.splitlines()
    for section in document.sections:
        assert "#" * section.level + " " + section.title in lines
    _assert_footnotes_in_order(out, real_knowledge, document.sections)
    assert out.count("\nCitations:\n") == sum(1 for s in document.sections if s.display.citations)
    assert "](term:" not in out and "[@" not in out and "\x1b" not in out


def test_each_section_numbers_its_own_citations_and_lists_them_after_it(capsys, real_knowledge):
    section = real_knowledge.content.documents["concepts"].section("what-an-aco-is")
    code, out, _err = run(capsys, "read", "concepts", "what-an-aco-is", "--width", "0")
    assert code == 0
    body, notes = out.split("\nCitations:\n")
    cited = section.display.citations
    assert sorted({int(n) for n in re.findall(r"\[(\d+)\]", body)}) == list(range(1, len(cited) + 1))
    first = real_knowledge.store.citation_text(cited[0]).split("\n")
    assert notes.startswith(f"[1] {first[0]}\n    {first[1]}\n    {first[2]}\n    {first[3]}\n")
    assert (
        "Section: " in notes
        and real_knowledge.store.sources[real_knowledge.excerpt(cited[0]).source].date_label in notes
    )


@pytest.mark.parametrize("width", [20, 41, 80, 88, 120])
def test_no_line_is_wider_than_asked(width, capsys):
    for pane in ("concepts", "contract-models", "legal-challenges"):
        code, out, _err = run(capsys, "read", pane, "--width", str(width))
        assert code == 0
        assert max(len(line) for line in out.splitlines()) <= width


def test_wide_tables_are_aligned_columns_or_records_by_width(capsys):
    _code, wide, _err = run(capsys, "read", "contract-models", "three levels of gp integration", "--width", "120")
    assert re.search(r"^Level +What the single contract +What happens to", wide, flags=re.MULTILINE)
    assert re.search(r"^-+  -+  -+", wide, flags=re.MULTILINE)
    _code, narrow, _err = run(capsys, "read", "contract-models", "three levels of gp integration", "--width", "60")
    assert "Level: Virtual integration" in narrow and "  What GPs sign: " in narrow


# -- small knowledge base --------------------------------------------------------------------------


@pytest.fixture
def kb(mini_kb) -> list[str]:
    return ["--store", str(mini_kb.store), "--content", str(mini_kb.content)]


def test_a_section_is_found_by_heading_words_and_brings_its_subsections(kb, capsys):
    code, out, _err = run(capsys, "read", *kb, "concepts", "what", "is", "--width", "0")
    assert code == 0
    assert out.startswith("## What is an ACO?\n")
    assert "### Money" in out and "An ACO is one organisation" in out  # the term link is plain words
    assert out.count("Citations:") == 2
    code, slash, _err = run(capsys, "read", *kb, "concepts/money", "--width", "0")
    assert code == 0 and slash.startswith("### Money\n") and "What is an ACO?" not in slash


def test_glossary_terms_are_found_by_their_other_names(kb, capsys):
    code, out, _err = run(capsys, "read", *kb, "glossary", "accountable care organisation")
    assert code == 0 and out.startswith("## ACO\n") and "Also: accountable care organisation" in out


def test_lists_name_the_panes_and_their_sections(kb, capsys):
    code, out, _err = run(capsys, "read", *kb, "--list")
    assert code == 0 and [line.split()[0] for line in out.splitlines()[:6]] == [
        "concepts",
        "contract-models",
        "legal-challenges",
        "commentary",
        "timeline",
        "glossary",
    ]
    code, out, _err = run(capsys, "read", *kb, "concepts", "--list")
    assert out.splitlines() == ["What is an ACO?  (what-is-an-aco)", "  Money  (money)"]
    code, out, _err = run(capsys, "read", *kb)
    assert code == 0 and "concepts" in out


@pytest.mark.parametrize(
    ("argv", "names"),
    [
        (["nope"], "the panes are: concepts, contract-models, legal-challenges, commentary, timeline, glossary"),
        (["concepts", "nope"], "no section 'nope' in concepts; its sections are: what-is-an-aco, money"),
        (["sources"], "the panes are:"),
        (["concepts", "\x1b[2Jx"], "\\x1b[2Jx"),
    ],
)
def test_unknown_names_get_one_line_listing_what_exists_and_status_2(kb, capsys, argv, names):
    code, out, err = run(capsys, "read", *kb, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and names in err and "\x1b" not in err


def test_bad_widths_are_usage_errors(kb, capsys):
    code, _out, err = run(capsys, "read", *kb, "concepts", "--width", "5")
    assert code == 2 and "--width must be 0" in err


# -- pipes, terminals, pagers ------------------------------------------------------------------------


def test_piped_output_is_plain_and_force_color_gives_rich_formatting(kb, capsys, monkeypatch):
    _code, plain, _err = run(capsys, "read", *kb, "concepts")
    assert "\x1b" not in plain
    monkeypatch.setenv("FORCE_COLOR", "1")
    _code, coloured, _err = run(capsys, "read", *kb, "concepts")
    assert "\x1b[1m" in coloured and "What is an ACO?" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    _code, again, _err = run(capsys, "read", *kb, "concepts")
    assert again == plain


def _on_a_terminal(argv: list[str], env: dict[str, str], rows: int = 10, cols: int = 70) -> str:
    """Run ``aco-tui`` on a pseudo-terminal of ``rows`` x ``cols`` and return everything it showed."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    child = subprocess.Popen(
        [sys.executable, "-m", "aco_tui", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, **env},
        cwd=ROOT,
        close_fds=True,
    )
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    child.wait(timeout=60)
    os.close(master)
    return shown.decode("utf-8", "replace")


@pytest.fixture
def terminal_env(kb, tmp_path, monkeypatch) -> dict[str, str]:
    for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "ACO_TUI_SSH", "LESS"):
        monkeypatch.delenv(name, raising=False)
    return {
        "TERM": "xterm-256color",
        "ACO_TUI_STORE": kb[1],
        "ACO_TUI_CONTENT": kb[3],
        "PAGER": f"sh -c 'cat > {tmp_path}/paged'",
    }


def test_a_terminal_gets_colour_and_a_pager_when_the_text_is_longer_than_the_screen(terminal_env, tmp_path):
    shown = _on_a_terminal(["read", "concepts"], terminal_env)
    paged = (tmp_path / "paged").read_text(encoding="utf-8")
    assert "\x1b[" in paged and "What is an ACO?" in paged and "What is an ACO?" not in shown


def test_short_text_no_pager_and_ssh_sessions_print_directly(terminal_env, tmp_path):
    shown = _on_a_terminal(["read", "concepts", "money"], terminal_env, rows=40)
    assert "Money" in shown and not (tmp_path / "paged").exists()
    shown = _on_a_terminal(["read", "concepts", "--no-pager"], terminal_env)
    assert "What is an ACO?" in shown and not (tmp_path / "paged").exists()
    shown = _on_a_terminal(["read", "concepts"], {**terminal_env, "ACO_TUI_SSH": "1"})
    assert "What is an ACO?" in shown and not (tmp_path / "paged").exists()  # a pager could start a shell


@pytest.mark.parametrize("setting", [{"NO_COLOR": "1"}, {"TERM": "dumb"}])
def test_no_color_and_dumb_terminals_get_plain_text(terminal_env, setting):
    shown = _on_a_terminal(["read", "concepts", "money", "--no-pager"], {**terminal_env, **setting}, rows=40)
    assert "### Money" in shown and "\x1b[" not in shown


def test_read_never_imports_textual(kb):
    probe = (
        "import sys; from aco_tui.cli.main import main; main(sys.argv[1:]); "
        "sys.stderr.write(str(sorted(m for m in sys.modules if m.startswith('textual'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "read", *kb, "concepts"],
        capture_output=True,
        text=True,
        env={**os.environ, "FORCE_COLOR": "1"},
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 0 and done.stderr == "[]"


def test_the_shipped_panes_are_all_readable(real_knowledge):
    assert [d.id for d in readable_documents(real_knowledge.content)] == [
        "concepts",
        "contract-models",
        "legal-challenges",
        "commentary",
        "timeline",
        "glossary",
    ]
