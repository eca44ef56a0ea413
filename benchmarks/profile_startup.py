"""Where ``aco-tui``'s start-up (and quit) time goes: a diagnostic, not a benchmark row.

Runs an instrumented ``aco-tui`` start (``_startup_child.py``: the steps of
``aco_tui.cli.main.run_app`` with timestamps around each, and hooks inside Textual) in a real terminal
(tmux, 100x30), the same way ``bench_startup.py`` does, and prints the median time line from
launch to first paint and from ``q`` to exit. With ``--profile`` one more run is made under
cProfile (stopped by a signal the moment the first paint is seen on screen; a second profile
covers quitting), and the functions with the most cumulative time are listed. ``--imports``
lists, from ``python -X importtime``, the modules aco-tui imports that the minimal app does not.
``--compare`` measures what-if variants (monkeypatches in the child only, listed in
``_startup_child.VARIANTS``) in alternation with the code as it is.

Usage::

    .venv/bin/python benchmarks/profile_startup.py [--runs 5] [--profile] [--imports] [--json]
    .venv/bin/python benchmarks/profile_startup.py --compare base,knowledge-cache,gc-exit+lazy-quit --runs 9

Timestamps are ``time.perf_counter()`` (CLOCK_MONOTONIC on Linux), shared by the harness and the
child, so "launch" is the moment the harness asked tmux for the session.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _startup_child import VARIANTS  # noqa: E402
from _tmux import TmuxServer  # noqa: E402
from bench_startup import HEIGHT, WIDTH, _has_words, child_env, content_words, raise_priority, write_start_state  # noqa: E402

WORDS = content_words()
APP_MODULES = ["aco_tui.cli.main", "aco_tui.knowledge.base", "aco_tui.ui.app", "aco_tui.ui.screens.main",
               "aco_tui.ui.panes.document"]
MINIMAL_MODULES = ["textual.app", "textual.binding", "textual.widgets._header", "textual.widgets._footer",
                   "textual.widgets._static"]


def one_run(tmux: TmuxServer, work: Path, env: dict[str, str], number: int, profile: bool,
            variants: str = "") -> dict:
    """Start the instrumented child, wait for the first paint, press q, collect its time line."""
    run_dir = work / f"run-{number}"
    write_start_state(run_dir / "data")
    out = run_dir / "timeline.json"
    child = dict(env, ACO_TUI_DATA=str(run_dir / "data"), ACO_TUI_CACHE=str(run_dir / "cache"),
                 ACO_BENCH_PROFILE="1" if profile else "0", ACO_BENCH_VARIANTS=variants.replace("+", ","),
                 ACO_BENCH_KNOWLEDGE_CACHE=str(work / "knowledge.pickle"))
    name = f"profile-{number}"
    launch = time.perf_counter()
    tmux.new_session(name, [sys.executable, str(HERE / "_startup_child.py"), str(out)],
                     width=WIDTH, height=HEIGHT, env=child)
    words = WORDS
    content_at: list[float] = []

    def look() -> bool:
        screen = tmux.capture(name)
        if words and not content_at and _has_words(screen, words):
            content_at.append(time.perf_counter())
        return all(m in screen for m in ("1 Concepts", "Quit"))

    try:
        painted = tmux.wait_for(look, 30, 0.005)
        if painted is None:
            return {"error": tmux.capture(name)}
        if words:
            tmux.wait_for(lambda: look() and bool(content_at), 5, 0.005)
        pid, _ = tmux.pane(name)
        os.kill(pid, signal.SIGUSR1)
        time.sleep(1.0)
        pressed = time.perf_counter()
        tmux.send_keys(name, "q")
        exited = tmux.wait_for(lambda: tmux.pane(name)[1], 15, 0.002)
    finally:
        tmux.kill_session(name)
    data = json.loads(out.read_text(encoding="utf-8"))
    exit_file = Path(str(out) + ".exit")
    if exit_file.exists():
        data["events"].append(("atexit handlers run (threads joined)", float(exit_file.read_text(encoding="utf-8"))))
    data["painted"], data["launch"], data["pressed"], data["exited"] = painted, launch, pressed, exited
    data["content"] = content_at[0] if content_at else None
    data["dir"] = str(run_dir)
    return data


def timeline(runs: list[dict]) -> dict:
    """Median start and end (ms after launch, or after q for the quit part) of every span and event."""
    rows: dict[str, dict[str, list[float]]] = {}
    for run in runs:
        seen: dict[str, int] = {}
        for label, start, end in run["spans"]:
            origin = run["pressed"] if start >= run["pressed"] else run["launch"]
            row = rows.setdefault(label, {"start": [], "end": [], "total": []})
            if label in seen:  # repeated spans (CSS parse...): keep the first, add up the total
                row["total"][-1] += (end - start) * 1000
                continue
            seen[label] = 1
            row["start"].append((start - origin) * 1000)
            row["end"].append((end - origin) * 1000)
            row["total"].append((end - start) * 1000)
        writes = 0
        for label, at in run["events"]:
            if label.startswith("driver.write"):
                writes += 1
                label = f"driver.write #{writes} ({label.split()[1]} chars)"
            origin = run["pressed"] if at >= run["pressed"] else run["launch"]
            row = rows.setdefault(label, {"start": [], "end": [], "total": []})
            row["start"].append((at - origin) * 1000)
        rows.setdefault("first paint seen by the harness", {"start": [], "end": [], "total": []})["start"].append(
            (run["painted"] - run["launch"]) * 1000)
        if run["exited"] is not None:
            rows.setdefault("process exited (tmux: pane dead)", {"start": [], "end": [], "total": []})[
                "start"].append((run["exited"] - run["pressed"]) * 1000)
    table = {}
    for label, row in rows.items():
        table[label] = {key: round(statistics.median(values), 1) for key, values in row.items() if values}
        table[label]["n"] = len(row["start"])
    return table


def print_timeline(table: dict, runs: int) -> None:
    start_rows = [(k, v) for k, v in table.items() if "q pressed" not in k and v["start"] >= 0]
    quit_labels = {"AcoApp.action_quit", "q pressed: action_quit starts", "process exited (tmux: pane dead)",
                   "textual: driver disable_input (joins the input thread)", "textual: driver stop_application_mode",
                   "app.run()", "textual: App._shutdown (driver stop, unmount everything)",
                   "textual: App._close_all (unmount every widget)", "app.run() returned",
                   "atexit handlers run (threads joined)"}
    print(f"Time line of aco-tui's start, medians of {runs} runs (ms after launch; for spans: start -> end, "
          "duration):")
    for label, row in sorted(start_rows, key=lambda kv: kv[1]["start"]):
        if label in quit_labels or label.startswith("driver.write #") and int(label.split("#")[1].split()[0]) > 8:
            continue
        if "end" in row:
            print(f"  {row['start']:8.1f} -> {row['end']:8.1f}  {row['total']:7.1f} ms  {label}")
        else:
            print(f"  {row['start']:8.1f}                       {label}")
    print("Quitting (ms after the harness sent q):")
    for label in ("q pressed: action_quit starts", "AcoApp.action_quit",
                  "textual: App._shutdown (driver stop, unmount everything)",
                  "textual: driver disable_input (joins the input thread)", "textual: driver stop_application_mode",
                  "textual: App._close_all (unmount every widget)", "app.run() returned",
                  "atexit handlers run (threads joined)", "process exited (tmux: pane dead)"):
        row = table.get(label)
        if row is None:
            continue
        if "end" in row:
            print(f"  {row['start']:8.1f} -> {row['end']:8.1f}  {row['total']:7.1f} ms  {label}")
        else:
            print(f"  {row['start']:8.1f}                       {label}")


def compare(tmux: TmuxServer, work: Path, env: dict[str, str], variants: list[str], rounds: int) -> dict:
    """First paint and quit of each variant (``base`` = unchanged), rounds rotating the order."""
    times: dict[str, dict[str, list[float]]] = {v: {"paint": [], "quit": [], "frame": [], "cpu_paint": [],
                                                     "cpu_quit": [], "content": []} for v in variants}
    number = 1000
    for variant in variants:  # warm-up: bytecode, and the knowledge cache of that variant
        number += 1
        one_run(tmux, work, env, number, False, "" if variant == "base" else variant)
    for index in range(rounds):
        shift = index % len(variants)
        for variant in variants[shift:] + variants[:shift]:
            number += 1
            run = one_run(tmux, work, env, number, False, "" if variant == "base" else variant)
            if "error" in run:
                continue
            times[variant]["paint"].append((run["painted"] - run["launch"]) * 1000)
            if run.get("content"):
                times[variant]["content"].append((run["content"] - run["launch"]) * 1000)
            if run["exited"] is not None:
                times[variant]["quit"].append((run["exited"] - run["pressed"]) * 1000)
            cpu = run.get("cpu", {})
            if "paint" in cpu:
                times[variant]["cpu_paint"].append(cpu["paint"] * 1000)
            if "q" in cpu and "run returned" in cpu:
                times[variant]["cpu_quit"].append((cpu["run returned"] - cpu["q"]) * 1000)
            frames = [at for label, at in run["events"] if label.startswith("driver.write")]
            if frames:
                times[variant]["frame"].append((frames[0] - run["launch"]) * 1000)
    table = {}
    for variant, row in times.items():
        table[variant] = {key: round(statistics.median(values), 1) for key, values in row.items() if values}
        table[variant].update({f"{key}_min": round(min(values), 1) for key, values in row.items() if values})
        table[variant]["n"] = len(row["paint"])
    return table


def print_compare(table: dict) -> None:
    base = table.get("base", {})
    print("Variants (median ms; min in brackets; gain = base median - variant median):")
    print("  (CPU: the child's own CPU time, less sensitive to other load: until the harness saw the first paint,"
          " and from q until app.run() returned)")
    print(f"  {'variant':28s} {'first frame':>12s} {'first paint':>12s} {'gain':>6s} {'text shown':>12s}"
          f" {'CPU to paint':>13s} {'gain':>6s} {'quit':>12s} {'gain':>6s} {'CPU quit':>10s}  n")
    for variant, row in table.items():
        cells = {}
        for key in ("frame", "paint", "quit", "cpu_paint", "cpu_quit", "content"):
            cells[key] = f"{row.get(key, float('nan')):.0f} ({row.get(key + '_min', float('nan')):.0f})"
        gain = {key: base.get(key, 0) - row.get(key, 0) for key in ("paint", "quit", "cpu_paint")}
        print(f"  {variant:28s} {cells['frame']:>12s} {cells['paint']:>12s} {gain['paint']:6.0f} {cells['content']:>12s} "
              f"{cells['cpu_paint']:>13s} {gain['cpu_paint']:6.0f} {cells['quit']:>12s} {gain['quit']:6.0f} "
              f"{cells['cpu_quit']:>10s}  {row['n']}")


def print_profile(path: str, title: str, limit: int) -> None:
    import io
    import pstats

    stream = io.StringIO()
    stats = pstats.Stats(path, stream=stream)
    stats.sort_stats("cumulative").print_stats(limit)
    text = stream.getvalue()
    lines = text.splitlines()
    keep = [line for line in lines if re.match(r"\s*[\d/]+\s+[\d.]+", line) or "ncalls" in line]
    print(f"\n{title} (cProfile, cumulative; profiling slows everything ~1.5-2x):")
    for line in keep:
        print("  " + line.replace(str(Path(sys.executable).parent.parent), "<venv>").replace(
            str(HERE.parent), "<repo>"))


def import_table(env: dict[str, str], repeats: int = 5) -> dict:
    """Self import time (median ms) of modules aco-tui imports beyond the minimal app, grouped."""
    def measure(modules: list[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        for _ in range(repeats):
            done = subprocess.run([sys.executable, "-X", "importtime", "-c", "; ".join(f"import {m}" for m in modules)],
                                  env=env, capture_output=True, text=True, cwd=tempfile.gettempdir(), check=False)
            for line in done.stderr.splitlines():
                match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
                if match:
                    found.setdefault(match.group(4), []).append(int(match.group(1)) / 1000)
        return found

    measure(APP_MODULES)  # warm the bytecode cache
    app = measure(APP_MODULES)
    minimal = measure(MINIMAL_MODULES)
    extra = {name: statistics.median(times) for name, times in app.items() if name not in minimal}
    groups: dict[str, float] = {}
    for name, value in extra.items():
        top = name.split(".")[0]
        key = name if top == "aco_tui" else (f"{top}.{name.split('.')[1]}" if top == "textual" and "." in name
                                              else top)
        groups[key] = groups.get(key, 0.0) + value
    return {"total_app_ms": round(sum(statistics.median(t) for t in app.values()), 1),
            "total_minimal_ms": round(sum(statistics.median(t) for t in minimal.values()), 1),
            "extra_ms": round(sum(extra.values()), 1),
            "extra_by_group_ms": {k: round(v, 1) for k, v in sorted(groups.items(), key=lambda kv: -kv[1])}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="instrumented runs (default 5)")
    parser.add_argument("--profile", action="store_true", help="add one run under cProfile and list hot spots")
    parser.add_argument("--limit", type=int, default=40, help="profile lines to show (default 40)")
    parser.add_argument("--imports", action="store_true", help="list the imports beyond the minimal app")
    parser.add_argument("--no-bytecode", action="store_true", help="children compile from source")
    parser.add_argument("--compare", metavar="V1,V2",
                        help="compare variants, --runs rounds; 'base' is the code as it is, others (combine with +): "
                             + ", ".join(VARIANTS))
    parser.add_argument("--nice", type=int, default=0, metavar="N", help="raise the priority by N (root)")
    parser.add_argument("--variant", default="", help="time line of a variant (see --compare), e.g. gc-exit+lazy-quit")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    raise_priority(args.nice)
    if args.compare:
        work = Path(tempfile.mkdtemp(prefix="aco-profile-"))
        try:
            env = child_env(work, not args.no_bytecode)
            with TmuxServer(env) as tmux:
                table = compare(tmux, work, env, args.compare.split(","), args.runs)
            if args.json:
                print(json.dumps(table, indent=2))
            else:
                print_compare(table)
                print(f"  load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            return 0
        finally:
            shutil.rmtree(work, ignore_errors=True)
    work = Path(tempfile.mkdtemp(prefix="aco-profile-"))
    report: dict = {}
    try:
        env = child_env(work, not args.no_bytecode)
        with TmuxServer(env) as tmux:
            one_run(tmux, work, env, 0, False, args.variant)  # warm-up (bytecode, OS caches)
            runs = [one_run(tmux, work, env, n, False, args.variant) for n in range(1, args.runs + 1)]
            good = [r for r in runs if "error" not in r]
            report["timeline"] = timeline(good)
            if args.profile:
                profiled = one_run(tmux, work, env, args.runs + 1, True, args.variant)
        if args.imports:
            report["imports"] = import_table(env)
        if args.json:
            print(json.dumps(report, indent=2))
            return 0
        print_timeline(report["timeline"], len(good))
        if args.profile and "error" not in profiled:
            print_profile(str(work / f"run-{args.runs + 1}" / "timeline.json") + ".paint.prof",
                          "Launch to first paint", args.limit)
            print_profile(str(work / f"run-{args.runs + 1}" / "timeline.json") + ".quit.prof",
                          "q to exit", args.limit // 2)
        if args.imports:
            table = report["imports"]
            print(f"\nImports (python -X importtime, self times summed, median of 5): aco-tui modules "
                  f"{table['total_app_ms']} ms, minimal app's {table['total_minimal_ms']} ms; "
                  f"beyond the minimal app {table['extra_ms']} ms:")
            for name, value in list(table["extra_by_group_ms"].items())[:25]:
                print(f"  {value:7.1f} ms  {name}")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
