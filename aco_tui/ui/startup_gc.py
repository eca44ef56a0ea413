"""Garbage collection paused while the app starts, then frozen out of later collections.

Start-up creates a few hundred thousand objects that live until exit (Textual's classes and
styles, the unpickled knowledge base), and the cyclic collector walks all of them several times
over while they are being made: measured at about a quarter of the time to first paint. The app
pauses collection before it imports anything heavy and, once the first screen is up, freezes
what exists (moved to a permanent generation that later collections skip, which also keeps
pane switches and quiz answers free of long pauses) and collects as usual from then on.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection until :func:`resume` (no-op if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze everything made so far and collect automatically again (only after :func:`pause`)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    return _paused
