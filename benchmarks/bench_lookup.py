"""Benchmarks of ``aco-tui lookup`` (a report, not a test: nothing here fails on a slow machine).

1. Cold start: wall time of ``aco-tui lookup QUERY`` in a fresh process (index cache warm)
   against ``python -c pass``, runs interleaved in the same session. The goal is at most 3x.
   Also the first run, which builds the index and writes the cache.
2. Query latency in process, p50/p95, over the real store and over a synthetic store 100x
   larger (every excerpt and content file copied 100 times with 10% of the words replaced by
   made-up ones, so the vocabulary grows too), to show how the cost grows.

Usage::

    .venv/bin/python benchmarks/bench_lookup.py [--runs 30] [--scale 100] [--no-synthetic] [--json]

Python's bytecode cache is enabled for the child processes (in a temporary
``PYTHONPYCACHEPREFIX``), as it is after ``pip install``; ``--no-bytecode`` measures without it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "Hawking",
    "threshold advertised",
    "partial integration",
    "who can hold an ACO contract",
    "when did Hawking join",
    "what happens to GP contracts under full integration",
    "capitaton",
    "Hawkng",
    "accountable care organisation",
    "CCG",
    "PACS",
    "JR",
    '"judicial review" kind:excerpt',
    "capitated budget topic:legal-challenges",
    "source:hoc-cbp-8190 GP contracts",
    "integration agreement between the ACO and GP practices",
    "xyzzy",
]
CONSOLE_SCRIPT = """import re
import sys
from aco_tui.cli.main import main
if __name__ == '__main__':
    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])
    sys.exit(main())
"""


PHASES = """
import sys, time, os
start = time.perf_counter()
import aco_tui.cli.main as cli
imported = time.perf_counter()
parser = cli.build_parser()
args = parser.parse_args(sys.argv[1:])
parsed = time.perf_counter()
import aco_tui.search.cache as cache
searched = time.perf_counter()
index = cache.load_index(store=args.store, content=args.content)
loaded = time.perf_counter()
result = index.find(" ".join(args.query), args.limit)
found = time.perf_counter()
from aco_tui.cli.lookup import format_hit
text = "\\n\\n".join(format_hit(n, h, False, None) for n, h in enumerate(result.hits, 1))
formatted = time.perf_counter()
import json
print(json.dumps({"import aco_tui.cli.main (argparse)": imported - start, "build_parser + parse (all commands)": parsed - imported,
                  "import aco_tui.search": searched - parsed, "load cached index": loaded - searched,
                  "query": found - loaded, "format results": formatted - found}))
