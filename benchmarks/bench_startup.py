"""Start-up, quit and memory of ``aco-tui`` against a minimal Textual app, in a real terminal.

Each round starts the minimal app (``benchmarks/minimal_app.py``: Header, one Static, Footer) and
``aco-tui`` in fresh tmux sessions of 100x30, the order alternating from round to round, and for
each run measures:

* first paint: from sending ``new-session`` to tmux until the screen shows the app's markers
  (minimal: the Static's text and the Footer's "Quit"; aco-tui: the "1 Concepts" tab and the
  Footer's "Quit"), polling ``capture-pane`` every ``--poll-ms`` through one control-mode client;
  each marker's own time is shown too (Textual paints the Footer a frame or more after the rest),
  and for aco-tui when the first words of the Concepts section are on screen;
* peak memory: VmHWM (and VmRSS) of the process from ``/proc``, read ``--settle`` seconds after
  the first paint, just before quitting;
* quit: from sending ``q`` until tmux reports the pane's process dead.

aco-tui gets a fresh data directory per run (``ACO_TUI_DATA``) holding a fixed progress database
that opens the Concepts pane. Its start-up cache (``ACO_TUI_CACHE``: the parsed knowledge base) is
shared by the runs and filled by the warm-up round, as it is for every start after the first one
on a machine. With ``--cold`` "aco-tui (first run)" joins the rotation too: a fresh cache per run,
as on the first start after installing or after editing ``content/`` or ``store.json``.
Goals (issue 3): first paint and quit at most 1.3x the minimal app's (for the normal, warm start).
A report, not a test: nothing here fails.

Usage::

    .venv/bin/python benchmarks/bench_startup.py [--rounds 7] [--quick] [--cold] [--nice 10] [--json]

As in ``bench_lookup.py``, Python's bytecode cache is on for the children (in a temporary
``PYTHONPYCACHEPREFIX``, warmed by one discarded round), as it is after ``pip install``;
``--no-bytecode`` instead runs them with ``PYTHONDONTWRITEBYTECODE=1`` and no prefix.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from _tmux import TmuxError, TmuxServer  # noqa: E402
from minimal_app import MARKER as MINIMAL_MARKER  # noqa: E402

WIDTH, HEIGHT = 100, 30
GOAL_RATIO = 1.3


def write_start_state(data_dir: Path) -> None:
    """A progress database whose saved place is the Concepts pane, as after an earlier run."""
    from aco_tui.navigation import Place
    from aco_tui.storage.sqlite import SQLiteProgress

    progress = SQLiteProgress(data_dir)
    progress.save_place("local", Place("concepts"))
    progress.close()


PAINT_TIMEOUT_S = 30.0
QUIT_TIMEOUT_S = 15.0


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def content_words() -> list[str]:
    """The first plain words of the Concepts pane's first section, to see that its text is shown."""
    try:
        from aco_tui.knowledge.content import load_content
        from aco_tui.knowledge.paths import KnowledgePaths

        document = load_content(KnowledgePaths.resolve().content).documents["concepts"]
        text = document.sections[0].plain
    except Exception:  # noqa: BLE001 - only an extra column; the benchmark runs without it
        return []
    words = []
    for word in text.split():
        if not re.fullmatch(r"[A-Za-z]+", word):
            break
        words.append(word)
        if len(words) == 4:
            break
    return words if len(words) >= 2 else []


def _memory_kib(pid: int) -> dict[str, int]:
    found = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "VmRSS"):
                    found[key] = int(value.split()[0])
    except OSError:
        pass
    return found


