"""Garbage collection paused while the app starts, then frozen and resumed (aco_tui/ui/startup_gc.py).

This flips the interpreter's global collector state inside a test worker, so everything it changes
is put back, even when an assertion fails: collection on or off as it was, nothing left frozen that
was not frozen before, and the module's own "paused" flag as it was.
"""

from __future__ import annotations

import gc

from aco_tui.ui import startup_gc


def test_startup_gc_pauses_then_freezes_and_resumes(monkeypatch):
    was_enabled, frozen_before = gc.isenabled(), gc.get_freeze_count()
    monkeypatch.setattr(startup_gc, "_paused", False)  # restored after the test, however it ends
    try:
        gc.enable()
        startup_gc.resume()  # no pause yet: nothing happens
        assert gc.isenabled() and not startup_gc.paused() and gc.get_freeze_count() == frozen_before
        startup_gc.pause()
        assert not gc.isenabled() and startup_gc.paused()
        startup_gc.pause()  # already off: still one pause, resumed once
        startup_gc.resume()
        assert gc.isenabled() and not startup_gc.paused() and gc.get_freeze_count() > frozen_before
        startup_gc.resume()  # resumed already: nothing happens
        assert gc.isenabled()
    finally:
        if frozen_before == 0:
            gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()


def test_startup_gc_leaves_collection_off_if_it_was_off_before(monkeypatch):
    """pause() on a collector someone else turned off does not claim it: resume() then leaves it off."""
    was_enabled, frozen_before = gc.isenabled(), gc.get_freeze_count()
    monkeypatch.setattr(startup_gc, "_paused", False)
    try:
        gc.disable()
        startup_gc.pause()
        assert not startup_gc.paused()
        startup_gc.resume()
        assert not gc.isenabled() and gc.get_freeze_count() == frozen_before
    finally:
        if frozen_before == 0:
            gc.unfreeze()
        (gc.enable if was_enabled else gc.disable)()
