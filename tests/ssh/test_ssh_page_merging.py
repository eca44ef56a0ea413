"""``serve --merge-pages``: the session host opts in to kernel same-page merging (KSM) before it
forks, so every session it forks has opted in too; the server says in one line what came of it.

Nothing here needs KSM to be running (that is the administrator's ``/sys/kernel/mm/ksm/run``, which
a test must not change): what is checked is each process's own opt-in, ``ksm_merge_any`` in
``/proc/PID/ksm_stat``, and the line the server logs for whatever ``run`` says."""

from __future__ import annotations

import asyncio
import ctypes
import errno
import logging
import os
import subprocess
import sys

import pytest
from serve_process import ServeProcess
from ssh_fixtures import (
    authorized_line,
    connect,
    host_ready,
    make_config,
    make_keys,
    open_app,
    running,
    serve_options,
    write_kb_with_quiz,
)

from aco_tui.ssh.page_merging import NOT_PERMITTED, ON, UNAVAILABLE, UNSUPPORTED, describe, ksm_run, outcome_of

PR_GET_MEMORY_MERGE = 68
START_KSM = "`echo 1 > /sys/kernel/mm/ksm/run`"


def merge_any(pid: int) -> bool | None:
    """``ksm_merge_any`` of ``pid`` (None: the kernel has no such line, or no ksm_stat)."""
    try:
        with open(f"/proc/{pid}/ksm_stat", encoding="ascii") as stat:
            for line in stat:
                name, _, value = line.partition(":")
                if name.strip() == "ksm_merge_any":
                    return value.strip() == "yes"
    except OSError:
        return None
    return None


def _kernel_can_merge() -> str | None:
    """Why this kernel cannot show a process's opt-in (None: it can)."""
    if merge_any(os.getpid()) is None:
        return "this kernel has no ksm_merge_any in /proc/PID/ksm_stat (Linux 6.4 or later with KSM needed)"
    if ctypes.CDLL(None, use_errno=True).prctl(PR_GET_MEMORY_MERGE, 0, 0, 0, 0) < 0:
        return "this kernel has no PR_SET_MEMORY_MERGE (Linux 6.4 or later with KSM needed)"
    return None


needs_ksm_prctl = pytest.mark.skipif(_kernel_can_merge() is not None, reason=str(_kernel_can_merge()))


# -- the opt-in and the log line --------------------------------------------------------------------


def test_a_failed_prctl_is_named_by_its_errno():
    assert outcome_of(0) == ON
    assert outcome_of(errno.EINVAL) == UNSUPPORTED
    assert outcome_of(errno.EPERM) == NOT_PERMITTED
    assert outcome_of(errno.EACCES) == NOT_PERMITTED
    assert outcome_of(errno.ENOMEM) == f"error: {os.strerror(errno.ENOMEM)}"


def test_the_log_line_says_whether_ksm_runs_or_why_pages_are_not_merged():
    assert "KSM is running" in describe(ON, "1") and "page merging on" in describe(ON, "1")
    for stopped in ("0", None):
        line = describe(ON, stopped)
        assert "KSM is not running" in line and START_KSM in line
    assert "unmerging" in describe(ON, "2") and START_KSM in describe(ON, "2")
    assert "lacks PR_SET_MEMORY_MERGE" in describe(UNSUPPORTED, "1") and "6.4" in describe(UNSUPPORTED, "1")
    assert "did not permit" in describe(NOT_PERMITTED, "1")
    assert "no prctl" in describe(UNAVAILABLE, None)
    assert "(Cannot allocate memory)" in describe(outcome_of(errno.ENOMEM), "1")
    for outcome in (UNSUPPORTED, NOT_PERMITTED, UNAVAILABLE):
        assert describe(outcome, "1").startswith("page merging off: ")
        assert "\n" not in describe(outcome, "1")


