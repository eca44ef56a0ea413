"""A live room over SSH (issue 25): N trainees in ``quiz --plain --live CODE`` on ptys, the trainer's
console (``trainer --live CODE``) on a pty, the trainer's ``live`` verbs as SSH commands.

A real ``aco-tui serve`` with the real knowledge base (the SSH cohort benchmark's server and clients:
:mod:`bench_ssh_cohort`, :mod:`ssh_client`; every screen kept by pyte). Timed from rendered screens:

* ``live next`` -> the question on every trainee's screen (from the command's return: the room has
  moved; the command's own run, a cold ``aco-tui`` process, is reported beside it);
* a trainee's answer (Enter) -> the trainer's console counting it ("K of N answered"), one trainee
  at a time (odd questions); and everyone answering at once (even questions): from the moment all
  were sent to the console counting the k-th, for every k;
* polling: the CPU of the trainee processes while they wait for a question, per trainee, in percent
  of one core.

Goals (the 2-core machine, 60 trainees): next -> screens p95 <= 1 s; answer -> chart p95 <= 1 s;
polling < 1% of a core per trainee. A report, not a test: nothing here fails.

Usage::

    .venv/bin/python benchmarks/bench_live.py [--trainees 60] [--questions 3] [--idle 10] [--quick] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import asyncssh  # noqa: E402
from bench_ssh_cohort import Server, cpu_seconds, descendants, percentiles  # noqa: E402
from ssh_client import TermClient  # noqa: E402

GOALS = {"next_to_screens_p95_s": 1.0, "answer_to_chart_p95_s": 1.0, "polling_core_percent_per_trainee": 1.0}
SESSION = "induction"
TRAINER = "trainer"
ANSWERED = re.compile(r"(\d+) of \d+ answered")


def answer_codes() -> list[str]:
    """The right answer of each question of the session, as typed in plain mode."""
    from aco_tui.knowledge.paths import KnowledgePaths
    from aco_tui.quiz.bank_cache import load_bank_cached
    from aco_tui.quiz.plan import plan_session
    from aco_tui.quiz.scoring import response_code

    plan = plan_session(load_bank_cached(KnowledgePaths.resolve(None, None).content / "quiz"), SESSION)
    return [response_code(p, p.key()) for p in plan.questions]


async def trainer_run(conn: asyncssh.SSHClientConnection, command: str) -> str:
    result = await conn.run(command, encoding="utf-8", timeout=120)
    if result.exit_status != 0:
        raise RuntimeError(f"{command}: {result.stderr}")
    return str(result.stdout)


def revealed(screen: str) -> bool:
    """A reveal has been printed: it ends with "Waiting for the trainer..." (its start may have
    scrolled off a 30-row screen)."""
    lines = [line.strip() for line in screen.splitlines() if line.strip()]
    return bool(lines) and lines[-1] == "Waiting for the trainer..." and "Source:" in screen


def answered(screen: str) -> int:
    """The "K of N answered" the console shows (0 if none)."""
    found = ANSWERED.search(screen)
    return int(found.group(1)) if found else 0


def cpu_of(pids: list[int]) -> float:
    return sum(cpu_seconds(pid) for pid in pids)


async def room(server: Server, count: int, questions: int, idle: float) -> dict[str, object]:
    codes = answer_codes()
    questions = min(questions, len(codes))
    assert server.process is not None
    key = server.keys[TRAINER]
    conn = await asyncssh.connect(
        "127.0.0.1",
        server.port,
        username=TRAINER,
        client_keys=[key],
        known_hosts=None,
        config=None,
        agent_path=None,
        preferred_auth=["publickey"],
    )
    names = [n for n in server.keys if n != TRAINER]
    trainees: list[TermClient] = []
    console: TermClient | None = None
    try:
        code = (await trainer_run(conn, f"live open {SESSION}")).strip().splitlines()[-1].removeprefix("code: ")
        before = set(descendants(server.process.pid))
        trainees = list(
            await asyncio.gather(
                *(
                    TermClient.open(server.port, name, server.keys[name], command=f"quiz --plain --live {code}")
                    for name in names
                )
            )
        )
        await asyncio.gather(*(t.wait_for("Waiting for the trainer", timeout=180) for t in trainees))
        children = [p for p in descendants(server.process.pid) if p not in before]
        await asyncio.sleep(1.0)  # start-up spent
        cpu0, t0 = cpu_of(children), time.monotonic()
        await asyncio.sleep(idle)
        polling = 100.0 * (cpu_of(children) - cpu0) / (time.monotonic() - t0) / max(1, count)

        console = await TermClient.open(server.port, TRAINER, key, size=(110, 40), command=f"trainer --live {code}")
        await console.wait_for(f"0 of {count} answered", timeout=120)
        to_screens: list[float] = []
        command_s: list[float] = []
        to_chart: list[float] = []
        burst: list[float] = []
        for number in range(1, questions + 1):
            issued = time.monotonic()
            await trainer_run(conn, f"live next {code}")
            moved = time.monotonic()
            command_s.append(moved - issued)
            header = f"Q{number}/{len(codes)} ["
            seen = await asyncio.gather(*(t.wait_for(header, timeout=60) for t in trainees))
            to_screens += [when - moved for when in seen]
            if number % 2:  # one at a time: each answer timed to the console
                for k, trainee in enumerate(trainees, start=1):
                    sent = time.monotonic()
                    trainee.send(codes[number - 1].encode() + b"\r")
                    arrived = await console.wait_for(f"{k} of {count} answered", timeout=60)
                    to_chart.append(arrived - sent)
            else:  # everyone at once: when the console counts the k-th answer, for every k
                sent = time.monotonic()
                for trainee in trainees:
                    trainee.send(codes[number - 1].encode() + b"\r")
                for k in range(1, count + 1):
                    burst.append(await console.wait_for(lambda screen, k=k: answered(screen) >= k, timeout=60) - sent)
            await trainer_run(conn, f"live reveal {code}")
            await asyncio.gather(*(t.wait_for(revealed, timeout=60) for t in trainees))
        await trainer_run(conn, f"live end {code}")
        finished = await asyncio.gather(*(t.wait_for("Score:", timeout=60) for t in trainees), return_exceptions=True)
        if os.environ.get("BENCH_DEBUG"):
            print(
                f"{len(children)} trainee processes; first screen:\n{trainees[0].text()}\n{finished[0]!r}",
                file=sys.stderr,
            )
        return {
            "trainees": count,
            "questions": questions,
            "code": code,
            "next_to_screens_s": percentiles(to_screens),
            "live_next_command_s": percentiles(command_s),
            "answer_to_chart_s": percentiles(to_chart),
            "everyone_at_once_to_chart_s": percentiles(burst),
            "polling_core_percent_per_trainee": round(polling, 3),
            "trainee_processes": len(children),
            "scores_seen": sum(1 for f in finished if not isinstance(f, BaseException)),
        }
    finally:
        for client in [*trainees, *([console] if console else [])]:
            try:
                await client.close()
            except Exception:  # noqa: BLE001, S110 - closing after a failure: nothing more to do
                pass
        conn.close()


def run(count: int, questions: int, idle: float) -> dict[str, object]:
    names = [f"trainee{n:03d}" for n in range(count)]
    with tempfile.TemporaryDirectory(prefix="aco-bench-live-") as scratch:
        server = Server(Path(scratch) / "live", count + 2, use_host=False)  # commands, not app sessions
        server.start([*names, TRAINER])
        path = server.data / "authorized_keys"  # the trainer's key gets the trainer role
        lines = [
            f'role="trainer",{line}' if line.startswith(f'trainee="{TRAINER}"') else line
            for line in path.read_text(encoding="utf-8").splitlines()
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        try:
            report = asyncio.run(room(server, count, questions, idle))
        finally:
            server.stop()
    report["goals"] = GOALS
    report["machine_cpus"] = os.cpu_count()
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trainees", type=int, default=60)
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds of waiting measured for polling")
    parser.add_argument("--quick", action="store_true", help="8 trainees, 2 questions, 5 s idle")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.trainees, args.questions, args.idle = 8, 2, 5.0
    started = time.monotonic()
    report = run(args.trainees, args.questions, args.idle)
    report["seconds"] = round(time.monotonic() - started, 1)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    for name in ("next_to_screens_s", "live_next_command_s", "answer_to_chart_s", "everyone_at_once_to_chart_s"):
        stats = report[name]
        assert isinstance(stats, dict)
        print(f"{name}: p50 {stats['p50']} / p95 {stats['p95']} / max {stats['max']} s (n={stats['n']})")
    print(
        f"polling: {report['polling_core_percent_per_trainee']}% of a core per trainee; "
        f"scores seen {report['scores_seen']} of {report['trainees']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
