"""``aco-tui serve``: time to first paint over SSH against a local start, memory and CPU per session.

1. First paint, in rounds alternating a local start and an SSH session (``--rounds``):
   * local: ``python -m aco_tui app`` started by this script on a new 100x30 pseudo-terminal, with
     the environment the server gives its children, until the screen shows "Concepts" and "Quit";
   * SSH: from ``asyncssh.connect`` (TCP, key exchange, public-key login) to the same markers, through
     a real ``aco-tui serve`` process on 127.0.0.1; the share spent connecting is shown apart.
2. Memory: ``--sessions`` sessions are opened one after another and left idle after their first
   paint; then each visits every pane (keys 1-7) and the quiz menu. For each app process the
   proportional set size (PSS, shared pages split between the processes that map them), the unique
   set size (USS, what killing it would free) and RSS come from ``/proc/PID/smaps_rollup``; the
   server's growth is its VmRSS after minus before.
3. CPU: CPU seconds (user+system) each app process used until its first paint and for the pane
   visits; per reading action (switching between panes already shown, scrolling), all sessions
   at once, ``--actions`` each; and app and server CPU while the sessions sat idle (``--idle`` s).

From these it estimates how many sessions a 2-core, 24 GB machine holds. The real knowledge base
(``store.json``, ``content/``) is used. A report, not a test: nothing here fails.

Usage::

    .venv/bin/python benchmarks/bench_ssh.py [--rounds 7] [--sessions 10] [--idle 20] [--actions 30] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import asyncssh  # noqa: E402

from aco_tui.knowledge.paths import KnowledgePaths  # noqa: E402
from aco_tui.ssh.policy import ChildSetup  # noqa: E402
from aco_tui.ssh.session import PtyChild, TermSize  # noqa: E402

ANSI = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[P\]X^_].*?(?:\x07|\x1b\\)|\x1b[@-Z\\-_]", re.S)
MARKERS = ("Concepts", "Quit")
SIZE = (100, 30)
TICK = os.sysconf("SC_CLK_TCK")
MACHINE_RAM_GB, MACHINE_CORES, RESERVED_GB = 24, 2, 2.0
ACTIONS_PER_MINUTE = 12  # an active reader: a key every 5 s on average
CPU_HEADROOM = 0.7  # keep 30% of the CPU free so that keys are answered at once


def painted(raw: bytes) -> bool:
    text = ANSI.sub(b"", raw).decode("utf-8", "replace")
    return all(marker in text for marker in MARKERS)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def memory(pid: int) -> dict[str, float]:
    """PSS, USS and RSS of ``pid`` in MiB."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as rollup:
        for line in rollup:
            name, _, rest = line.partition(":")
            if rest.strip().endswith("kB"):
                values[name] = int(rest.split()[0]) / 1024
    return {"pss": values["Pss"], "uss": values["Private_Clean"] + values["Private_Dirty"], "rss": values["Rss"]}


def vm_rss(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="utf-8") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """``aco-tui serve`` in a subprocess with a fresh data directory and one client key."""

    def __init__(self, work: Path) -> None:
        self.key = asyncssh.generate_private_key("ssh-ed25519")
        keys = work / "authorized_keys"
        keys.write_text(self.key.export_public_key().decode(), encoding="utf-8")
        self.data = work / "data"
        self.log = work / "server.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "aco_tui",
                    "serve",
                    "--port",
                    "0",
                    "--data-dir",
                    str(self.data),
                    "--authorized-keys",
                    str(keys),
                    "--max-sessions",
                    "200",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        deadline = time.monotonic() + 30
        while not (match := re.search(r"listening on 127\.0\.0\.1:(\d+)", self.text())):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"the server did not start:\n{self.text()}")
            time.sleep(0.05)
        self.port = int(match.group(1))

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def pid_of(self, user: str) -> int:
        return int(re.findall(rf"app #\S+ user='{re.escape(user)}' pid=(\d+)", self.text())[-1])

    def connect(self, user: str):
        return asyncssh.connect(
            "127.0.0.1",
            self.port,
            username=user,
            client_keys=[self.key],
            known_hosts=None,
            config=None,
            agent_path=None,
        )

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


async def read_until_painted(read, deadline_s: float = 60.0) -> bytes:
    raw = b""
    deadline = time.monotonic() + deadline_s
    while not painted(raw):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise RuntimeError(f"no first paint; got {ANSI.sub(b'', raw)[-300:]!r}")
        chunk = await asyncio.wait_for(read(), remaining)
        if not chunk:
            raise RuntimeError("the app exited before painting")
        raw += chunk
    return raw


async def local_paint(setup: ChildSetup, user: str) -> float:
    start = time.perf_counter()
    child = await PtyChild.spawn(
        setup.app_argv(), setup.environment(user, "xterm-256color"), str(setup.data_dir), TermSize(*SIZE)
    )
    try:
        await read_until_painted(child.read)
        return time.perf_counter() - start
    finally:
        await child.end()