@needs_ksm_prctl
def test_opting_in_marks_the_process_and_the_processes_it_forks():
    """In a process of its own (the opt-in lasts as long as the process): opted in, and so is a child."""
    script = (
        "import os\n"
        "from aco_tui.ssh.page_merging import opt_in\n"
        "def merge_any(pid):\n"
        "    with open(f'/proc/{pid}/ksm_stat') as stat:\n"
        "        return 'ksm_merge_any: yes' in stat.read()\n"
        "before = merge_any(os.getpid())\n"
        "outcome = opt_in()\n"
        "pid = os.fork()\n"
        "if pid == 0:\n"
        "    os._exit(0 if merge_any(os.getpid()) else 3)\n"
        "child = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])\n"
        "print(before, outcome, merge_any(os.getpid()), child)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["False", ON, "True", "0"]


def test_ksm_run_reads_the_administrators_setting():
    run = "/sys/kernel/mm/ksm/run"
    if not os.path.exists(run):
        assert ksm_run() is None
        return
    with open(run, encoding="ascii") as setting:
        assert ksm_run() == setting.read().strip()


# -- the server -------------------------------------------------------------------------------------


@pytest.fixture
def keys(tmp_path):
    return make_keys(tmp_path / "client", "alice")


def _merging_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("page merging")]


@needs_ksm_prctl
@pytest.mark.parametrize("merge_pages", [True, False], ids=["merge-pages", "default"])
async def test_a_session_forked_by_the_host_opts_in_only_with_merge_pages(tmp_path, keys, caplog, merge_pages):
    inherited = merge_any(os.getpid())
    if inherited and not merge_pages:
        pytest.skip(
            "this test process has opted in to KSM already (inherited, e.g. from systemd's MemoryKSM=yes), "
            "so every process it starts has: a session cannot show the default"
        )
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    authorized = authorized_line(keys["alice"], trainee="alice") + "\n"
    config = make_config(tmp_path, authorized, session_host=True, merge_pages=merge_pages)
    async with running(config) as service:
        host = await host_ready(service)
        async with connect(service, "alice", keys["alice"]) as conn:
            process, _screen = await open_app(conn)
            [session] = service.child_pids()
            assert session != host
            assert merge_any(host) is merge_pages
            assert merge_any(session) is merge_pages
            process.stdin.write(b"q")
            await asyncio.wait_for(process.wait_closed(), 15)
    assert merge_any(os.getpid()) is inherited  # the server itself never opts in: only the host and its sessions
    lines = _merging_lines(caplog)
    if not merge_pages:
        assert lines == []
        return
    assert len(lines) == 1, lines
    if ksm_run() == "1":
        assert lines[0].startswith("page merging on") and "KSM is running" in lines[0]
    else:  # the usual case on a test machine: KSM stopped, and the line says how to start it
        assert lines[0].startswith("page merging on") and START_KSM in lines[0]


async def test_without_a_session_host_the_server_says_pages_are_not_merged(tmp_path, keys, caplog):
    caplog.set_level(logging.INFO, logger="aco_tui.ssh")
    config = make_config(tmp_path, authorized_line(keys["alice"]) + "\n", session_host=False, merge_pages=True)
    async with running(config):
        pass
    assert _merging_lines(caplog) == [
        "page merging off: there is no session host, and cold-started sessions are not merged"
    ]


@needs_ksm_prctl
def test_serve_merge_pages_reaches_the_session_host(tmp_path):
    """The command line: ``aco-tui serve --merge-pages`` starts a host that has opted in, and logs
    the line once."""
    kb = write_kb_with_quiz(tmp_path / "kb")
    data = tmp_path / "data"
    server = ServeProcess(tmp_path / "serve.log", *serve_options(kb, data), "--guest", "--merge-pages")
    try:
        server.wait_listening()
        host = int(server.wait_for(r"session host ready pid=(\d+)").group(1))
        line = server.wait_for(r"page merging [^\n]*").group(0)
        assert merge_any(host) is True
        assert line.startswith("page merging on")
        assert (START_KSM in line) is (ksm_run() != "1")
        assert "Traceback" not in server.text()
    finally:
        server.stop()