class Runner:
    """Runs one app at a time in a fresh tmux session and times it."""

    def __init__(self, tmux: TmuxServer, work: Path, env: dict[str, str], poll: float, settle: float) -> None:
        self.tmux, self.work, self.env, self.poll, self.settle = tmux, work, env, poll, settle
        self.count = 0
        self.words = content_words()
        script = Path(sys.executable).parent / "aco-tui"
        self.aco_argv = [str(script)] if script.is_file() else [sys.executable, "-m", "aco_tui"]
        self.minimal_argv = [sys.executable, str(HERE / "minimal_app.py")]

    def _aco_env(self, cold: bool) -> dict[str, str]:
        run_dir = self.work / f"run-{self.count}"
        write_start_state(run_dir / "data")
        cache = run_dir / "cache" if cold else self.work / "shared-cache"
        return dict(self.env, ACO_TUI_DATA=str(run_dir / "data"), ACO_TUI_CACHE=str(cache))

    def run(self, which: str) -> dict:
        """Start, wait for the first paint, settle, read memory, press q, wait for the exit."""
        self.count += 1
        name = f"{which}-{self.count}"
        if which in ("aco-tui", "first-run"):
            argv, env = self.aco_argv, self._aco_env(cold=which == "first-run")
            markers = {"body": "1 Concepts", "footer": "Quit"}
        else:
            argv, env = self.minimal_argv, dict(self.env)
            markers = {"body": MINIMAL_MARKER, "footer": "Quit"}
        tmux = self.tmux
        result: dict = {"app": which}
        seen: dict[str, float] = {}
        screen = ""
        start = time.perf_counter()
        tmux.new_session(name, argv, width=WIDTH, height=HEIGHT, env=env)
        try:

            def look() -> None:
                nonlocal screen
                screen = tmux.capture(name)
                now = time.perf_counter()
                for key, marker in markers.items():
                    if key not in seen and marker in screen:
                        seen[key] = now
                if which != "minimal" and self.words and "content" not in seen and _has_words(screen, self.words):
                    seen["content"] = now

            def painted() -> bool:
                look()
                return all(key in seen for key in markers)

            painted_at = tmux.wait_for(painted, PAINT_TIMEOUT_S, self.poll)
            if painted_at is None:
                result["error"] = "no first paint: " + " | ".join(screen.split("\n")[:3])
                return result
            if which in ("aco-tui", "first-run") and self.words:
                tmux.wait_for(lambda: painted() and "content" in seen, 5.0, self.poll)
            result["paint_s"] = painted_at - start
            for key, at in seen.items():
                result[f"{key}_s"] = at - start
            time.sleep(self.settle)
            pid, dead = tmux.pane(name)
            if dead:
                result["error"] = "exited before q: " + " | ".join(tmux.capture(name).split("\n")[:3])
                return result
            result.update(_memory_kib(pid))
            quit_start = time.perf_counter()
            tmux.send_keys(name, "q")
            exited_at = tmux.wait_for(lambda: tmux.pane(name)[1], QUIT_TIMEOUT_S, self.poll / 2)
            if exited_at is None:
                result["error"] = "still running after q"
            else:
                result["quit_s"] = exited_at - quit_start
            return result
        finally:
            tmux.kill_session(name)


def _has_words(screen: str, words: list[str]) -> bool:
    return any(" ".join(words) in " ".join(line.split()) for line in screen.split("\n"))


def child_env(work: Path, bytecode: bool) -> dict[str, str]:
    """The environment of the tmux server and so of both apps."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TEXTUAL", "ACO_TUI", "TMUX")) and key not in ("NO_COLOR", "COLUMNS", "LINES")
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("LANG", "C.UTF-8")
    env["COLORTERM"] = "truecolor"
    env["PYTHONPATH"] = str(ROOT)
    if bytecode:
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def raise_priority(steps: int) -> int:
    """Lower this process's niceness by ``steps`` if allowed; returns the niceness now."""
    if steps > 0:
        try:
            os.nice(-steps)
        except OSError:
            pass
    return os.nice(0)


def summarise(runs: list[dict]) -> dict:
    """Medians (and spread) per app, and aco-tui's ratios to the minimal app."""
    report: dict = {"apps": {}, "errors": [r for r in runs if "error" in r]}
    for app in ("minimal", "aco-tui", "first-run"):
        mine = [r for r in runs if r["app"] == app and "error" not in r]
        if not mine and app == "first-run":
            continue
        row: dict = {"runs": len(mine)}
        for key in ("body_s", "footer_s", "content_s", "paint_s", "quit_s"):
            values = [r[key] for r in mine if r.get(key) is not None]
            if values:
                name = key[:-2]
                row[f"{name}_median_ms"] = _ms(statistics.median(values))
                row[f"{name}_min_ms"] = _ms(min(values))
                row[f"{name}_p90_ms"] = _ms(percentile(values, 0.9))
        for key in ("VmHWM", "VmRSS"):
            values = [r[key] for r in mine if key in r]
            if values:
                row[f"{key}_median_mib"] = round(statistics.median(values) / 1024, 1)
        report["apps"][app] = row
    base, aco = report["apps"]["minimal"], report["apps"]["aco-tui"]
    ratios = {}
    for key in ("paint_median_ms", "quit_median_ms", "VmHWM_median_mib"):
        if base.get(key) and aco.get(key) is not None:
            ratios[key.split("_")[0]] = round(aco[key] / base[key], 2)
    report["ratios"] = ratios
    first = report["apps"].get("first-run")
    if first:
        report["first_run_ratios"] = {
            key.split("_")[0]: round(first[key] / base[key], 2)
            for key in ("paint_median_ms", "quit_median_ms", "VmHWM_median_mib")
            if base.get(key) and first.get(key) is not None
        }
    report["goal_ratio"] = GOAL_RATIO
    return report


