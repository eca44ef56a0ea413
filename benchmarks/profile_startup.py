"""Where ``aco-tui``'s start-up (and quit) time goes: a diagnostic, not a benchmark row.

Runs an instrumented copy of ``aco-tui``'s start (the steps of ``aco_tui.cli.run_app``, with
timestamps around each, and hooks inside Textual) in a real terminal (tmux, 100x30), the same way
``bench_startup.py`` does, and prints the median time line from launch to first paint and from
``q`` to exit. With ``--profile`` one more run is made under cProfile (stopped by a signal the
moment the first paint is seen on screen; a second profile covers quitting), and the functions
with the most cumulative time are listed. ``--imports`` lists, from ``python -X importtime``, the
modules aco-tui imports that the minimal Textual app does not.

Usage::

    .venv/bin/python benchmarks/profile_startup.py [--runs 5] [--profile] [--imports] [--json]

Timestamps are ``time.perf_counter()`` (CLOCK_MONOTONIC on Linux), shared by the harness and the
child, so "launch" is the moment the harness asked tmux for the session.
"""

from __future__ import annotations

import sys
import time

CHILD_START = time.perf_counter()

if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    # Instrumented start of aco-tui (keep the harness's own imports out of the child's timings).
    import json
    import os
    import signal

    VARIANTS = set(filter(None, os.environ.get("ACO_BENCH_VARIANTS", "").split(",")))
    if "gc-off" in VARIANTS:
        import gc

        gc.disable()
    SPANS: list[tuple[str, float, float]] = []
    EVENTS: list[tuple[str, float]] = [("python running our script", CHILD_START)]
    OUT = sys.argv[2]
    PROFILING = os.environ.get("ACO_BENCH_PROFILE") == "1"
    if PROFILING:
        import cProfile

        PROFILER = cProfile.Profile()
        PROFILER.enable()

    def span(label: str, start: float) -> None:
        SPANS.append((label, start, time.perf_counter()))

    def wrap(owner, name: str, label: str, *, count_only: bool = False) -> None:
        import functools
        import inspect

        original = getattr(owner, name)
        if inspect.iscoroutinefunction(original):
            @functools.wraps(original)
            async def wrapper(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    span(label, start)
        else:
            @functools.wraps(original)
            def wrapper(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    span(label, start)
        setattr(owner, name, wrapper)

    CPU: dict[str, float] = {}

    def first_paint_seen(signum, frame) -> None:
        EVENTS.append(("harness saw the first paint", time.perf_counter()))
        CPU["paint"] = time.process_time()
        if PROFILING:
            PROFILER.disable()
            PROFILER.dump_stats(OUT + ".paint.prof")

    signal.signal(signal.SIGUSR1, first_paint_seen)

    start = time.perf_counter()
    import aco_tui.cli as cli
    span("import aco_tui.cli (argparse, registrars)", start)
    start = time.perf_counter()
    args = cli.build_parser().parse_args([])
    span("build_parser + parse_args", start)
    start = time.perf_counter()
    import aco_tui.knowledge as knowledge
    span("import aco_tui.knowledge (markdown_it, store, content)", start)
    paths = cli._paths(args)
    if "no-inline" in VARIANTS:  # markdown-it without its inline pass: load_content only reads block tokens
        import aco_tui.content as content_module

        block_parser = content_module._parser

        def _parser():
            return block_parser().disable("inline")

        content_module._parser = _parser
    if "knowledge-cache" in VARIANTS:  # a warm cache of the parsed content and store (pickle)
        import pickle

        cache_file = os.environ["ACO_BENCH_KNOWLEDGE_CACHE"]
        real_load_store, real_load_content = knowledge.load_store, knowledge.load_content
        try:
            with open(cache_file, "rb") as handle:
                CACHED = pickle.load(handle)
        except OSError:
            CACHED = None

        def cached_store(path):
            return CACHED[0] if CACHED else real_load_store(path)

        def cached_content(path):
            if CACHED:
                return CACHED[1]
            loaded = real_load_content(path)
            with open(cache_file, "wb") as handle:
                pickle.dump((store, loaded), handle, protocol=pickle.HIGHEST_PROTOCOL)
            return loaded

        knowledge.load_store, knowledge.load_content = cached_store, cached_content
    start = time.perf_counter()
    store = knowledge.load_store(paths.store)
    span("load_store (store.json)", start)
    start = time.perf_counter()
    content = knowledge.load_content(paths.content)
    span("load_content (markdown-it parse of content/)", start)
    start = time.perf_counter()
    base = knowledge.KnowledgeBase(paths, store, content,
                                   list(content.problems) + knowledge._cross_problems(store, content))
    base.require_usable()
    problem = cli._terminal_problem()
    span("cross-check + require_usable + terminal check", start)
    start = time.perf_counter()
    from aco_tui.app import AcoApp
    span("import aco_tui.app (textual)", start)

    from textual.css.stylesheet import Stylesheet
    from textual.drivers.linux_driver import LinuxDriver
    from textual.widgets import Footer

    wrap(Stylesheet, "read_all", "textual: read app.tcss")
    wrap(Stylesheet, "parse", "textual: parse all CSS")
    wrap(LinuxDriver, "start_application_mode", "textual: driver start")
    wrap(AcoApp, "get_default_screen", "AcoApp.get_default_screen (load_location, import screens.main)")
    wrap(AcoApp, "_ready", "textual: app ready (after compose + mount)")
    wrap(AcoApp, "action_quit", "AcoApp.action_quit")
    wrap(LinuxDriver, "disable_input", "textual: driver disable_input (joins the input thread)")
    wrap(LinuxDriver, "stop_application_mode", "textual: driver stop_application_mode")
    wrap(AcoApp, "_shutdown", "textual: App._shutdown (driver stop, unmount everything)")
    wrap(AcoApp, "_close_all", "textual: App._close_all (unmount every widget)")
    original_write = LinuxDriver.write

    def write(self, data: str) -> None:
        if len(data) >= 100 and len(EVENTS) < 80:  # frames, not the escape sequences set up at start
            EVENTS.append((f"driver.write {len(data)} chars", time.perf_counter()))
        original_write(self, data)

    LinuxDriver.write = write
    original_footer_compose = Footer.compose

    def footer_compose(self):
        EVENTS.append((f"Footer.compose (bindings ready: {self._bindings_ready})", time.perf_counter()))
        return original_footer_compose(self)

    Footer.compose = footer_compose

    start = time.perf_counter()
    app = AcoApp(base)
    span("AcoApp() (UserData)", start)
    import aco_tui.screens.main as main_screen
    import aco_tui.widgets.document_pane as document_pane

    wrap(main_screen.MainScreen, "on_mount", "MainScreen.on_mount (first pane + section)")
    wrap(main_screen.MainScreen, "_build_pane", "MainScreen._build_pane")
    wrap(document_pane.DocumentPane, "show_section", "DocumentPane.show_section (Markdown.update)")

    original_quit = AcoApp.action_quit

    async def action_quit(self):
        global PROFILER
        EVENTS.append(("q pressed: action_quit starts", time.perf_counter()))
        CPU["q"] = time.process_time()
        if PROFILING:
            PROFILER = cProfile.Profile()
            PROFILER.enable()
        await original_quit(self)

    AcoApp.action_quit = action_quit
    if "lazy-quit" in VARIANTS:  # no import of the quiz pane at quit when no quiz pane was ever built
        async def lazy_quit(self):
            quiz_pane = sys.modules.get("aco_tui.widgets.quiz_pane")
            if quiz_pane is not None:
                for pane in self.query(quiz_pane.QuizPane):
                    pane.abandon_if_running()
            if self._pending_location is not None:
                self._save_location()
            self.exit(0)

        original_quit = lazy_quit
    if "lockless-state" in VARIANTS:  # read the saved location without FileLock (the file is replaced atomically)
        import aco_tui.app as app_module
        from aco_tui.ui_state import Location

        locked_load_location = app_module.load_location

        def load_location(data, profile):
            try:
                with open(data.path, encoding="utf-8") as handle:
                    tables = json.load(handle)
            except FileNotFoundError:
                return None
            except (OSError, ValueError):
                return locked_load_location(data, profile)  # let UserData move a damaged file aside
            for _, doc in sorted(tables.get("ui_state", {}).items(), key=lambda kv: int(kv[0])):
                if doc.get("profile") == profile and isinstance(doc.get("pane"), str):
                    section = doc.get("section")
                    return Location(doc["pane"], section if isinstance(section, str) else None)
            return None

        app_module.load_location = load_location
    if "gc-freeze" in VARIANTS:  # everything loaded so far is permanent: later collections skip it
        import gc

        gc.freeze()
    start = time.perf_counter()
    app.run()
    span("app.run()", start)
    if "gc-exit" in VARIANTS:  # the interpreter's final collections then skip every object left
        import gc

        gc.freeze()
    if PROFILING:
        PROFILER.disable()
        PROFILER.dump_stats(OUT + ".quit.prof")
    EVENTS.append(("app.run() returned", time.perf_counter()))

    def at_exit() -> None:  # after non-daemon threads are joined, before module teardown
        with open(OUT + ".exit", "w", encoding="utf-8") as handle:
            handle.write(repr(time.perf_counter()))

    import atexit

    atexit.register(at_exit)
    with open(OUT, "w", encoding="utf-8") as handle:
        CPU["run returned"] = time.process_time()
        json.dump({"spans": SPANS, "events": EVENTS, "problem": problem, "cpu": CPU}, handle)
    if "os-exit" in VARIANTS:  # skip the interpreter's teardown (threads are joined already)
        sys.stdout.flush()
        sys.stderr.flush()
        at_exit()
        os._exit(0)
    sys.exit(0)


import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _tmux import TmuxServer  # noqa: E402
from bench_startup import HEIGHT, START_STATE, WIDTH, child_env, raise_priority  # noqa: E402

APP_MODULES = ["aco_tui.cli", "aco_tui.knowledge", "aco_tui.app", "aco_tui.screens.main",
               "aco_tui.widgets.document_pane"]
MINIMAL_MODULES = ["textual.app", "textual.binding", "textual.widgets._header", "textual.widgets._footer",
                   "textual.widgets._static"]


def one_run(tmux: TmuxServer, work: Path, env: dict[str, str], number: int, profile: bool,
            variants: str = "") -> dict:
    """Start the instrumented child, wait for the first paint, press q, collect its time line."""
    run_dir = work / f"run-{number}"
    (run_dir / "data").mkdir(parents=True)
    (run_dir / "data" / "progress.json").write_text(json.dumps(START_STATE), encoding="utf-8")
    out = run_dir / "timeline.json"
    child = dict(env, ACO_TUI_DATA=str(run_dir / "data"), ACO_TUI_CACHE=str(run_dir / "cache"),
                 ACO_BENCH_PROFILE="1" if profile else "0", ACO_BENCH_VARIANTS=variants.replace("+", ","),
                 ACO_BENCH_KNOWLEDGE_CACHE=str(work / "knowledge.pickle"))
    name = f"profile-{number}"
    launch = time.perf_counter()
    tmux.new_session(name, [sys.executable, str(Path(__file__).resolve()), "--child", str(out)],
                     width=WIDTH, height=HEIGHT, env=child)
    try:
        painted = tmux.wait_for(lambda: all(m in tmux.capture(name) for m in ("1 Concepts", "Quit")), 30, 0.005)
        if painted is None:
            return {"error": tmux.capture(name)}
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
                                                     "cpu_quit": []} for v in variants}
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
    print(f"  {'variant':28s} {'first frame':>12s} {'first paint':>12s} {'gain':>6s} {'CPU to paint':>13s} {'gain':>6s}"
          f" {'quit':>12s} {'gain':>6s} {'CPU quit':>10s}  n")
    for variant, row in table.items():
        cells = {}
        for key in ("frame", "paint", "quit", "cpu_paint", "cpu_quit"):
            cells[key] = f"{row.get(key, float('nan')):.0f} ({row.get(key + '_min', float('nan')):.0f})"
        gain = {key: base.get(key, 0) - row.get(key, 0) for key in ("paint", "quit", "cpu_paint")}
        print(f"  {variant:28s} {cells['frame']:>12s} {cells['paint']:>12s} {gain['paint']:6.0f} "
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
                        help="compare variants instead (base, no-inline, knowledge-cache, lockless-state, lazy-quit, "
                             "gc-exit, os-exit, gc-off, gc-freeze; combine with +), --runs rounds")
    parser.add_argument("--nice", type=int, default=0, metavar="N", help="raise the priority by N (root)")
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
            one_run(tmux, work, env, 0, False)  # warm-up (bytecode, OS caches)
            runs = [one_run(tmux, work, env, n, False) for n in range(1, args.runs + 1)]
            good = [r for r in runs if "error" not in r]
            report["timeline"] = timeline(good)
            if args.profile:
                profiled = one_run(tmux, work, env, args.runs + 1, True)
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