class Session:
    """One SSH session of the app, kept open."""

    def __init__(self, server: Server, user: str) -> None:
        self.server, self.user = server, user

    async def open(self) -> tuple[float, float]:
        """Connect and wait for the first paint: (connect seconds, total seconds)."""
        start = time.perf_counter()
        self.conn = await self.server.connect(self.user)
        connected = time.perf_counter()
        self.process = await self.conn.create_process(term_type="xterm-256color", term_size=SIZE, encoding=None)
        await read_until_painted(lambda: self.process.stdout.read(65536))
        self.reader = asyncio.ensure_future(self._drain())
        self.pid = self.server.pid_of(self.user)
        return connected - start, time.perf_counter() - start

    async def _drain(self) -> None:
        while await self.process.stdout.read(65536):
            pass

    async def visit_everything(self) -> None:
        for key in b"1234567":
            self.process.stdin.write(bytes([key]))
            await asyncio.sleep(0.4)

    async def browse(self, actions: int) -> None:
        """Typical reading: switch between panes already shown and scroll (Down) in them."""
        keys = [b"1", b"\x1b[B", b"\x1b[B", b"2", b"\x1b[B", b"5", b"\x1b[B", b"\x1b[B", b"3", b"\x1b[B"]
        for n in range(actions):
            self.process.stdin.write(keys[n % len(keys)])
            await asyncio.sleep(0.15)

    async def close(self) -> None:
        self.conn.close()
        await self.conn.wait_closed()
        self.reader.cancel()


