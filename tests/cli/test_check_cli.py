"""`aco-tui check` on good and broken knowledge bases: messages, JSON and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from kbfixtures import EXCERPTS, FILES, write_knowledge

from aco_tui.cli.main import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def kb_args(paths):
    return ["--store", str(paths.store), "--content", str(paths.content)]


def test_clean_fixture(capsys, mini_kb):
    code, out, err = run(capsys, "check", *kb_args(mini_kb))
    assert code == 0, out
    assert out.strip().endswith(": clean")


def test_check_reads_the_files_and_leaves_the_start_up_cache_alone(capsys, mini_kb, isolated_user_dirs):
    from aco_tui.knowledge.base import load_knowledge

    load_knowledge(mini_kb)  # the app's start-up cache
    caches = list((isolated_user_dirs / "cache").glob("knowledge-*.pickle"))
    before = {p: p.stat().st_mtime_ns for p in caches}
    assert before
    (mini_kb.content / "commentary.md").write_text("---\nbroken front matter\n", encoding="utf-8")
    code, _, _ = run(capsys, "check", *kb_args(mini_kb))
    assert code == 1
    assert {p: p.stat().st_mtime_ns for p in caches} == before  # neither read nor rewritten by check


def test_json_counts(capsys, mini_kb):
    code, out, _ = run(capsys, "check", "--json", *kb_args(mini_kb))
    report = json.loads(out)
    assert code == 0
    assert {k: report[k] for k in ("sources", "excerpts", "content_files", "glossary_terms", "errors")} == {
        "sources": 2,
        "excerpts": 3,
        "content_files": 6,
        "glossary_terms": 1,
        "errors": [],
    }
    assert report["sections"] == 7 and report["citations"] >= 7


def test_uncited_excerpt_is_an_error_unless_explained(capsys, tmp_path):
    extra = {**EXCERPTS, "4": {"id": "lonely", "source": "src-a", "section": "s", "text": "t", "topics": ["concepts"]}}
    paths = write_knowledge(tmp_path / "one", excerpts=extra)
    code, out, _ = run(capsys, "check", *kb_args(paths))
    assert code == 1 and "excerpt 'lonely' is cited nowhere" in out
    extra["4"] = {**extra["4"], "uncited": "kept for the quiz only"}
    paths = write_knowledge(tmp_path / "two", excerpts=extra)
    assert run(capsys, "check", *kb_args(paths))[0] == 0


def test_glossary_term_without_citation(capsys, tmp_path):
    glossary = FILES["glossary.md"].replace(" [@a-definition]", "")
    paths = write_knowledge(tmp_path, files={"glossary.md": glossary})
    code, out, _ = run(capsys, "check", *kb_args(paths))
    assert code == 1 and "glossary term 'ACO' cites no excerpt" in out


@pytest.mark.parametrize(
    "breakage, expected",
    [
        (
            {"concepts.md": "---\ntitle: Concepts\n---\n\n## A\n\nShort. [@a-definition]\n"},
            "concepts.md:1: front matter: missing order, summary",
        ),
        (
            {"legal-challenges.md": FILES["legal-challenges.md"].replace("@b-hawking", "@b-hawkin")},
            "legal-challenges.md:9: unknown citation @b-hawkin",
        ),
    ],
)
def test_broken_content_is_listed_with_file_and_line(capsys, tmp_path, breakage, expected):
    paths = write_knowledge(tmp_path, files=breakage)
    code, out, err = run(capsys, "check", *kb_args(paths))
    assert code == 1
    assert expected in out
    assert "Traceback" not in out + err


def test_missing_store_is_reported_as_an_error(capsys, tmp_path, mini_kb):
    code, out, _ = run(capsys, "check", "--store", str(tmp_path / "none.json"), "--content", str(mini_kb.content))
    assert code == 1 and "excerpt store not found" in out


def test_lookup_path_env_override(capsys, mini_kb, monkeypatch):
    monkeypatch.setenv("ACO_TUI_STORE", str(mini_kb.store))
    monkeypatch.setenv("ACO_TUI_CONTENT", str(mini_kb.content))
    assert run(capsys, "check")[0] == 0


@pytest.mark.parametrize("store_text", ["", "{not json", "[]"])
def test_app_with_corrupt_store_exits_2_with_one_line(tmp_path, mini_kb, store_text):
    bad = tmp_path / "bad.json"
    bad.write_text(store_text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "aco_tui", "--store", str(bad), "--content", str(mini_kb.content)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert str(bad) in result.stderr


def test_app_without_a_terminal_points_to_plain_commands(mini_kb):
    result = subprocess.run(
        [sys.executable, "-m", "aco_tui", "--store", str(mini_kb.store), "--content", str(mini_kb.content)],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr and "lookup" in result.stderr and "quiz --plain" in result.stderr


def test_real_knowledge_base_is_clean(capsys):
    code, out, _ = run(capsys, "check")
    assert code == 0, out
