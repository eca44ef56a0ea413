"""The app's input thread sleeps until there is input (aco_tui/ui/quiet_driver.py, issue 28).

Textual's woke ten times a second in every session, input or not. In a real terminal (tmux) the
app's threads must not wake while nobody types, and keys, a lone Escape among them (which the
parser only knows after its timeout), and quitting must work as before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from textual._xterm_parser import XTermParser
from textual.drivers.headless_driver import HeadlessDriver
from textual.drivers.linux_driver import LinuxDriver

from aco_tui.ui.app import AcoApp
from aco_tui.ui.quiet_driver import QuietLinuxDriver, parser_wait

TMUX = shutil.which("tmux")
SCRIPT = Path(sys.executable).parent / "aco-tui"


def test_the_thread_waits_for_ever_unless_an_escape_sequence_is_half_read():
    parser = XTermParser()
    assert parser_wait(parser) is None
    list(parser.feed("\x1b"))  # Escape, or the start of a sequence: the parser waits a moment to know
    wait = parser_wait(parser)
    assert wait is not None and 0 <= wait <= 1
    list(parser.feed("[A"))  # the Up arrow's sequence, complete
    assert parser_wait(parser) is None


def test_the_exit_event_wakes_the_pipe_only_while_the_thread_holds_it():
    from aco_tui.ui.quiet_driver import _WakingEvent

    event = _WakingEvent()
    read, write = os.pipe()
    try:
        os.set_blocking(read, False)
        event.wake_through(write)
        event.set()
        assert os.read(read, 10) == b"\0"
        event.clear()
        event.wake_through(None)  # the thread let it go (and may close it, its number reused)
        event.set()
        with pytest.raises(BlockingIOError):
            os.read(read, 10)
    finally:
        os.close(read)
        os.close(write)


def test_only_textuals_linux_driver_is_replaced(real_knowledge, tmp_path, monkeypatch):
    app = AcoApp(real_knowledge, data_dir=tmp_path / "data")
    assert app.driver_class is QuietLinuxDriver and issubclass(QuietLinuxDriver, LinuxDriver)
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    monkeypatch.setattr("textual.constants.DRIVER", "textual.drivers.headless_driver:HeadlessDriver")
    assert AcoApp(real_knowledge, data_dir=tmp_path / "data").driver_class is HeadlessDriver


def _tmux(*args: str) -> str:
    assert TMUX is not None
    return subprocess.run([TMUX, *args], capture_output=True, text=True, check=False).stdout


def _wait_for(session: str, predicate, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _tmux("capture-pane", "-p", "-t", session)
        if predicate(screen):
            return screen
        time.sleep(0.1)
    raise AssertionError(f"timed out; screen was:\n{screen}")


def _wakeups(pid: int) -> int:
    """Times any thread of ``pid`` went to sleep of its own accord (each wait that ended)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            status = Path(f"/proc/{pid}/task/{task}/status").read_text()
        except OSError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("voluntary_ctxt"))
    return total


@pytest.mark.skipif(TMUX is None or not SCRIPT.exists(), reason="needs tmux and the installed aco-tui")
def test_an_idle_app_sleeps_and_keys_escape_and_quit_still_work(tmp_path):
    session = f"quiet-{uuid.uuid4().hex[:8]}"
    done = tmp_path / "exit-code"
    app = (  # its pid is the inner shell's, which execs it
        f"echo $$ > {tmp_path / 'pid'}; exec env NO_COLOR=1 ACO_TUI_DATA={tmp_path / 'data'} "
        f"ACO_TUI_CACHE={tmp_path / 'cache'} TERM=xterm-256color {SCRIPT}"
    )
    command = f"sh -c '{app}'; echo $? > {done}; sleep 5"
    subprocess.run([TMUX, "new-session", "-d", "-s", session, "-x", "80", "-y", "24", command], check=True)
    try:
        _wait_for(session, lambda s: "Overview" in s and "Quit" in s)
        pid = int((tmp_path / "pid").read_text())
        time.sleep(1.5)  # past the start-up's own timers (the collector resumes, the place is saved)
        before = _wakeups(pid)
        time.sleep(2.0)
        woke = _wakeups(pid) - before
        assert woke < 5, f"{woke} wakeups in 2 s with no input (Textual's input thread: about 20)"
        _tmux("send-keys", "-t", session, "?")
        _wait_for(session, lambda s: "Keys" in s and "Overview" not in s)
        _tmux("send-keys", "-t", session, "Escape")  # alone: known only after the parser's timeout
        _wait_for(session, lambda s: "Overview" in s)
        _tmux("send-keys", "-t", session, "5")
        _wait_for(session, lambda s: "All years" in s)
        _tmux("send-keys", "-t", session, "q")
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert done.read_text().strip() == "0"
        assert "Traceback" not in _tmux("capture-pane", "-p", "-t", session)
    finally:
        _tmux("kill-session", "-t", session)
