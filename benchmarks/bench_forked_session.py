"""One app session forked from a warm session host, on a local pty: its CPU and private memory.

The cohort benchmark (``bench_ssh_cohort.py``) measures a room; this measures what one forked
session costs, without SSH and without the noise of 60 clients: the host is preloaded in this
process (:func:`aco_tui.cli.session_host.preload`), then each round forks a session on a new
100x30 pty exactly as the host does (:func:`aco_tui.cli.session_host.become_session`, same fixed
environment and command line as ``aco-tui serve`` gives) and drives it: the first screen, the
Quiz pane's first open (7), the induction session chosen and started; or, with ``--quiz-session
NAME`` (as ``serve --quiz-session``), the host warmed on that way in, the session's start page as
the first screen and Enter to begin. ``--questions N`` then answers N questions (the answer typed
untimed) and times each answer -> feedback and feedback -> next question. For each phase it reports
the session's CPU (``/proc/PID/task/*/schedstat``: every thread of the session, so the storage
worker that commits an answer counts; a busy machine changes it little), the bytes the session
wrote, and at the end its memory (``smaps_rollup``: PSS and private dirty pages, with the mappings
that hold most of them, and how much of its private memory is pages of the host it copied on write
rather than new pages: ``/proc/PID/pagemap``).

``--profile DIR`` runs cProfile in the last session and writes one ``.prof`` file per phase, numbered
in the order the phases ran (``phase01.prof``: the first screen; then one per step).

Usage::

    .venv/bin/python benchmarks/bench_forked_session.py [--rounds 5] [--quiz-session induction]
        [--questions 6] [--profile DIR] [--json]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import platform
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import pyte  # noqa: E402
from _quiz_screen import FEEDBACK_MARKS, QUESTION_MARK, answer_keys  # noqa: E402

SIZE = (100, 30)
PAGE = os.sysconf("SC_PAGE_SIZE")
QUIET_S = 0.4  # a phase is over when the session has written nothing for this long


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread ``pid`` has now (a thread that has ended is not counted: the
    session's storage worker lives as long as the session)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat", encoding="utf-8") as schedstat:
                total += int(schedstat.read().split()[0])
        except (OSError, IndexError, ValueError):
            continue  # the thread ended meanwhile
    return total / 1e9


def memory(pid: int) -> dict[str, object]:
    """PSS and private pages of ``pid`` (MiB), with the mappings holding most private dirty pages."""
    totals: dict[str, float] = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
        for line in rollup:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                totals[parts[0].rstrip(":")] = int(parts[1]) / 1024
    mappings: dict[str, float] = {}
    name = ""
    with open(f"/proc/{pid}/smaps", encoding="utf-8") as smaps:
        for line in smaps:
            parts = line.split()
            if parts and "-" in parts[0] and not parts[0].endswith(":"):
                name = parts[5] if len(parts) > 5 else "[anon]"
            elif parts and parts[0] == "Private_Dirty:":
                mappings[name] = mappings.get(name, 0.0) + int(parts[1]) / 1024
    top = sorted(mappings.items(), key=lambda item: -item[1])[:6]
    return {
        "pss": round(totals.get("Pss", 0.0), 1),
        "private_dirty": round(totals.get("Private_Dirty", 0.0), 1),
        "private_clean": round(totals.get("Private_Clean", 0.0), 1),
        "top_private_dirty": {key: round(value, 1) for key, value in top},
    }


def anonymous_pages(pid: int, exclusive_only: bool) -> set[int]:
    """Addresses of the pages of ``pid``'s writable anonymous memory (heap and mmap) that are in
    memory; ``exclusive_only``: only those mapped by this process alone (its private copies)."""
    found: set[int] = set()
    with open(f"/proc/{pid}/maps", encoding="utf-8") as maps, open(f"/proc/{pid}/pagemap", "rb") as pagemap:
        for line in maps:
            fields = line.split()
            name = fields[5] if len(fields) > 5 else "[anon]"
            if name not in ("[anon]", "[heap]") or "w" not in fields[1]:
                continue
            start, end = (int(address, 16) for address in fields[0].split("-"))
            pagemap.seek(start // PAGE * 8)
            entries = pagemap.read((end - start) // PAGE * 8)
            for index, (entry,) in enumerate(struct.iter_unpack("<Q", entries)):
                if entry >> 63 & 1 and (entry >> 56 & 1 or not exclusive_only):  # present; exclusively mapped
                    found.add(start + index * PAGE)
    return found


def copied_from(host: set[int], pid: int) -> dict[str, float]:
    """How much of session ``pid``'s private anonymous memory is pages of the host it copied on
    write (touched: a reference count, a cache, an object put in a free slot) and how much is new."""
    private = anonymous_pages(pid, exclusive_only=True)
    copied = len(private & host)
    return {
        "copied_from_host_mib": round(copied * PAGE / 2**20, 1),
        "new_mib": round((len(private) - copied) * PAGE / 2**20, 1),
    }


class Session:
    """A session forked from this (preloaded) process on a new pty, its screen kept by pyte."""

    def __init__(self, request: dict[str, object], knowledge: object, profile: str | None) -> None:
        from aco_tui.cli import session_host

        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", SIZE[1], SIZE[0], 0, 0))
        pid = os.fork()
        if pid == 0:
            os.close(master)
            if profile:
                _profile_in_child(profile)
            session_host.become_session(request, slave, knowledge)
        os.close(slave)
        self.pid, self.master = pid, master
        self.screen = pyte.Screen(*SIZE)
        self.stream = pyte.ByteStream(self.screen)
        self.written = 0

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def settle(self, until: str, timeout: float = 30.0) -> None:
        """Read until ``until`` (one of its ``|``-separated texts) is on screen and then nothing comes
        for :data:`QUIET_S`."""
        deadline = time.monotonic() + timeout
        seen = False
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], QUIET_S)
            if not ready:
                if seen:
                    return
                continue
            try:
                chunk = os.read(self.master, 1 << 16)
            except OSError:
                break
            self.written += len(chunk)
            self.stream.feed(chunk)
            seen = seen or any(text in self.text() for text in until.split("|"))
        raise RuntimeError(f"{until!r} not on screen:\n{self.text()}")

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def phase(self, keys: bytes, until: str, profile: bool) -> dict[str, float]:
        cpu, written = cpu_seconds(self.pid), self.written
        if keys:
            self.send(keys)
        self.settle(until)
        figures = {
            "cpu_ms": 1000 * (cpu_seconds(self.pid) - cpu),
            "bytes": self.written - written,
            "private_dirty_mib": float(memory(self.pid)["private_dirty"]),  # type: ignore[arg-type]
        }
        if profile:
            os.kill(self.pid, signal.SIGUSR2)  # the child writes the phase's profile
            time.sleep(0.3)
            self.settle_quietly()
        return figures

    def settle_quietly(self, quiet: float = 0.1) -> None:
        """Read (uncounted) until nothing comes for ``quiet`` seconds."""
        while select.select([self.master], [], [], quiet)[0]:
            try:
                self.stream.feed(os.read(self.master, 1 << 16))
            except OSError:
                return

    def end(self) -> None:
        os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)
        os.close(self.master)


def _profile_in_child(directory: str) -> None:
    """In the session: profile from now; on SIGUSR2 write what was profiled so far and start afresh."""
    import cProfile

    profiler = cProfile.Profile()
    dumped = [0]

    def dump(_signum: int, _frame: object) -> None:
        profiler.disable()
        dumped[0] += 1
        profiler.dump_stats(os.path.join(directory, f"phase{dumped[0]:02d}.prof"))
        profiler.clear()
        profiler.enable()

    signal.signal(signal.SIGUSR2, dump)
    profiler.enable()


def run(rounds: int, profile: str | None, scratch: str, landing: str | None, questions: int) -> dict[str, object]:
    """Preload a host in this process with ``scratch`` as its data directory; fork ``rounds`` sessions."""
    from aco_tui.cli import session_host
    from aco_tui.knowledge.paths import KnowledgePaths
    from aco_tui.ssh.policy import ChildSetup

    paths = KnowledgePaths.resolve(None, None)
    setup = ChildSetup(data_dir=Path(scratch), store=paths.store, content=paths.content, quiz_session=landing)
    host_env = setup.environment("", "xterm-256color")
    host_env.pop("ACO_TUI_TRAINEE", None)
    os.environ.clear()
    os.environ.update(host_env)
    os.chdir(scratch)
    began = time.process_time()
    preloaded = session_host.preload(str(setup.store), str(setup.content), landing)
    preload_s = time.process_time() - began
    host_pages = anonymous_pages(os.getpid(), exclusive_only=False)  # what a session is forked from
    phases: dict[str, list[dict[str, float]]] = {}
    memories = []
    for number in range(rounds):
        request = {
            "argv": setup.app_argv()[3:],
            "env": setup.environment(f"trainee{number:03d}", "xterm-256color"),
            "cwd": scratch,
        }
        session = Session(request, preloaded, profile if number == rounds - 1 else None)
        profiling = bool(profile) and number == rounds - 1

        def timed(name: str, keys: bytes, until: str) -> None:
            phases.setdefault(name, []).append(session.phase(keys, until, profiling))  # noqa: B023

        try:
            if landing:
                timed("first_screen", b"", "Pass mark")
                timed("session_start", b"\r", QUESTION_MARK)
            else:
                timed("first_screen", b"", "Concepts")
                timed("quiz_open", b"7", "Induction week")
                timed("induction_start", b"\x1b[B\r", f"Start|{QUESTION_MARK}")
            for asked in range(questions):
                session.send(answer_keys(session.text()))
                session.settle_quietly(QUIET_S)
                timed("answer_feedback", b"\r", "|".join(FEEDBACK_MARKS))
                if asked < questions - 1:
                    timed("next_question", b"\r", QUESTION_MARK)
            memories.append(memory(session.pid) | copied_from(host_pages, session.pid))
        finally:
            session.end()
    report: dict[str, object] = {
        "python": platform.python_version(),
        "immortal": preloaded.immortal,  # objects the host made immortal, or why none
        "preload_cpu_s": round(preload_s, 2),
        "rounds": rounds,
        "landing": landing,
    }
    for name, figures in phases.items():
        report[name] = {
            "cpu_ms_median": round(statistics.median(f["cpu_ms"] for f in figures), 1),
            "cpu_ms_min": round(min(f["cpu_ms"] for f in figures), 1),
            "bytes": round(statistics.median(f["bytes"] for f in figures)),
            "private_dirty_mib_after": round(statistics.median(f["private_dirty_mib"] for f in figures), 1),
        }
    report["memory_last"] = memories[-1]
    report["memory_host"] = memory(os.getpid())
    report["pss_median_mib"] = statistics.median(float(m["pss"]) for m in memories)  # type: ignore[arg-type]
    report["private_dirty_median_mib"] = statistics.median(float(m["private_dirty"]) for m in memories)  # type: ignore[arg-type]
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="sessions forked one after another (default 5)")
    parser.add_argument("--profile", metavar="DIR", help="cProfile the last session, one .prof per phase")
    parser.add_argument(
        "--quiz-session", metavar="NAME", help="land on that session's start page, as `serve --quiz-session` does"
    )
    parser.add_argument("--questions", type=int, default=0, help="questions each session answers (default 0)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.profile:
        os.makedirs(args.profile, exist_ok=True)
        args.profile = os.path.abspath(args.profile)
    with tempfile.TemporaryDirectory(prefix="bench-forked-session-") as scratch:
        report = run(args.rounds, args.profile, scratch, args.quiz_session, args.questions)
        os.chdir(ROOT)  # out of the directory, so that it can go
    print(json.dumps(report, indent=None if not args.json else 2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