def run_benchmark(rounds: int, bytecode: bool, poll_ms: float, settle: float, cold: bool = False) -> dict:
    """Warm up once, then ``rounds`` alternating rounds; returns the summary and the raw runs."""
    work = Path(tempfile.mkdtemp(prefix="aco-bench-startup-"))
    try:
        env = child_env(work, bytecode)
        with TmuxServer(env) as tmux:
            runner = Runner(tmux, work, env, poll_ms / 1000, settle)
            apps = ["minimal", "aco-tui"] + (["first-run"] if cold else [])
            warm = [runner.run(app) for app in apps]
            runs: list[dict] = []
            for number in range(rounds):
                shift = number % len(apps)
                for app in apps[shift:] + apps[:shift]:
                    runs.append(dict(runner.run(app), round=number + 1))
        report = summarise(runs)
        report["warm_up_errors"] = [r for r in warm if "error" in r]
        report["runs"] = [{k: (_ms(v) if k.endswith("_s") else v) for k, v in r.items()} for r in runs]
        report["settings"] = {
            "rounds": rounds,
            "bytecode": bytecode,
            "poll_ms": poll_ms,
            "settle_s": settle,
            "size": f"{WIDTH}x{HEIGHT}",
            "content_words": " ".join(runner.words),
            "aco_command": " ".join(runner.aco_argv),
        }
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_report(report: dict) -> None:
    settings = report["settings"]
    print(
        f"Start-up in tmux {settings['size']}, {settings['rounds']} alternating rounds "
        f"(bytecode {'on' if settings['bytecode'] else 'off'}, poll {settings['poll_ms']} ms, "
        f"memory read {settings['settle_s']} s after first paint)"
    )
    print(f"  {'':24s} {'minimal':>22s} {'aco-tui':>22s} {'ratio':>7s}  goal")
    print(f"  {'':24s} {'median (min-p90)':>22s} {'median (min-p90)':>22s}")
    base, aco = report["apps"]["minimal"], report["apps"]["aco-tui"]

    def cell(row: dict, name: str, unit: str = "ms") -> str:
        if row.get(f"{name}_median_ms") is None:
            return "n/a"
        return f"{row[f'{name}_median_ms']:.0f} ({row[f'{name}_min_ms']:.0f}-{row[f'{name}_p90_ms']:.0f}) {unit}"

    goal = f"<= {report['goal_ratio']}x"
    ratios = report["ratios"]
    print(f"  {'  Static / tab bar shown':24s} {cell(base, 'body'):>22s} {cell(aco, 'body'):>22s}")
    print(f"  {'  section text shown':24s} {'':>22s} {cell(aco, 'content'):>22s}")
    print(f"  {'  Footer shown':24s} {cell(base, 'footer'):>22s} {cell(aco, 'footer'):>22s}")
    print(
        f"  {'first paint (all)':24s} {cell(base, 'paint'):>22s} {cell(aco, 'paint'):>22s} "
        f"{_ratio(ratios.get('paint')):>7s}  {goal}"
    )
    print(
        f"  {'quit (q to exit)':24s} {cell(base, 'quit'):>22s} {cell(aco, 'quit'):>22s} "
        f"{_ratio(ratios.get('quit')):>7s}  {goal}"
    )
    hwm = [f"{row.get('VmHWM_median_mib', 'n/a')} MiB" for row in (base, aco)]
    print(f"  {'peak memory (VmHWM)':24s} {hwm[0]:>22s} {hwm[1]:>22s} {_ratio(ratios.get('VmHWM')):>7s}  (no goal set)")
    first = report["apps"].get("first-run")
    if first:
        ratios_of = report["first_run_ratios"]
        print(
            f"  aco-tui first run (fresh start-up cache): first paint {cell(first, 'paint')} = "
            f"{_ratio(ratios_of.get('paint'))}, quit {cell(first, 'quit')} = {_ratio(ratios_of.get('quit'))}, "
            f"VmHWM {first.get('VmHWM_median_mib')} MiB = {_ratio(ratios_of.get('VmHWM'))}"
        )
    print("  runs: " + ", ".join(f"{app} {row['runs']}" for app, row in report["apps"].items()))
    for error in report["errors"] + report["warm_up_errors"]:
        print(f"  ! {error['app']}: {error['error']}")


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7, help="alternating rounds (default 7)")
    parser.add_argument("--quick", action="store_true", help="3 rounds")
    parser.add_argument("--poll-ms", type=float, default=5.0, help="screen polling interval (default 5 ms)")
    parser.add_argument(
        "--settle",
        type=float,
        default=1.0,
        help="seconds between first paint and reading memory / pressing q (default 1.0)",
    )
    parser.add_argument(
        "--cold", action="store_true", help="also time aco-tui's first run (a fresh start-up cache per run)"
    )
    parser.add_argument("--no-bytecode", action="store_true", help="children compile from source (no .pyc writes)")
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        metavar="N",
        help="raise this benchmark's priority by N (needs root; tmux and both apps inherit it), "
        "to lessen the noise of other work on the machine",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    raise_priority(args.nice)
    try:
        report = run_benchmark(rounds, not args.no_bytecode, args.poll_ms, args.settle, args.cold)
    except TmuxError as err:
        report = {"error": f"tmux: {err}"}
        print(json.dumps(report) if args.json else f"bench_startup: {report['error']}")
        return 0
    report["python"] = sys.version.split()[0]
    report["load_average"] = os.getloadavg()
    report["niceness"] = os.nice(0)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
        print(
            f"  load average after the run: {' '.join(f'{x:.2f}' for x in report['load_average'])}"
            f"{'; niceness ' + str(report['niceness']) if report['niceness'] else ''}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