def summary(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


async def bench(args) -> dict:
    paths = KnowledgePaths.resolve()
    n = args.sessions
    with tempfile.TemporaryDirectory(prefix="aco-bench-ssh-") as work_dir:
        work = Path(work_dir)
        server = Server(work)
        setup = ChildSetup(data_dir=server.data.resolve(), store=paths.store.resolve(), content=paths.content.resolve())
        try:
            await local_paint(setup, "warm-up")  # bytecode and index caches, as on a server that has run once
            warm = Session(server, "warm-up-ssh")
            await warm.open()
            await warm.close()
            local, ssh, connect = [], [], []
            for round_number in range(args.rounds):
                order = ("local", "ssh") if round_number % 2 == 0 else ("ssh", "local")
                for kind in order:
                    if kind == "local":
                        local.append(await local_paint(setup, f"local-{round_number}"))
                    else:
                        session = Session(server, f"paint-{round_number}")
                        connected, total = await session.open()
                        connect.append(connected)
                        ssh.append(total)
                        await session.close()
            await asyncio.sleep(1)
            server_before = vm_rss(server.process.pid)
            sessions = [Session(server, f"trainee-{n:03d}") for n in range(args.sessions)]
            for session in sessions:
                await session.open()
            start_cpu = [cpu_seconds(s.pid) for s in sessions]
            await asyncio.sleep(2)
            idle_memory = [memory(s.pid) for s in sessions]
            server_cpu_before = cpu_seconds(server.process.pid)
            children_cpu_before = sum(cpu_seconds(s.pid) for s in sessions)
            await asyncio.sleep(args.idle)
            idle_server_cpu = cpu_seconds(server.process.pid) - server_cpu_before
            idle_children_cpu = sum(cpu_seconds(s.pid) for s in sessions) - children_cpu_before
            server_idle = vm_rss(server.process.pid)
            before_visit = [cpu_seconds(s.pid) for s in sessions]
            for session in sessions:
                await session.visit_everything()
            await asyncio.sleep(2)
            visit_cpu = [cpu_seconds(s.pid) - b for s, b in zip(sessions, before_visit, strict=True)]
            active_memory = [memory(s.pid) for s in sessions]
            server_active = vm_rss(server.process.pid)
            before_browse = [cpu_seconds(s.pid) for s in sessions]
            server_before_browse = cpu_seconds(server.process.pid)
            await asyncio.gather(*(s.browse(args.actions) for s in sessions))
            await asyncio.sleep(1)
            browse_cpu = [(cpu_seconds(s.pid) - b) / args.actions for s, b in zip(sessions, before_browse, strict=True)]
            browse_server_cpu = (cpu_seconds(server.process.pid) - server_before_browse) / args.actions / n
            for session in sessions:
                await session.close()
        finally:
            server.stop()

    def mean(rows, key):
        return statistics.mean(r[key] for r in rows)

    result = {
        "rounds": args.rounds,
        "sessions": n,
        "idle_seconds": args.idle,
        "first_paint_s": {
            "local": summary(local),
            "ssh": summary(ssh),
            "ssh_connect_and_login": summary(connect),
            "ratio_ssh_to_local": statistics.median(ssh) / statistics.median(local),
        },
        "memory_mib": {
            "idle": {k: mean(idle_memory, k) for k in ("pss", "uss", "rss")},
            "all_panes_visited": {k: mean(active_memory, k) for k in ("pss", "uss", "rss")},
            "server_before": server_before,
            "server_per_session_idle": (server_idle - server_before) / n,
            "server_per_session_active": (server_active - server_before) / n,
        },
        "cpu_s": {
            "start_to_first_paint": summary(start_cpu),
            "visit_all_panes": summary(visit_cpu),
            "per_action_app": summary(browse_cpu),
            "per_action_server": browse_server_cpu,
            "idle_server_per_session_per_minute": idle_server_cpu / n * 60 / args.idle,
            "idle_apps_per_session_per_minute": idle_children_cpu / n * 60 / args.idle,
        },
    }
    per_session = result["memory_mib"]["all_panes_visited"]["pss"] + max(
        0.0, result["memory_mib"]["server_per_session_active"]
    )
    by_memory = int((MACHINE_RAM_GB - RESERVED_GB) * 1024 / per_session)
    start_cpu_s = statistics.median(start_cpu)
    idle_minute = (
        result["cpu_s"]["idle_apps_per_session_per_minute"] + result["cpu_s"]["idle_server_per_session_per_minute"]
    )
    active_minute = idle_minute + ACTIONS_PER_MINUTE * (statistics.median(browse_cpu) + browse_server_cpu)
    result["capacity_2_core_24_gb"] = {
        "per_session_mib": per_session,
        "by_memory": by_memory,
        "cpu_s_per_active_minute": active_minute,
        "by_cpu_active": int(MACHINE_CORES * 60 * CPU_HEADROOM / active_minute),
        "starts_per_second_both_cores": MACHINE_CORES / start_cpu_s,
        "wait_if_30_connect_at_once_s": 30 * start_cpu_s / MACHINE_CORES,
    }
    return result


def report(r: dict) -> str:
    fp, mem, cpu, cap = r["first_paint_s"], r["memory_mib"], r["cpu_s"], r["capacity_2_core_24_gb"]
    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    lines = [
        f"First paint ({r['rounds']} rounds, median [min-max]):",
        f"  local start     {ms(fp['local']['median'])} [{ms(fp['local']['min'])}-{ms(fp['local']['max'])}]",
        f"  over SSH        {ms(fp['ssh']['median'])} [{ms(fp['ssh']['min'])}-{ms(fp['ssh']['max'])}]"
        f"  (of which connect + login {ms(fp['ssh_connect_and_login']['median'])})",
        f"  SSH / local     {fp['ratio_ssh_to_local']:.2f}x",
        f"Memory per session ({r['sessions']} sessions, MiB, mean):",
        f"  app idle after first paint   PSS {mem['idle']['pss']:.1f}  USS {mem['idle']['uss']:.1f}  "
        f"RSS {mem['idle']['rss']:.1f}",
        f"  app after visiting all panes PSS {mem['all_panes_visited']['pss']:.1f}  "
        f"USS {mem['all_panes_visited']['uss']:.1f}  RSS {mem['all_panes_visited']['rss']:.1f}",
        f"  server: {mem['server_before']:.1f} MiB, +{mem['server_per_session_idle']:.2f} MiB per idle session, "
        f"+{mem['server_per_session_active']:.2f} after the visits",
        "CPU:",
        f"  start to first paint  {cpu['start_to_first_paint']['median']:.2f} s per session (median)",
        f"  visiting all 7 panes  {cpu['visit_all_panes']['median']:.2f} s per session (median)",
        f"  one reading action    {cpu['per_action_app']['median'] * 1000:.0f} ms app + "
        f"{cpu['per_action_server'] * 1000:.1f} ms server (pane switch or scroll, median)",
        f"  idle                  {cpu['idle_apps_per_session_per_minute'] * 1000:.1f} ms/min per app, "
        f"{cpu['idle_server_per_session_per_minute'] * 1000:.1f} ms/min server per session",
        f"A 2-core, 24 GB machine ({RESERVED_GB:g} GB kept for the system):",
        f"  memory: {cap['per_session_mib']:.0f} MiB per active session -> about {cap['by_memory']} sessions",
        f"  CPU, active use ({ACTIONS_PER_MINUTE} actions a minute each, {CPU_HEADROOM:.0%} of both cores): "
        f"{cap['cpu_s_per_active_minute']:.2f} CPU s per trainee-minute -> about {cap['by_cpu_active']} sessions",
        f"  start-up: about {cap['starts_per_second_both_cores']:.1f} session starts per second; 30 trainees "
        f"connecting at the same moment wait up to {cap['wait_if_30_connect_at_once_s']:.0f} s for the last paint",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--actions", type=int, default=30, help="reading actions per session for the CPU figure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = asyncio.run(bench(args))
    print(json.dumps(result, indent=1) if args.json else report(result))


if __name__ == "__main__":
    main()
