"""A cohort's session over SSH: N trainees connect at once and take the induction quiz in the app.

A real ``aco-tui serve`` process on 127.0.0.1 with the real knowledge base and a fresh data
directory; N real SSH clients (asyncssh, 100x30 ptys, each screen kept by the ``pyte`` terminal
emulator, :mod:`ssh_client`) arrive evenly over S seconds. Each waits for its first screen, opens
the Quiz pane (7), starts the "induction" session and answers ``--questions`` questions about
``--think`` seconds apart (a valid answer whatever the question type). Timed from the rendered
screen, not from bytes sent:

* connect -> first screen (TCP, key exchange, login, the app's first paint);
* answer (Enter) -> feedback on screen ("Your answer");
* feedback dismissed (Enter) -> the next question on screen.

Also: the measuring clients' own CPU (this process: per arrival and per question, and its share of
all the CPU of the run, which shows how much of the machine the measurement takes), PSS per session (the server and every process under it, added up, divided by N: the peak of the run, and at its end, when
everyone has answered, as pages merged meanwhile, e.g. by ``--serve-arg --merge-pages``, show), CPU per
quiz step in the app sessions and in the server (its own process: the relay), bytes and writes the
relay delivered per step, and answers acknowledged (feedback seen) against answers stored (rows in
the database). In the same run, as baselines: one session alone, and a minimal Textual app's
screen swap on a local pty (the CPU and time one swap of a screen of wrapped text costs).

With ``--quiz-session induction`` the server lands trainees on the
induction session's start page (``aco-tui serve --quiz-session``): the first screen is that page,
and Enter begins the session.

Goals (the 2-core machine): first screen p95 <= 2 s, each step p95 <= 150 ms, <= 20 MiB PSS per
session, 0 lost. A report, not a test: nothing here fails.

Usage::

    .venv/bin/python benchmarks/bench_ssh_cohort.py [--sessions 60] [--over 5] [--questions 6]
                                                    [--think 4] [--quick] [--json] [--no-host]
                                                    [--quiz-session NAME] [--serve-arg=WORD ...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import asyncssh  # noqa: E402
from _quiz_screen import QUESTION_MARK, answer_keys, feedback_shown  # noqa: E402
from ssh_client import TermClient  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
GOALS = {
    "first_screen_p95_s": 2.0,
    "step_p95_ms": 150.0,
    "pss_per_session_mib": 20.0,
    "lost": 0,
    "server_cpu_per_question_ms": 5.0,
    "step_cpu_vs_minimal_swap": 3.0,
}
# -- processes ------------------------------------------------------------------------------------


def _stat(pid: int) -> list[str]:
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        return stat.read().rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` in seconds, to the nanosecond (``/proc/PID/schedstat``; the clock ticks of
    ``stat`` are 10 ms, too coarse for a few milliseconds per step)."""
    try:
        with open(f"/proc/{pid}/schedstat", encoding="utf-8") as schedstat:
            return int(schedstat.read().split()[0]) / 1e9
    except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
        pass
    try:
        fields = _stat(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def descendants(root: int) -> list[int]:
    """Every process under ``root`` (children, grandchildren ...)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents.setdefault(int(_stat(int(entry))[1]), []).append(int(entry))
            except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
                continue
    found, todo = [], [root]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def pss_mib(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0.0


def percentiles(values: list[float]) -> dict[str, float | int | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]
    return {
        "n": len(ordered),
        "p50": round(statistics.median(ordered), 4),
        "p95": round(p95, 4),
        "max": round(ordered[-1], 4),
    }


# -- the server -----------------------------------------------------------------------------------


@dataclass
class Server:
    """A real ``aco-tui serve`` on a free port with its own data directory and one key per trainee."""

    directory: Path
    sessions: int
    use_host: bool = True
    serve_args: tuple[str, ...] = ()  # more options for ``aco-tui serve`` (``--serve-arg``)
    keys: dict[str, asyncssh.SSHKey] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None
    port: int = 0

    def start(self, trainees: list[str]) -> None:
        data = self.directory / "data"
        data.mkdir(parents=True)
        lines = []
        for name in trainees:
            key = asyncssh.generate_private_key("ssh-ed25519")
            self.keys[name] = key
            lines.append(f'trainee="{name}" ' + key.export_public_key().decode().strip())
        (data / "authorized_keys").write_text("\n".join(lines) + "\n", encoding="utf-8")
        log = open(self.directory / "serve.log", "wb")  # noqa: SIM115 - kept open for the server's life
        command = [
            sys.executable,
            "-m",
            "aco_tui",
            "serve",
            "--data-dir",
            str(data),
            "--port",
            "0",
            "--max-sessions",
            str(self.sessions + 8),
            *self.serve_args,
        ]
        env = dict(os.environ)
        if not self.use_host:
            env["ACO_TUI_SESSION_HOST"] = "0"
        self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = (self.directory / "serve.log").read_bytes().decode("utf-8", "replace")
            for line in text.splitlines():
                if "listening on " in line:
                    self.port = int(line.split("listening on ", 1)[1].split()[0].rsplit(":", 1)[1])
            if self.port and ("session host ready" in text or not self.use_host or "cold start" in text):
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited: {text[-2000:]}")
            time.sleep(0.1)
        raise RuntimeError("serve did not start within 60 s")

    @property
    def lands_on_session(self) -> bool:
        """Whether trainees land on a quiz session's start page (``serve --quiz-session``)."""
        return "--quiz-session" in self.serve_args

    @property
    def data(self) -> Path:
        return self.directory / "data"

    def stored_answers(self) -> int:
        with sqlite3.connect(self.data / "progress.sqlite3") as db:
            return int(db.execute("SELECT count(*) FROM answers").fetchone()[0])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# -- one trainee ----------------------------------------------------------------------------------


@dataclass
class Trainee:
    name: str
    first_screen: float | None = None
    feedback: list[float] = field(default_factory=list)
    next_question: list[float] = field(default_factory=list)
    acknowledged: int = 0
    traffic: list[tuple[int, int]] = field(default_factory=list)  # (bytes, chunks) per step
    error: str | None = None


@dataclass
class Barrier:
    """Every trainee waits here until all have arrived (or failed)."""

    parties: int
    arrived: int = 0
    event: asyncio.Event = field(default_factory=asyncio.Event)

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived >= self.parties:
            self.event.set()

    async def wait(self) -> None:
        self.arrive()
        await self.event.wait()


async def take_session(
    server: Server, trainee: Trainee, questions: int, think: float, rng: random.Random, start: Barrier, end: Barrier
) -> None:
    """Connect, wait for the first screen and start the induction session; when everyone has (the
    trainer says "go"), answer ``questions``; wait for everyone to finish before leaving."""
    client = None
    waited = [False, False]
    try:
        began = time.monotonic()
        client = await TermClient.open(server.port, trainee.name, server.keys[trainee.name])
        if server.lands_on_session:  # the first screen is the session's start page: Enter begins it
            trainee.first_screen = await client.wait_for(lambda s: "Pass mark" in s and "Quit" in s) - began
            client.send(b"\r")
        else:
            trainee.first_screen = await client.wait_for(lambda s: "Concepts" in s and "Quit" in s) - began
            client.send(b"7")
            await client.wait_for("Induction week")
            await _choose_induction(client)
        await client.wait_for(QUESTION_MARK)
        waited[0] = True
        await start.wait()
        for number in range(questions):
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            client.send(answer_keys(client.text()))
            await asyncio.sleep(0.05)
            client.mark()
            sent = client.send(b"\r")
            trainee.feedback.append(await client.wait_for(feedback_shown) - sent)
            trainee.acknowledged += 1
            await asyncio.sleep(0.5)
            sent = client.send(b"\r")
            if number == questions - 1:
                break
            trainee.next_question.append(
                await client.wait_for(lambda s: QUESTION_MARK in s and not feedback_shown(s)) - sent
            )
            step = client.mark()
            trainee.traffic.append((step.bytes, step.chunks))
    except Exception as err:  # noqa: BLE001 - a report: one trainee failing is counted, not raised
        trainee.error = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"[:200]
        if os.environ.get("BENCH_DEBUG") and client is not None:
            print(f"--- {trainee.name}: {trainee.error}\n{client.text()}", file=sys.stderr)
    finally:
        if not waited[0]:
            start.arrive()
        await end.wait()
        if client is not None:
            await client.close()


async def _choose_induction(client: TermClient) -> None:
    """In the quiz menu, move to the induction session and open it, then start it."""
    for _ in range(12):
        line = next((row for row in client.screen.display if "Induction week" in row), "")
        if "\u25b6" in line or line.lstrip().startswith(">") or _highlighted(client, "Induction week"):
            break
        client.send(b"\x1b[B")
        await asyncio.sleep(0.1)
    client.send(b"\r")
    await client.wait_for(lambda s: "Start" in s or QUESTION_MARK in s)
    if QUESTION_MARK not in client.text():
        client.send(b"\r")


def _highlighted(client: TermClient, text: str) -> bool:
    """Whether the row showing ``text`` is drawn in reverse video or a highlight background."""
    for y, row in enumerate(client.screen.display):
        x = row.find(text)
        if x >= 0:
            char = client.screen.buffer[y][x]
            return bool(char.reverse) or char.bg not in ("default", "black")
    return False


# -- the runs -------------------------------------------------------------------------------------


async def cohort(
    server: Server, count: int, over: float, questions: int, think: float, seed: int = 1
) -> dict[str, object]:
    """``count`` trainees arriving evenly over ``over`` seconds; the figures of the run."""
    rng = random.Random(seed)
    trainees = [Trainee(f"trainee{n:03d}") for n in range(count)]
    assert server.process is not None
    server_pid = server.process.pid
    peak = {"pss": 0.0, "n": 0}

    def total_pss() -> tuple[float, int]:
        """PSS of the server and everything under it, added up (shared pages split); how many under it."""
        under = descendants(server_pid)
        return pss_mib(server_pid) + sum(pss_mib(p) for p in under), len(under)

    async def sample() -> None:
        """The peak of :func:`total_pss`, read in a thread: reading 60 processes' smaps_rollup takes
        about 50 ms, which on the event loop would hold up every client's screen for as long."""
        while True:
            total, under = await asyncio.to_thread(total_pss)
            if total > peak["pss"]:
                peak.update(pss=total, n=under)
            await asyncio.sleep(1.0)

    lags: list[float] = []

    async def watch_loop() -> None:
        """How late a 20 ms sleep wakes (the clients' own queueing: a screen update waits that long
        before its client sees it), recorded during the quiz phase."""
        while True:
            asked = time.monotonic()
            await asyncio.sleep(0.02)
            if start.event.is_set() and not end.event.is_set():
                lags.append(1000 * (time.monotonic() - asked - 0.02))

    sampler = asyncio.ensure_future(sample())
    start, end = Barrier(count), Barrier(count)
    cpu: dict[str, float] = {}

    async def snapshot(barrier: Barrier, when: str) -> None:
        await barrier.event.wait()
        cpu[when + "_bench"] = time.process_time()  # the measuring clients (and this sampler) themselves
        cpu[when + "_server"] = cpu_seconds(server_pid)
        cpu[when + "_apps"] = sum(cpu_seconds(p) for p in descendants(server_pid))
        cpu[when + "_clock"] = time.monotonic()
        if when == "end":  # everyone has answered and is still connected
            cpu["end_pss"] = total_pss()[0]

    snapshots = [asyncio.ensure_future(snapshot(start, "start")), asyncio.ensure_future(snapshot(end, "end"))]
    watcher = asyncio.ensure_future(watch_loop())
    bench_began = time.process_time()
    served_before = cpu_seconds(server_pid) + sum(cpu_seconds(p) for p in descendants(server_pid))  # the host's start

    async def arrive(index: int, trainee: Trainee) -> None:
        await asyncio.sleep(over * index / max(1, count))
        await take_session(server, trainee, questions, think, random.Random(rng.random()), start, end)

    await asyncio.gather(*(arrive(n, t) for n, t in enumerate(trainees)))
    await asyncio.gather(*snapshots)
    sampler.cancel()
    watcher.cancel()
    # The quiz phase only: from the moment every trainee had the first question to the last answer.
    cpu_server = cpu["end_server"] - cpu["start_server"]
    cpu_apps = cpu["end_apps"] - cpu["start_apps"]
    steps = sum(len(t.feedback) + len(t.next_question) for t in trainees)
    stored = server.stored_answers()
    acknowledged = sum(t.acknowledged for t in trainees)
    traffic = [b for t in trainees for b in t.traffic]
    arrived = sum(1 for t in trainees if t.first_screen is not None)
    bench_arrivals, bench_quiz = cpu["start_bench"] - bench_began, cpu["end_bench"] - cpu["start_bench"]
    return {
        "sessions": count,
        "over_s": over,
        "questions": questions,
        "first_screen_s": percentiles([t.first_screen for t in trainees if t.first_screen is not None]),
        "feedback_ms": percentiles([1000 * v for t in trainees for v in t.feedback]),
        "feedback_p95_ms_by_question": [
            percentiles([1000 * t.feedback[n] for t in trainees if len(t.feedback) > n])["p95"]
            for n in range(questions)
        ],
        "next_question_ms": percentiles([1000 * v for t in trainees for v in t.next_question]),
        "pss_per_session_mib": round(peak["pss"] / count, 1) if count and peak["pss"] else None,
        "pss_at_end_per_session_mib": round(cpu["end_pss"] / count, 1) if count and cpu["end_pss"] else None,
        "pss_at_end_after_s": round(cpu["end_clock"] - cpu["start_clock"], 1),
        "quiz_phase_machine_busy": round(
            (cpu_apps + cpu_server + bench_quiz) / ((os.cpu_count() or 1) * (cpu["end_clock"] - cpu["start_clock"])), 2
        )
        if cpu["end_clock"] > cpu["start_clock"]
        else None,
        "cpu_per_step_ms": {
            "app": round(1000 * cpu_apps / steps, 1) if steps else None,
            "server": round(1000 * cpu_server / steps, 1) if steps else None,
            "server_per_question": round(1000 * cpu_server / acknowledged, 1) if acknowledged else None,
            "note": "CPU of the quiz phase divided by its steps (answer->feedback, ->next question)",
        },
        "relay_per_question": {
            "bytes": round(statistics.mean(b for b, _ in traffic)) if traffic else None,
            "reads": round(statistics.mean(c for _, c in traffic), 1) if traffic else None,
        },
        "bench_loop_lag_ms": percentiles(lags),
        "bench_cpu_ms": {
            "per_arrival": round(1000 * bench_arrivals / arrived, 1) if arrived else None,
            "per_question": round(1000 * bench_quiz / acknowledged, 1) if acknowledged else None,
            "share_of_all_cpu": round(
                (bench_arrivals + bench_quiz)
                / (bench_arrivals + bench_quiz + cpu["end_server"] + cpu["end_apps"] - served_before),
                2,
            ),
            "note": "this process: the SSH clients, their pyte screens and the sampler; per arrival = connect to "
            "the induction session started (all of them), per question = the quiz phase / answers acknowledged",
        },
        "answers": {"acknowledged": acknowledged, "stored": stored, "lost": max(0, acknowledged - stored)},
        "errors": [f"{t.name}: {t.error}" for t in trainees if t.error][:10],
        "failed": sum(1 for t in trainees if t.error),
    }


def minimal_swap(rounds: int) -> dict[str, object]:
    """The baseline: a minimal Textual app swapping a screen of wrapped text on a local pty."""
    command = [sys.executable, str(HERE / "minimal_swap.py"), "--rounds", str(rounds)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=ROOT)
    try:
        return dict(json.loads(done.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:200]}


def run(
    sessions: int,
    over: float,
    questions: int,
    think: float,
    use_host: bool,
    quick: bool,
    serve_args: tuple[str, ...] = (),
) -> dict[str, object]:
    report: dict[str, object] = {
        "goals": GOALS,
        "session_host": use_host,
        "python": platform.python_version(),  # the server's and the sessions' (3.12+: the host's objects immortal)
        "serve_args": list(serve_args),
        "load_average": os.getloadavg()[0],
    }
    report["minimal_swap"] = minimal_swap(5 if quick else 20)
    with tempfile.TemporaryDirectory(prefix="bench-ssh-cohort-") as scratch:
        names = [f"trainee{n:03d}" for n in range(max(sessions, 1))]
        alone = Server(Path(scratch) / "alone", 1, use_host, serve_args)
        alone.start(names[:1])
        try:
            report["alone"] = asyncio.run(cohort(alone, 1, 0.0, questions, min(think, 1.0)))
        finally:
            alone.stop()
        server = Server(Path(scratch) / "cohort", sessions, use_host, serve_args)
        server.start(names)
        try:
            report["cohort"] = asyncio.run(cohort(server, sessions, over, questions, think))
        finally:
            server.stop()
    report["load_average_after"] = os.getloadavg()[0]
    return report


def print_report(report: dict[str, Any]) -> None:
    def line(label: str, part: dict[str, Any]) -> None:
        first, feedback, following = part["first_screen_s"], part["feedback_ms"], part["next_question_ms"]
        cpu, answers = part["cpu_per_step_ms"], part["answers"]
        relay = part["relay_per_question"]
        print(f"{label}: {part['sessions']} session(s) over {part['over_s']} s")
        print(f"  first screen   p50 {first['p50']} s  p95 {first['p95']} s  max {first['max']} s (goal p95 <= 2 s)")
        print(f"  answer->feedback p50 {feedback['p50']} ms  p95 {feedback['p95']} ms  max {feedback['max']} ms")
        print(
            f"  ->next question  p50 {following['p50']} ms  p95 {following['p95']} ms  max {following['max']} ms"
            " (goal p95 <= 150 ms)"
        )
        print(
            f"  PSS per session {part['pss_per_session_mib']} MiB (goal <= 20); CPU per step: app {cpu['app']} ms,"
            f" server {cpu['server']} ms ({cpu['server_per_question']} ms per question, goal <= 5);"
            f" relay per question {relay['bytes']} bytes in {relay['reads']} reads"
        )
        print(
            f"  PSS per session at the end {part['pss_at_end_per_session_mib']} MiB (all still connected,"
            f" {part['pss_at_end_after_s']} s after everyone had the first question; the figure above is the peak)"
        )
        bench = part["bench_cpu_ms"]
        print(
            f"  the measuring clients' own CPU (this process): {bench['per_arrival']} ms per arrival,"
            f" {bench['per_question']} ms per question, {bench['share_of_all_cpu']:.0%} of all CPU in the run"
        )
        lag = part["bench_loop_lag_ms"]
        print(
            f"  the clients' own delay (a 20 ms sleep waking late, quiz phase): p50 {lag['p50']} ms,"
            f" p95 {lag['p95']} ms, max {lag['max']} ms"
        )
        print(
            f"  answer->feedback p95 by question: {part['feedback_p95_ms_by_question']} ms; the machine was"
            f" {part['quiz_phase_machine_busy']:.0%} busy in the quiz phase (apps, server and clients)"
        )
        print(
            f"  answers acknowledged {answers['acknowledged']}, stored {answers['stored']}, lost {answers['lost']};"
            f" failed sessions {part['failed']}"
        )
        for error in part["errors"]:
            print(f"    {error}")

    print(
        f"Python {report['python']}; session host: {'on' if report['session_host'] else 'off (cold start per session)'};"
        f" serve options: {' '.join(report['serve_args']) or 'none'}; load average "
        f"{report['load_average']:.1f} before, {report['load_average_after']:.1f} after"
    )
    print(f"minimal Textual app screen swap: {report['minimal_swap']}")
    line("alone", report["alone"])
    line("cohort", report["cohort"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", "-n", type=int, default=60, help="trainees (default 60)")
    parser.add_argument("--over", "-s", type=float, default=5.0, help="seconds over which they arrive (default 5)")
    parser.add_argument("--questions", type=int, default=6, help="questions each answers (default 6)")
    parser.add_argument("--think", type=float, default=4.0, help="seconds between answers, on average (default 4)")
    parser.add_argument("--quick", action="store_true", help="10 trainees, 3 questions, 2 s apart")
    parser.add_argument("--no-host", action="store_true", help="cold start per session (no session host)")
    parser.add_argument(
        "--serve-arg",
        action="append",
        default=[],
        metavar="ARG",
        help="one more word for the `aco-tui serve` command line (repeat for each word; "
        "write --serve-arg=--option for an option)",
    )
    parser.add_argument(
        "--quiz-session",
        metavar="NAME",
        help="serve with --quiz-session NAME: trainees land on that session's start page (use induction)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.quick:
        args.sessions, args.questions, args.think = min(args.sessions, 10), min(args.questions, 3), 2.0
    serve_args = [*args.serve_arg, *(["--quiz-session", args.quiz_session] if args.quiz_session else [])]
    report = run(args.sessions, args.over, args.questions, args.think, not args.no_host, args.quick, tuple(serve_args))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
