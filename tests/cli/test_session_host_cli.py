"""A session forked by the SSH session host parses its command line with the host's parser and
reuses the host's knowledge base only when it was loaded from the files the session names."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from aco_tui.cli import main as cli_main
from aco_tui.cli.session_host import Preloaded, run_session
from aco_tui.knowledge import base as knowledge_base
from aco_tui.knowledge.paths import KnowledgePaths


class CountingParser(argparse.ArgumentParser):
    """The host's parser, counting the command lines it parsed."""

    parsed = 0

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.parsed += 1
        return super().parse_args(*args, **kwargs)


def _host_parser() -> argparse.ArgumentParser:
    parser = cli_main.build_parser("app")
    parser.__class__ = type("CountingAppParser", (CountingParser, type(parser)), {})
    return parser


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Preloaded, list[KnowledgePaths]]:
    """A preloaded host (its parser, and a knowledge base standing for one loaded from the files
    below) in a process where building another parser or loading the knowledge base is recorded."""
    store, content = tmp_path / "store.json", tmp_path / "content"
    paths = KnowledgePaths.resolve(str(store), str(content))
    preloaded = Preloaded(knowledge=SimpleNamespace(paths=paths), parser=_host_parser())  # type: ignore[arg-type]
    loads: list[KnowledgePaths] = []

    def load_knowledge(paths: KnowledgePaths, **_options: object) -> object:
        loads.append(paths)
        return SimpleNamespace(paths=paths, require_usable=lambda: None)

    def no_second_parser(*_args: object) -> None:
        raise AssertionError("a forked session built the command line again")

    monkeypatch.setattr(knowledge_base, "load_knowledge", load_knowledge)
    monkeypatch.setattr(cli_main, "build_parser", no_second_parser)
    monkeypatch.chdir(tmp_path)
    return preloaded, loads


def _argv(tmp_path: Path, store: str = "store.json") -> list[str]:
    return [
        "app",
        "--data-dir",
        str(tmp_path / "data"),
        "--store",
        str(tmp_path / store),
        "--content",
        str(tmp_path / "content"),
    ]


def test_a_bad_option_is_refused_by_the_host_parser_with_one_line_and_exit_2(tmp_path, host, capsys):
    preloaded, loads = host
    assert run_session([*_argv(tmp_path), "--no-such-option"], preloaded) == 2
    assert preloaded.parser.parsed == 1  # type: ignore[attr-defined]
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--no-such-option" in err[0]
    assert loads == []


def test_the_host_knowledge_is_reused_when_the_session_names_the_same_files(tmp_path, host, capsys):
    preloaded, loads = host
    # no terminal under pytest: the app stops at that check, after choosing its knowledge base
    assert run_session(_argv(tmp_path), preloaded) == 2
    assert "needs a terminal" in capsys.readouterr().err
    assert preloaded.parser.parsed == 1  # type: ignore[attr-defined]
    assert loads == []


def test_other_files_are_read_afresh(tmp_path, host, capsys):
    preloaded, loads = host
    assert run_session(_argv(tmp_path, store="other-store.json"), preloaded) == 2
    assert [paths.store for paths in loads] == [tmp_path / "other-store.json"]


def test_text_that_is_not_utf8_is_refused_as_the_cold_command_line_refuses_it(tmp_path, host, capsys):
    preloaded, _loads = host
    assert run_session([*_argv(tmp_path), "--database", "postgresql://caf\udce9@db/aco"], preloaded) == 2
    assert "not valid UTF-8" in capsys.readouterr().err