"""


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def _child_env(cache: str, pycache: str | None) -> dict[str, str]:
    env = dict(os.environ, ACO_TUI_CACHE=cache, PYTHONPATH=str(ROOT), NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if pycache is None:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    else:
        env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _run(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, env=env, cwd=tempfile.gettempdir(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start


def cold_start(runs: int, bytecode: bool, store: str, content: str) -> dict:
    """Fresh-process wall times, interleaved so that drift hits every command alike."""
    work = Path(tempfile.mkdtemp(prefix="aco-bench-"))
    try:
        script = Path(sys.executable).parent / "aco-tui"  # the installed console script, if any
        if not script.is_file():
            script = work / "aco-tui"
            script.write_text(CONSOLE_SCRIPT, encoding="utf-8")
        env = _child_env(str(work / "cache"), str(work / "pycache") if bytecode else None)
        python = sys.executable
        paths = ["--store", store, "--content", content]
        commands = {
            "python -c pass": [python, "-c", "pass"],
            "aco-tui lookup (console script)": [python, str(script), "lookup", *paths, "partial integration"],
            "python -m aco_tui lookup": [python, "-m", "aco_tui", "lookup", *paths, "partial integration"],
        }
        first = []
        for _ in range(3):  # cache build: empty the cache before each run
            shutil.rmtree(work / "cache", ignore_errors=True)
            first.append(_run(commands["aco-tui lookup (console script)"], env))
        for command in commands.values():  # warm the bytecode and OS caches
            _run(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(_run(command, env))
        base = statistics.median(times["python -c pass"])
        result = {
            name: {
                "median_ms": _ms(statistics.median(t)),
                "min_ms": _ms(min(t)),
                "p90_ms": _ms(percentile(t, 0.9)),
                "ratio": round(statistics.median(t) / base, 2),
            }
            for name, t in times.items()
        }
        result["first run, builds the cache"] = {
            "median_ms": _ms(statistics.median(first)),
            "ratio": round(statistics.median(first) / base, 2),
        }
        phases: dict[str, list[float]] = {}
        for _ in range(runs):
            done = subprocess.run(
                [python, "-c", PHASES, "lookup", *paths, "partial integration"],
                env=env,
                cwd=tempfile.gettempdir(),
                capture_output=True,
                text=True,
                check=True,
            )
            for name, seconds in json.loads(done.stdout).items():
                phases.setdefault(name, []).append(seconds)
        result["phases"] = {name: _ms(statistics.median(t)) for name, t in phases.items()}
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def latency(store: str, content: str, repeats: int) -> dict:
    """Build, cache-load and query times in this process."""
    from aco_tui.search import SearchIndex
    from aco_tui.search.cache import _read, _write, fingerprint
    from aco_tui.search.index import build_from_paths

    start = time.perf_counter()
    data = build_from_paths(store, content)
    build = time.perf_counter() - start
    work = Path(tempfile.mkdtemp(prefix="aco-bench-"))
    try:
        cache = str(work / "index.marshal")
        key = fingerprint(store, content)
        _write(cache, key, data)
        size = os.path.getsize(cache)
        loads = []
        for _ in range(5):
            start = time.perf_counter()
            index = SearchIndex(_read(cache, key), origin="cache")
            loads.append(time.perf_counter() - start)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for query in QUERIES:  # warm up (and decode the typo vocabulary once)
        index.find(query, 5)
    samples: list[float] = []
    per_query: dict[str, float] = {}
    for query in QUERIES:
        mine = []
        for _ in range(repeats):
            start = time.perf_counter()
            index.find(query, 5)
            mine.append(time.perf_counter() - start)
        per_query[query] = _ms(statistics.median(mine))
        samples += mine
    return {
        "documents": len(index),
        "tokens": len(data["postings"]),
        "build_s": round(build, 2),
        "cache_bytes": size,
        "cache_load_ms": _ms(statistics.median(loads)),
        "query_p50_ms": _ms(percentile(samples, 0.5)),
        "query_p95_ms": _ms(percentile(samples, 0.95)),
        "per_query_median_ms": per_query,
    }


def synthetic(store: str, content: str, scale: int, target: Path) -> tuple[str, str]:
    """Write a store and content ``scale`` times larger than the real ones into ``target``."""
    rng = random.Random(5)
    fake = [f"zq{rng.randrange(36**5):x}" for _ in range(20000)]

    def mutate(text: str) -> str:
        parts = text.split(" ")
        for _ in range(max(1, len(parts) // 10)):
            parts[rng.randrange(len(parts))] = fake[int(len(fake) * rng.random() ** 3)]  # skewed, like real words
        return " ".join(parts)

    raw = json.loads(Path(store).read_text(encoding="utf-8"))
    excerpts, number = {}, 1
    for copy in range(scale):
        for doc in raw["excerpts"].values():
            excerpts[str(number)] = dict(doc, id=f"{doc['id']}-{copy}", text=mutate(doc["text"]))
            number += 1
    out_content = target / "content"
    out_content.mkdir(parents=True)
    (target / "store.json").write_text(json.dumps({"sources": raw["sources"], "excerpts": excerpts}), encoding="utf-8")
    for path in Path(content).glob("*.md"):
        text = path.read_text(encoding="utf-8")
        if path.stem == "glossary":
            (out_content / path.name).write_text(text, encoding="utf-8")
            continue
        for copy in range(scale):
            name = path.name if copy == 0 else f"{path.stem}-{copy}.md"
            head, _, body = text.partition("\n---\n")
            (out_content / name).write_text(head + "\n---\n" + mutate(body), encoding="utf-8")
    return str(target / "store.json"), str(out_content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="fresh processes per command (default 30)")
    parser.add_argument("--repeats", type=int, default=50, help="in-process runs per query (default 50)")
    parser.add_argument("--scale", type=int, default=100, help="synthetic store size factor (default 100)")
    parser.add_argument("--no-synthetic", action="store_true", help="skip the synthetic store")
    parser.add_argument("--no-bytecode", action="store_true", help="also measure without Python's bytecode cache")
    parser.add_argument("--store", help="store to use (default: the shipped one)")
    parser.add_argument("--content", help="content directory to use")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    from aco_tui.search.cache import resolve_paths

    store, content = resolve_paths(args.store, args.content)
    report: dict = {"python": sys.version.split()[0], "platform": sys.platform, "store": store}
    report["cold_start"] = cold_start(args.runs, True, store, content)
    if args.no_bytecode:
        report["cold_start_no_bytecode"] = cold_start(args.runs, False, store, content)
    report["latency_real"] = latency(store, content, args.repeats)
    if not args.no_synthetic:
        work = Path(tempfile.mkdtemp(prefix="aco-bench-synthetic-"))
        try:
            big_store, big_content = synthetic(store, content, args.scale, work)
            report[f"latency_synthetic_x{args.scale}"] = latency(big_store, big_content, max(5, args.repeats // 5))
        finally:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"Python {report['python']} on {report['platform']}; store {store}")
    for key in [k for k in report if k.startswith("cold_start")]:
        print(f"\n{key.replace('_', ' ')} (median / min / p90 ms, ratio to python -c pass):")
        phases = report[key].pop("phases")
        for name, row in report[key].items():
            extra = f" / {row['min_ms']} / {row['p90_ms']}" if "min_ms" in row else ""
            print(f"  {name:34s} {row['median_ms']:8}{extra}   x{row['ratio']}")
        print("  where the time goes after interpreter start-up (median ms):")
        for name, value in phases.items():
            print(f"    {value:8}  {name}")
        report[key]["phases"] = phases
    for key in [k for k in report if k.startswith("latency")]:
        row = report[key]
        print(
            f"\n{key.replace('_', ' ')}: {row['documents']} documents, {row['tokens']} index tokens, "
            f"build {row['build_s']} s, cache {row['cache_bytes'] // 1024} KiB loads in {row['cache_load_ms']} ms"
        )
        print(f"  query latency p50 {row['query_p50_ms']} ms, p95 {row['query_p95_ms']} ms")
        for query, value in row["per_query_median_ms"].items():
            print(f"    {value:8} ms  {query}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
