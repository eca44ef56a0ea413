"""What the proposed speed-ups would save, each measured on its own (a diagnostic, not a benchmark row).

Nothing in the application is changed: each "what if" is a monkeypatch in a child process (or in
this one), set beside the code as it is, in alternation. Several what-ifs have since been adopted
(the pickle cache, the lockless read of the saved place, lazily imported dialogs, garbage collection
paused at start-up, gc.freeze at exit): their "as now" rows then time the adopted code. Sections:

* ``start``: pieces of the start, each in a fresh process (CPU time of the piece alone, median and
  minimum): content parsing with and without markdown-it's inline pass, a pickled knowledge base,
  reading the saved location with and without FileLock, the modal screens imported at start, and
  garbage collection during start-up;
* ``exit``: the interpreter's teardown after the app has run (Pilot, first pane, or every pane),
  with and without ``gc.freeze()`` before returning from ``main``; and the quiz pane import that
  ``action_quit`` does;
* ``quiz``: ``QuizRun.submit`` against progress files of growing size: as it is, with compact
  JSON, and (only to attribute the time) without fsync; and its number of transactions.

Usage::

    .venv/bin/python benchmarks/what_if.py [--only start,exit,quiz] [--repeats 9]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

PRELUDE = """
import sys, time, os, json
sys.path.insert(0, {root!r})
"""

# name -> (setup code, timed code); the timed code's CPU time (process_time) is printed
START_PIECES = {
    "content: load_content as now (markdown-it, inline pass)": (
        "import aco_tui.knowledge.base as k, markdown_it, mdit_py_plugins.front_matter\n"
        "from aco_tui.knowledge.paths import KnowledgePaths\np = KnowledgePaths.resolve()",
        "k.load_content(p.content)"),
    "content: load_content, markdown-it without inline pass": (
        "import aco_tui.knowledge.base as k, aco_tui.knowledge.content as c, markdown_it, mdit_py_plugins.front_matter\n"
        "from aco_tui.knowledge.paths import KnowledgePaths\np = KnowledgePaths.resolve()\n"
        "block = c._parser\nc._parser = lambda: block().disable('inline')",
        "k.load_content(p.content)"),
    "store: load_store as now (TinyDB)": (
        "import aco_tui.knowledge.base as k\nfrom aco_tui.knowledge.paths import KnowledgePaths\np = KnowledgePaths.resolve()",
        "k.load_store(p.store)"),
    "store + content + cross-check: load_knowledge as now": (
        "import aco_tui.knowledge.base as k, markdown_it, mdit_py_plugins.front_matter",
        "k.load_knowledge()"),
    "store + content: from a pickle cache (warm)": (
        "import aco_tui.knowledge.base as k, pickle\nwith open({cache!r}, 'rb') as f: data = f.read()",
        "kb = pickle.loads(data)"),
    "saved location: load_location as now (UserData.table)": (
        "import aco_tui.ui.app\nfrom aco_tui.storage.ui_state import load_location\nfrom aco_tui.storage.userdata import UserData\n"
        "from pathlib import Path\nd = UserData(Path({data!r}))",
        "load_location(d, 'local')"),
    "saved location: plain json read, no lock": (
        "import aco_tui.ui.app\nfrom pathlib import Path\npath = Path({data!r}) / 'progress.json'",
        "tables = json.loads(path.read_text(encoding='utf-8')); tables.get('ui_state')"),
    "imports: modal screens (help, citation, pickers, term)": (
        "import aco_tui.ui.app, aco_tui.knowledge.base\nfrom textual.widgets import Header, Tabs, OptionList",
        "import aco_tui.ui.screens.help, aco_tui.ui.screens.citation, aco_tui.ui.screens.pickers, aco_tui.ui.screens.term"),
    "imports: aco_tui.ui.panes.quiz (done by action_quit)": (
        "import aco_tui.ui.app, aco_tui.ui.screens.main, aco_tui.ui.panes.document",
        "import aco_tui.ui.panes.quiz"),
    "start-up imports + load_knowledge, gc on (as now)": (
        "",
        "import aco_tui.cli.main, aco_tui.knowledge.base as k\nkb = k.load_knowledge()\n"
        "import aco_tui.ui.app, aco_tui.ui.screens.main, aco_tui.ui.panes.document"),
    "start-up imports + load_knowledge, gc off": (
        "import gc\ngc.disable()",
        "import aco_tui.cli.main, aco_tui.knowledge.base as k\nkb = k.load_knowledge()\n"
        "import aco_tui.ui.app, aco_tui.ui.screens.main, aco_tui.ui.panes.document"),
}

EXIT_CHILD = """
import sys, time, asyncio, tempfile, os
sys.path.insert(0, {root!r})
from aco_tui.knowledge.base import load_knowledge
from aco_tui.ui.app import AcoApp
kb = load_knowledge()
async def main():
    app = AcoApp(kb, data_dir=tempfile.mkdtemp())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        if {visit!r}:
            for key in "234567":
                await pilot.press(key)
                await pilot.pause()
