"""Textual's Linux driver with an input thread that sleeps until there is input.

Textual's input thread wakes ten times a second, input or not, to see whether a half-read escape
sequence has timed out: measured on a real pty, about 0.26 ms of CPU a wakeup, 2.6 ms a second in
a session that only waits for its trainee. Over SSH a room of 60 sessions spent about a twelfth of
a 2-core server on it. Here the thread waits for input, or for the parser's own deadline while an
escape sequence is half read (a lone Escape still becomes the Escape key after its timeout), and a
pipe wakes it when input is disabled (quitting, suspending). What it does with input is Textual's.

The apps ask for it in ``get_driver_class`` (:class:`QuietInputApp`): it replaces only Textual's
own Linux driver, so ``TEXTUAL_DRIVER``, Windows and the headless driver of tests are unchanged.
Textual is pinned (``pyproject.toml``); if a version drops the parser's deadline attribute, the
thread polls ten times a second again, as Textual does, rather than miss a timeout.
"""

from __future__ import annotations

import os
import selectors
import threading
from codecs import getincrementaldecoder
from typing import Any, TypeVar

from textual._loop import loop_last
from textual._time import get_time
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.driver import Driver
from textual.drivers.linux_driver import LinuxDriver

POLL_S = 0.1  # Textual's own interval: the fallback when the parser's deadline cannot be read
ReturnType = TypeVar("ReturnType")
_UNKNOWN = object()  # what a Textual without the parser's deadline would give


class _WakingEvent(threading.Event):
    """The driver's exit event: setting it also wakes the input thread waiting on its pipe."""

    def __init__(self) -> None:
        super().__init__()
        self._wake_fd: int | None = None
        self._wake_lock = threading.Lock()  # the pipe is never written once its thread let it go

    def wake_through(self, fd: int | None) -> None:
        """Write to ``fd`` when set from now on (None: to nothing; the caller may then close it)."""
        with self._wake_lock:
            self._wake_fd = fd

    def set(self) -> None:
        super().set()
        with self._wake_lock:
            if self._wake_fd is not None:
                try:
                    os.write(self._wake_fd, b"\0")
                except OSError:
                    pass


def parser_wait(parser: XTermParser) -> float | None:
    """How long the input thread may wait for input: until the parser's escape timeout when it is
    half way through a sequence, else for ever (None)."""
    deadline = getattr(parser, "_timeout_time", _UNKNOWN)
    if deadline is None:
        return None
    if not isinstance(deadline, (int, float)):
        return POLL_S
    return max(0.0, deadline - get_time())


class QuietLinuxDriver(LinuxDriver):
    """:class:`LinuxDriver` whose input thread wakes only for input, an escape timeout or exit."""

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.exit_event = _WakingEvent()

    def run_input_thread(self) -> None:
        """Wait for input and dispatch events (as Textual's, without the ten wakeups a second)."""
        exit_event = self.exit_event
        assert isinstance(exit_event, _WakingEvent)
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_write, False)  # a full pipe (it is never drained) must not block set()
        exit_event.wake_through(wake_write)
        selector = selectors.SelectSelector()
        fileno = self.fileno
        selector.register(fileno, selectors.EVENT_READ)
        selector.register(wake_read, selectors.EVENT_READ)  # never drained: readable once exit is set
        parser = XTermParser(self._debug)
        decode = getincrementaldecoder("utf-8")().decode

        def dispatch(ready: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
            reads = [key for key, mask in ready if key.fd == fileno and mask & selectors.EVENT_READ]
            for last, _key in loop_last(reads):
                text = decode(os.read(fileno, 1024 * 4), final=final and last)
                if not text:
                    break
                for event in parser.feed(text):
                    self.process_message(event)
            for event in parser.tick():
                self.process_message(event)

        try:
            while not exit_event.is_set():
                dispatch(selector.select(parser_wait(parser)))
            selector.unregister(fileno)
            dispatch(selector.select(POLL_S), final=True)
        finally:
            exit_event.wake_through(None)  # before closing: a set() meanwhile must not write to a reused fd
            selector.close()
            os.close(wake_read)
            os.close(wake_write)


class QuietInputApp(App[ReturnType]):
    """An app that runs on :class:`QuietLinuxDriver` where Textual would run its Linux driver."""

    def get_driver_class(self) -> type[Driver]:
        driver = super().get_driver_class()
        return QuietLinuxDriver if driver is LinuxDriver else driver
