"""Helpers shared by the tests: the repository's paths, the app started under Pilot and waited for,
and what the screen shows. Test modules import from here (or from the fixture builders beside it),
never from one another.

Every wait here fails with a message when what it waits for does not happen: a test that never
got where it was going must say so, not fail later with a confusing message (or pass).

Everything that reaches into a private part of Textual or of the app is in the last section, so
that an upgrade of Textual has one place to re-verify.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Region
    from textual.notifications import Notification
    from textual.pilot import Pilot
    from textual.strip import Strip
    from textual.widget import Widget

    from aco_tui.knowledge.base import KnowledgeBase
    from aco_tui.ui.app import AcoApp
    from aco_tui.ui.screens.main import MainScreen

REPO = Path(__file__).resolve().parent.parent  # the repository: store.json, content/, aco_tui/
SHARED = REPO.parent / "shared"  # the project's shared folder (sources, tools), outside the repository
SIZE = (80, 24)  # the terminal size the app is designed for
WAIT = 10.0  # seconds a wait may take before the test fails (generous: only a failing test waits this long)


# -- starting the app --------------------------------------------------------------------------------


def make_app(knowledge: KnowledgeBase, tmp_path: Path, **options: Any) -> AcoApp:
    """The explainer app on ``knowledge``, keeping its user data under ``tmp_path / "data"``."""
    from aco_tui.ui.app import AcoApp

    return AcoApp(knowledge, data_dir=tmp_path / "data", **options)


@asynccontextmanager
async def running(
    knowledge: KnowledgeBase, tmp_path: Path, *, size: tuple[int, int] = SIZE, **options: Any
) -> AsyncIterator[tuple[AcoApp, Pilot[Any]]]:
    """Run :func:`make_app` under Pilot and wait until it has arrived (see :func:`arrived`).

    Yields:
        The app and its pilot.
    """
    app = make_app(knowledge, tmp_path, **options)
    async with app.run_test(size=size) as pilot:
        await arrived(pilot)
        yield app, pilot


# -- waiting -----------------------------------------------------------------------------------------


async def wait_until(
    pilot: Pilot[Any], condition: Callable[[], object], what: str, *, timeout: float = WAIT, step: float = 0.02
) -> None:
    """Let the app run until ``condition()`` is true.

    Args:
        pilot: the running app's pilot.
        condition: checked after each pause.
        what: the condition in words, for the failure message ("the search has reported").
        timeout: seconds before giving up.
        step: seconds of each pause.

    Raises:
        AssertionError: ``condition()`` was still false after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        await pilot.pause(step)
        if condition():
            return
        if time.monotonic() >= deadline:
            raise AssertionError(f"gave up after {timeout:g} s waiting until {what}")


async def wait_for_screen(pilot: Pilot[Any], kind: type[Any], *, timeout: float = WAIT) -> Any:
    """Wait until a screen of class ``kind`` is in front, and return it.

    Raises:
        AssertionError: none was in front within ``timeout`` seconds (the message names the class
            and the screen that was in front instead).
    """
    await wait_until(
        pilot,
        lambda: isinstance(pilot.app.screen, kind),
        f"a {kind.__name__} is in front (in front: {type(pilot.app.screen).__name__})",
        timeout=timeout,
    )
    return pilot.app.screen


async def wait_for_palette_hits(pilot: Pilot[Any], *, timeout: float = WAIT) -> list[str]:
    """Wait until the command palette in front lists at least one hit; their titles (first lines)."""
    from textual.command import CommandList

    def titles() -> list[str]:
        found = pilot.app.screen.query(CommandList)
        if not found:
            return []
        commands = found.first()
        return [str(commands.get_option_at_index(n).prompt).split("\n")[0] for n in range(commands.option_count)]

    await wait_until(pilot, titles, "the command palette lists a hit", timeout=timeout)
    return titles()


async def wait_for_saved_place(pilot: Pilot[Any], pane: str, *, timeout: float = WAIT) -> None:
    """Wait until the app's progress store holds ``pane`` as the profile's place (saved debounced,
    off the UI thread)."""
    app: Any = pilot.app

    def saved() -> bool:
        place = app.progress.load_place(app.profile) if app.progress is not None else None
        return place is not None and place.pane == pane

    await wait_until(pilot, saved, f"the place {pane!r} is saved", timeout=timeout)


def main_screen(app: App[Any]) -> MainScreen | None:
    """The app's main screen (in front or under dialogs), or None before it is installed."""
    from aco_tui.ui.screens.main import MainScreen

    return next((s for s in app.screen_stack if isinstance(s, MainScreen)), None)