asyncio.run(main())
if {freeze!r}:
    import gc
    gc.freeze()
sys.stderr.write(repr(time.perf_counter()))
"""


def child_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACO_TUI")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env["ACO_TUI_CACHE"] = str(work / "cache")
    return env


def _stats(values: list[float]) -> str:
    return f"median {statistics.median(values):7.1f}  min {min(values):7.1f}"


def section_start(work: Path, repeats: int) -> dict:
    import pickle

    from aco_tui.knowledge.base import load_knowledge

    cache = work / "knowledge.pickle"
    cache.write_bytes(pickle.dumps(load_knowledge(), protocol=pickle.HIGHEST_PROTOCOL))
    data = work / "data"
    data.mkdir()
    (data / "progress.json").write_text(json.dumps(
        {"meta": {"1": {"schema": 1}}, "ui_state": {"1": {"profile": "local", "pane": "concepts", "section": None}}}),
        encoding="utf-8")
    env = child_env(work)
    results: dict[str, list[float]] = {name: [] for name in START_PIECES}
    for number in range(repeats + 1):  # the first round warms the bytecode cache and is dropped
        for name, (setup, timed) in START_PIECES.items():
            code = (PRELUDE.format(root=str(ROOT)) + setup.format(cache=str(cache), data=str(data))
                    + "\nstart = time.process_time()\n" + timed
                    + "\nprint((time.process_time() - start) * 1000)")
            done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                  cwd=tempfile.gettempdir(), check=False)
            if done.returncode != 0:
                print(f"  ! {name}: {done.stderr.strip().splitlines()[-1:]}")
                continue
            if number:
                results[name].append(float(done.stdout.strip().splitlines()[-1]))
    print(f"Start-up pieces, CPU ms in a fresh process ({repeats} runs each, bytecode cached):")
    for name, values in results.items():
        if values:
            print(f"  {_stats(values)}  {name}")
    return {name: statistics.median(v) for name, v in results.items() if v}


def section_exit(work: Path, repeats: int) -> dict:
    env = child_env(work)
    results: dict[str, list[float]] = {}
    cases = [("first pane", False, False), ("first pane", False, True), ("every pane visited", True, False),
             ("every pane visited", True, True)]
    for number in range(repeats + 1):
        for label, visit, freeze in cases:
            code = EXIT_CHILD.format(root=str(ROOT), visit=visit, freeze=freeze)
            child = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.PIPE,
                                     stdout=subprocess.DEVNULL, text=True, cwd=tempfile.gettempdir())
            error = child.stderr.read()
            child.wait()
            ended = time.perf_counter()
            try:
                returned = float(error.strip().splitlines()[-1])
            except (ValueError, IndexError):
                print(f"  ! {label}: {error[-200:]}")
                continue
            if number:
                key = f"{label}, {'gc.freeze() before exit' if freeze else 'as now'}"
                results.setdefault(key, []).append((ended - returned) * 1000)
    print(f"Interpreter teardown after the app ran (wall ms from the end of the script to process exit, "
          f"{repeats} runs):")
    for name, values in results.items():
        print(f"  {_stats(values)}  {name}")
    return {name: statistics.median(v) for name, v in results.items()}


def section_quiz(work: Path, repeats: int) -> dict:
    import bench_quiz

    import aco_tui.storage.userdata as userdata
    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.quiz.service import QuizService

    knowledge = load_knowledge().require_usable()
    real_json, real_fsync, real_transaction = userdata.json, userdata.os.fsync, userdata.UserData.transaction

    class CompactJson:
        loads = staticmethod(json.loads)

        @staticmethod
        def dumps(value, **options):
            options.pop("indent", None)
            options.pop("sort_keys", None)
            return json.dumps(value, separators=(",", ":"), **options)

    counts = {"transactions": 0}

    def counting_transaction(self):
        counts["transactions"] += 1
        return real_transaction(self)

    print(f"Quiz: QuizRun.submit (score + save), ms, {repeats * 10} answers per cell, median / p90:")
    print(f"  {'progress file':>14s} {'as now':>16s} {'compact JSON':>16s} {'no fsync (attribution)':>24s}"
          f"  transactions per answer")
    results = {}
    for quizzes in (0, 30, 100, 300):
        data_dir = work / f"quiz-{quizzes}"
        data_dir.mkdir()
        if quizzes:
            bench_quiz.fill_history(knowledge, data_dir, quizzes)
        size = (data_dir / "progress.json").stat().st_size // 1024 if quizzes else 0
        row = {}
        for name in ("as now", "compact JSON", "no fsync"):
            userdata.json = CompactJson if name == "compact JSON" else real_json
            userdata.os.fsync = (lambda fd: None) if name == "no fsync" else real_fsync
            userdata.UserData.transaction = counting_transaction
            try:
                service = QuizService.open(knowledge.paths.content / "quiz", knowledge.store, data_dir=data_dir)
                times = []
                counts["transactions"] = 0
                for number in range(repeats):
                    run = service.start_practice("what-if", count=10, seed=1000 + number)
                    while not run.finished:
                        response = bench_quiz._core_answer(run.current)
                        start = time.perf_counter()
                        run.submit(response)
                        times.append((time.perf_counter() - start) * 1000)
                per_answer = counts["transactions"] / max(1, len(times))
            finally:
                userdata.json, userdata.os.fsync = real_json, real_fsync
                userdata.UserData.transaction = real_transaction
            ordered = sorted(times)
            row[name] = (statistics.median(times), ordered[int(0.9 * (len(ordered) - 1))], per_answer)
        print(f"  {str(size) + ' KiB':>14s} " + " ".join(
            f"{row[n][0]:7.1f} / {row[n][1]:6.1f}".rjust(w) for n, w in
            (("as now", 16), ("compact JSON", 16), ("no fsync", 24))) + f"  {row['as now'][2]:.1f} (incl. start/finish)")
        results[f"{quizzes} quizzes ({size} KiB)"] = {k: v[0] for k, v in row.items()}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="start,exit,quiz")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--json", action="store_true", help="also print the medians as one JSON object")
    args = parser.parse_args()
    wanted = args.only.split(",")
    report = {}
    with tempfile.TemporaryDirectory(prefix="aco-what-if-") as work_dir:
        work = Path(work_dir)
        if "start" in wanted:
            report["start"] = section_start(work, args.repeats)
        if "exit" in wanted:
            report["exit"] = section_exit(work, max(3, args.repeats // 2))
        if "quiz" in wanted:
            report["quiz"] = section_quiz(work, max(2, args.repeats // 3))
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
