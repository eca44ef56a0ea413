"""Make the session host's objects immortal before it forks, so that sessions stop copying its pages.

A forked session shares the host's memory until it writes to a page; CPython writes to an object
whenever it takes or drops a reference to it (its reference count), so a session copies nearly
every page that holds an object it so much as reads: measured, about 19 of its 23 MiB of private
memory were the host's pages copied that way. Since Python 3.12 (PEP 683) an object whose reference
count holds the "immortal" value is never counted: taking and dropping references to it writes
nothing. :func:`make_immortal` gives that value to every object the host can reach (the modules,
the knowledge base, the question bank, the search index and all they hold), once, after the warm-up
and ``gc.freeze``. Pre-fork servers whose workers copy their parent's pages by counting references
are the case PEP 683 itself gives for immortal objects.

What it costs: an immortal object is never freed. Everything it is given to lives as long as the
host anyway (frozen, in use by every session); in a session, an object of the host's that is
dropped stays where it is, on a shared page, rather than being freed into it (which would copy the
page). Measured with the benchmark that forks sessions on a pty (``bench_forked_session.py``), on
Python 3.12 a session's private memory after six questions went from about 23-26 to 15-17 MiB. What is
left is mostly the interpreter's specialising of the code it runs (counters kept inside code
objects) and objects first made in the session.

On Python 3.11 (no immortal objects), on a free-threaded build (other reference counts) or on
another interpreter it does nothing; and before changing anything it checks on a probe that an
immortal count is left alone, so a Python whose representation differs is left alone too.
"""

from __future__ import annotations

import ctypes
import gc
import sys
import sysconfig
import types
from collections.abc import Iterable, Iterator

MIN_VERSION = (3, 12)  # PEP 683


def supported() -> str | None:
    """Why this Python cannot have objects made immortal, or ``None`` if it can."""
    if sys.implementation.name != "cpython":
        return f"not CPython ({sys.implementation.name})"
    if sys.version_info < MIN_VERSION:
        return f"Python {sys.version_info.major}.{sys.version_info.minor} has no immortal objects (3.12 or newer)"
    if sysconfig.get_config_var("Py_GIL_DISABLED"):
        return "a free-threaded build counts references differently"
    if not _probe_stays_immortal():
        return "this Python does not keep an immortal count as 3.12 does"
    return None


def _immortal_count() -> int:
    return sys.getrefcount(None)  # None is immortal from 3.12: its count is the immortal value


def _set_count(obj: object, count: int) -> None:
    ctypes.c_ssize_t.from_address(id(obj)).value = count  # ob_refcnt: the first field of every object


def _count(obj: object) -> int:
    return ctypes.c_ssize_t.from_address(id(obj)).value


def _probe_stays_immortal() -> bool:
    """Whether an object given the immortal count keeps it while references come and go."""
    probe = types.SimpleNamespace()
    immortal = _immortal_count()
    _set_count(probe, immortal)
    held = [probe, probe, probe]
    del held
    return _count(probe) == immortal  # the probe is left immortal either way: a few bytes, never freed


def _referents(obj: object) -> Iterable[object]:
    if isinstance(obj, types.CodeType):  # a code object tells the collector nothing of what it holds
        return (
            obj.co_consts,
            obj.co_names,
            obj.co_varnames,
            obj.co_freevars,
            obj.co_cellvars,
            obj.co_filename,
            obj.co_name,
            obj.co_qualname,
            obj.co_linetable,
            obj.co_exceptiontable,
        )
    return gc.get_referents(obj)


def _reachable(roots: Iterable[object]) -> Iterator[object]:
    """Every object reachable from ``roots`` that is not immortal yet (each once: it is made
    immortal as it is yielded, and an immortal one is not entered again)."""
    immortal = _immortal_count()
    stack = list(roots)
    while stack:
        obj = stack.pop()
        if _count(obj) == immortal:  # done already, or immortal from the start (None, small ints...)
            continue
        _set_count(obj, immortal)
        yield obj
        stack.extend(_referents(obj))


def make_immortal() -> tuple[int, str | None]:
    """Make every object reachable from the modules and the collector's objects immortal, and fill in
    the hash that strings and bytes keep in themselves (a session computing it would write to the
    object, so copy its page); ``(objects made immortal, why not)``. Call it in the host, after
    the warm-up and ``gc.freeze()``, before the first fork."""
    why_not = supported()
    if why_not is not None:
        return 0, why_not
    made = 0
    for obj in _reachable([*sys.modules.values(), *gc.get_objects()]):
        made += 1
        if type(obj) in (str, bytes, frozenset):
            hash(obj)
    return made, None
