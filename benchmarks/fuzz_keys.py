"""The long key fuzz of the explainer app (issue 7): 2,000+ random keys per seed, over every pane,
the quiz, the search screen and every modal, then ``1`` and ``q`` must still work.

A report, not a benchmark of speed: it exits 1 if any seed crashes the app (or opens a URL),
printing the seed and the actions of the episode that broke it, so the run can be repeated. The short version runs in
``tests/ui/test_fuzz_keys.py``.

Usage::

    .venv/bin/python benchmarks/fuzz_keys.py [--keys 2000] [--seeds 1 2 3] [--size 80x24] [--json]
    .venv/bin/python benchmarks/fuzz_keys.py --replay "<home> <scene help> 3 question_mark pagedown"

A failure prints the actions of the episode that broke the app in that replay form; cut it down
with ``--replay`` to find the few keys that matter.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=2000, help="keys per seed (default 2000)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1], help="seeds to run (default 1)")
    parser.add_argument("--size", type=_size, default=(80, 24), help="terminal size to start at (default 80x24)")
    parser.add_argument("--no-resize", action="store_true", help="never resize the terminal during the run")
    parser.add_argument("--json", action="store_true", help="print one JSON object per seed")
    parser.add_argument("--replay", metavar="LOG", help="play this action log instead of random keys")
    parser.add_argument(
        "--save-log",
        metavar="DIR",
        type=Path,
        help="on failure, write the whole action log of the seed to DIR/fuzz-seed-N.log",
    )
    args = parser.parse_args(argv)

    from fuzzing import FuzzFailure, run_fuzz

    from aco_tui.knowledge.base import load_knowledge

    knowledge = load_knowledge().require_usable()
    failed = 0
    with tempfile.TemporaryDirectory(prefix="aco-fuzz-") as scratch:
        os.environ["ACO_TUI_DATA"] = str(Path(scratch) / "data")
        os.environ["ACO_TUI_CACHE"] = str(Path(scratch) / "cache")
        for seed in [-1] if args.replay else args.seeds:
            started = time.perf_counter()
            try:
                result = asyncio.run(
                    run_fuzz(
                        knowledge,
                        Path(scratch) / f"data-{seed}",
                        seed=seed,
                        presses=args.keys,
                        size=args.size,
                        log=args.replay,
                        **({} if args.replay else {"resize_terminal": not args.no_resize}),
                    )
                )
            except FuzzFailure as failure:
                failed += 1
                print(f"FAIL seed {seed}: {failure}", file=sys.stderr)
                if args.save_log and getattr(failure, "result", None):
                    args.save_log.mkdir(parents=True, exist_ok=True)
                    log = args.save_log / f"fuzz-seed-{seed}.log"
                    log.write_text(" ".join(failure.result.actions) + "\n", encoding="utf-8")
                    print(f"     whole action log: {log}", file=sys.stderr)
                continue
            elapsed = time.perf_counter() - started
            if args.json:
                print(
                    json.dumps(
                        {
                            "seed": seed,
                            "keys": result.keys,
                            "pastes": result.pastes,
                            "resizes": result.resizes,
                            "quit_requests": result.quit_requests,
                            "quiz_cards": result.quiz_cards,
                            "quiz_states": dict(result.quiz_states),
                            "screens": dict(result.screens),
                            "scenes": dict(result.scenes),
                            "panes": sorted(result.panes),
                            "opened_urls": result.opened_urls,
                            "seconds": round(elapsed, 1),
                        }
                    )
                )
            else:
                print(f"ok   {result.summary()}; {elapsed:.1f} s ({elapsed / max(result.keys, 1) * 1000:.0f} ms/key)")
            if result.opened_urls:
                failed += 1
                print(f"FAIL seed {seed}: URLs were opened: {result.opened_urls}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
