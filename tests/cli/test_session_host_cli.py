"""A session forked by the SSH session host parses its command line with the host's parser and
reuses the host's knowledge base only when it was loaded from the files the session names."""

from __future__ import annotations

import argparse
import gc
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from aco_tui.cli import app as cli_app
from aco_tui.cli import main as cli_main
from aco_tui.cli.session_host import Preloaded, run_session
from aco_tui.knowledge import base as knowledge_base
from aco_tui.knowledge.paths import KnowledgePaths
from aco_tui.ui import app as ui_app
from aco_tui.ui import startup_gc


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


@pytest.fixture(autouse=True)
def collector_as_it_was(monkeypatch: pytest.MonkeyPatch) -> Any:
    """run_app pauses the garbage collector as an app starts (startup_gc): put it back."""
    monkeypatch.setattr(startup_gc, "_paused", False)
    was_enabled = gc.isenabled()
    yield
    (gc.enable if was_enabled else gc.disable)()


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Preloaded, list[KnowledgePaths]]:
    """A preloaded host (its parser, and a knowledge base, bank and index standing for those loaded
    from the files below) in a process where building another parser or loading the knowledge base
    is recorded."""
    store, content = tmp_path / "store.json", tmp_path / "content"
    paths = KnowledgePaths.resolve(str(store), str(content))
    preloaded = Preloaded(
        knowledge=SimpleNamespace(paths=paths),  # type: ignore[arg-type]
        parser=_host_parser(),
        bank=SimpleNamespace(name="the host's bank"),  # type: ignore[arg-type]
        search_index=SimpleNamespace(name="the host's index"),  # type: ignore[arg-type]
    )
    loads: list[KnowledgePaths] = []

    def load_knowledge(paths: KnowledgePaths, **_options: object) -> object:
        loads.append(paths)
        loaded = SimpleNamespace(paths=paths)
        loaded.require_usable = lambda: loaded
        return loaded

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


class RecordedApp:
    """Stands for the app: records what it was given, runs nothing."""

    given: dict[str, Any] = {}
    return_code = 0

    def __init__(self, knowledge: object, **options: Any) -> None:
        RecordedApp.given = {"knowledge": knowledge, **options}

    def run(self) -> None:
        pass


@pytest.fixture
def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> type[RecordedApp]:
    monkeypatch.setattr(cli_app, "terminal_problem", lambda: None)
    monkeypatch.setattr(ui_app, "AcoApp", RecordedApp)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # run_app freezes what exists as it ends
    return RecordedApp


def test_the_app_gets_the_host_bank_and_index_with_its_knowledge_base(tmp_path, host, on_a_terminal):
    preloaded, loads = host
    assert run_session(_argv(tmp_path), preloaded) == 0
    given = on_a_terminal.given
    assert given["knowledge"] is preloaded.knowledge and loads == []
    assert given["bank"] is preloaded.bank and given["search_index"] is preloaded.search_index


def test_an_app_on_other_files_gets_neither_the_host_bank_nor_its_index(tmp_path, host, on_a_terminal):
    preloaded, loads = host
    assert run_session(_argv(tmp_path, store="other-store.json"), preloaded) == 0
    given = on_a_terminal.given
    assert given["knowledge"].paths == loads[0] and given["knowledge"] is not preloaded.knowledge
    assert "bank" not in given and "search_index" not in given
