"""Kernel same-page merging (KSM) for the sessions of ``aco-tui serve --merge-pages``.

A session forked by the session host starts with every page shared with the host, then copies most
of them as CPython writes reference counts; the copies are nearly identical from one session to the
next. With ``prctl(PR_SET_MEMORY_MERGE, 1)`` (Linux 6.4 or later) a process offers all its memory to
the kernel's KSM daemon, which merges identical pages back into one copy-on-write page; processes
forked afterwards inherit the setting. The host opts in after its preload, before it forks any
session (:func:`opt_in`); the server says what came of it in one log line (:func:`describe`).

Nothing here writes to ``/sys``: whether and how fast KSM runs is the administrator's choice
(``/sys/kernel/mm/ksm/run``, see docs/operator.md).
"""

from __future__ import annotations

import ctypes
import errno
import os
from pathlib import Path

PR_SET_MEMORY_MERGE = 67
KSM_RUN = Path("/sys/kernel/mm/ksm/run")

ON = "on"
UNSUPPORTED = "unsupported"  # EINVAL: a kernel older than 6.4, or built without KSM
NOT_PERMITTED = "not-permitted"  # EPERM/EACCES: a security policy (seccomp, an LSM) refused it
UNAVAILABLE = "unavailable"  # no prctl at all: not Linux
WITHOUT_HOST = "page merging off: there is no session host, and cold-started sessions are not merged"


def outcome_of(error: int) -> str:
    """The outcome of :func:`opt_in` for the ``errno`` of a failed ``prctl`` (0: it worked)."""
    if error == 0:
        return ON
    if error == errno.EINVAL:
        return UNSUPPORTED
    if error in (errno.EPERM, errno.EACCES):
        return NOT_PERMITTED
    return f"error: {os.strerror(error)}"


def opt_in() -> str:
    """Offer all of this process's memory, and that of every process it forks later, to KSM; the
    outcome (:data:`ON`, :data:`UNSUPPORTED`, :data:`NOT_PERMITTED`, :data:`UNAVAILABLE`, or
    ``"error: ..."``). Never raises."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return UNAVAILABLE
    if prctl(PR_SET_MEMORY_MERGE, 1, 0, 0, 0) == 0:
        return ON
    return outcome_of(ctypes.get_errno())


def ksm_run() -> str | None:
    """The contents of ``/sys/kernel/mm/ksm/run`` ("0" stopped, "1" running, "2" unmerging); None
    when there is no such file (a kernel without KSM)."""
    try:
        return KSM_RUN.read_text(encoding="ascii").strip()
    except OSError:
        return None


def describe(outcome: str, run: str | None) -> str:
    """The server's log line about ``--merge-pages``: on, and whether KSM runs; or why not."""
    if outcome == ON:
        if run == "1":
            return (
                "page merging on (--merge-pages): KSM is running, so identical memory pages of the "
                "sessions are merged as the kernel scans them"
            )
        state = "is unmerging (run=2)" if run == "2" else "is not running"
        return (
            f"page merging on (--merge-pages), but KSM {state}: pages will be merged only once an "
            "administrator runs `echo 1 > /sys/kernel/mm/ksm/run`"
        )
    reason = {
        UNSUPPORTED: "this kernel lacks PR_SET_MEMORY_MERGE (Linux 6.4 or later, built with KSM, is needed)",
        NOT_PERMITTED: "the kernel did not permit PR_SET_MEMORY_MERGE (a security policy such as seccomp refused it)",
        UNAVAILABLE: "this system has no prctl (Linux only)",
    }.get(outcome, f"PR_SET_MEMORY_MERGE failed ({outcome.removeprefix('error: ')})")
    return f"page merging off: {reason}; --merge-pages has no effect, sessions run as without it"