async def arrived(pilot: Pilot[Any], *, timeout: float = WAIT) -> None:
    """Wait until the main screen is in front and has settled its start location (history and saved
    place), so that keys pressed next are handled by a pane.

    Raises:
        AssertionError: it did not arrive within ``timeout`` seconds.
    """

    def in_front_and_started() -> bool:
        screen = main_screen(pilot.app)
        return screen is not None and screen is pilot.app.screen and screen.active_pane is not None and screen.started

    await wait_until(
        pilot, in_front_and_started, "the main screen is in front with its start location settled", timeout=timeout
    )


async def settle(pilot: Pilot[Any], *, after: float = 0.1, timeout: float = WAIT) -> None:
    """Wait until the main screen (in front or under a dialog) has settled its start location and no
    pane switch is under way, then ``after`` seconds more for what was queued behind it.

    Not ``workers.wait_for_complete``: the worker that opened a dialog waits for the dialog to close.

    Raises:
        AssertionError: the screen did not settle within ``timeout`` seconds.
    """

    def idle() -> bool:
        main = main_screen(pilot.app)
        return main is not None and main.active_pane is not None and main.started and not is_navigating(main)

    await wait_until(pilot, idle, "the main screen has started and no pane switch is under way", timeout=timeout)
    await pilot.pause(after)


# -- what the screen shows ---------------------------------------------------------------------------


def region_text(app: App[Any], where: Widget | Region) -> str:
    """The text on the terminal inside a widget (its scrollable content region: inside its border,
    padding and scrollbars) or inside a region, row by row, whatever is drawn on top of it."""
    from textual.widget import Widget

    region = where.scrollable_content_region if isinstance(where, Widget) else where
    rows = screen_rows(app)
    return "\n".join(
        rows[y].crop(region.x, region.right).text for y in range(region.y, region.bottom) if 0 <= y < len(rows)
    )


# -- the real command line ---------------------------------------------------------------------------


def cli_env(paths: Any, data_dir: Path) -> dict[str, str]:
    """The environment of an ``aco-tui`` process on the knowledge base at ``paths`` (anything with
    ``.store`` and ``.content``), keeping its user data in ``data_dir`` and importing this checkout."""
    return {
        **os.environ,
        "ACO_TUI_STORE": str(paths.store),
        "ACO_TUI_CONTENT": str(paths.content),
        "ACO_TUI_DATA": str(data_dir),
        "PYTHONPATH": str(REPO),
    }


def run_cli(paths: Any, *argv: str, data_dir: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """Run ``python -m aco_tui ARGV...`` to the end (see :func:`cli_env`), ``stdin`` as its input."""
    return subprocess.run(
        [sys.executable, "-m", "aco_tui", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=cli_env(paths, data_dir),
    )


def run_all(paths: Any, data_dir: Path, commands: dict[str, list[str]]) -> dict[str, subprocess.CompletedProcess[str]]:
    """Run several commands at once (each a real process, no input), for speed; their results by name."""
    env = cli_env(paths, data_dir)
    processes = {
        name: subprocess.Popen(
            [sys.executable, "-m", "aco_tui", *argv],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name, argv in commands.items()
    }
    results = {}
    for name, process in processes.items():
        out, err = process.communicate(timeout=60)
        results[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return results


def assert_one_line(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> None:
    """The command exited with ``code`` after one ``aco-tui: ...`` line on stderr holding every needle."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == code, f"exit {result.returncode}, expected {code}: {result.stderr}"
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("aco-tui: ")
    for needle in needles:
        assert needle in lines[0], lines[0]


# -- private internals (re-verify these on a Textual upgrade) ---------------------------------------


def screen_rows(app: App[Any]) -> list[Strip]:
    """The rows of cells the compositor would send to the terminal now: what the user sees, dialogs
    included (``Widget.render_lines`` gives one widget's own lines, not what covers them).

    Private: ``Screen._compositor`` (Textual 8.2.8)."""
    return app.screen._compositor.render_strips()


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications the app is showing or has shown and not yet dismissed.

    Private: ``App._notifications`` (Textual 8.2.8 has no public read of them)."""
    return list(app._notifications)


def is_navigating(main: MainScreen) -> bool:
    """Whether the main screen is switching pane or section (its navigation lock is held).

    Private: ``MainScreen._navigating``."""
    return main._navigating.locked()


def scribble_over_a_page(path: Path, page: int = 2, page_size: int = 4096) -> None:
    """Damage an SQLite file in place: overwrite one of its pages (by default one of a table's) with
    junk, as a failing disk or a stray write would."""
    raw = bytearray(path.read_bytes())
    raw[page_size * page : page_size * (page + 1)] = b"\xa5" * page_size
    path.write_bytes(bytes(raw))
