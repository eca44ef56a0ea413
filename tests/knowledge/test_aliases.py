"""``content/aliases.toml``: parsed strictly, every problem reported by ``aco-tui check`` with its line."""

from __future__ import annotations

import json

from aco_tui.cli.main import main
from aco_tui.knowledge.aliases import load_aliases, parse_aliases


def test_both_tables_are_read_and_trimmed():
    aliases = parse_aliases(
        '[words]\npaid = ["capitated budget", " payment "]\n"put on hold" = ["delay"]\n'
        '[sections]\n"concepts#money" = ["funding"]\n'
    )
    assert aliases.words == {"paid": ("capitated budget", "payment"), "put on hold": ("delay",)}
    assert aliases.sections == {"concepts#money": ("funding",)} and aliases.problems == []


def test_no_file_means_no_aliases(tmp_path):
    assert load_aliases(tmp_path).words == {} and load_aliases(tmp_path).problems == []


def test_structure_problems_name_their_line():
    aliases = parse_aliases('[words]\npaid = "capitated budget"\nok = ["budget"]\nempty = []\n\n[extra]\nx = ["y"]\n')
    assert aliases.words == {"ok": ("budget",)}
    assert [line for line, _message in aliases.problems] == [2, 4, 6]
    assert "must be a list of words" in aliases.problems[0][1] and "unknown table 'extra'" in aliases.problems[2][1]
    broken = parse_aliases('[words]\npaid = ["a",, "b"]\n')
    assert broken.problems[0][1].startswith("not valid TOML") and broken.problems[0][0] == 2


def test_check_reports_aliases_that_point_nowhere(mini_kb, capsys):
    (mini_kb.content / "aliases.toml").write_text(
        '[words]\nmoney = ["budget"]\ncash = ["bitcoin"]\n\n[sections]\n"concepts#money" = ["pay"]\n'
        '"concepts#nowhere" = ["x"]\n',
        encoding="utf-8",
    )
    options = ["--store", str(mini_kb.store), "--content", str(mini_kb.content)]
    assert main(["check", *options]) == 1
    out = capsys.readouterr().out
    assert "error: content/aliases.toml:3: [words] 'cash': 'bitcoin' is not used in the content" in out
    assert "error: content/aliases.toml:7: [sections] 'concepts#nowhere': no such section" in out
    assert out.count("aliases.toml") == 2
    assert main(["check", "--json", *options]) == 1
    assert json.loads(capsys.readouterr().out)["search_aliases"] == 4


def test_the_shipped_aliases_are_clean(real_knowledge):
    from aco_tui.knowledge.aliases import alias_problems

    aliases = load_aliases(real_knowledge.content.root)
    assert aliases.words and aliases.sections
    assert aliases.problems == [] and alias_problems(aliases, real_knowledge.content) == []
