"""One layout pass (and one frame) per change, not two: a correction to how Textual records sizes.

After each layout, Textual (8.x) gives every widget its size, virtual size and container size
(``Widget._size_updated``); it sets the virtual size through its reactive, declared with
``layout=True``, so any widget whose size changed - every widget just mounted - asks for another
layout of the whole screen at once. That pass finds nothing new (the first one measured the
content at the widget's new width) but repaints the region and writes it to the terminal again.
Measured: a quiz step took three frames, now two (Pilot); over a pty the answer -> feedback step
wrote 4.6 KB instead of 8.6 KB and cost about 25 ms of CPU instead of 29; over SSH a question
(answer and next) relays about 13.8 KB instead of 17.2 KB.

The virtual size has no watchers; what must follow a change of it - the scrollbars appearing,
disappearing or resizing - is done by ``_size_updated`` itself (``_scroll_update``), and a
scrollbar that comes or goes asks for its own layout. So the size is recorded without asking for
another pass (``layout=False``, as Textual does itself when it reflows for a scroll).

Installed once for the process, before any app runs (the class is patched, no state is kept);
only on the Textual versions it was checked on (the snapshot and Pilot tests run with it), else
left alone.
"""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.widget import Widget

CHECKED_MAJOR = "8."  # Textual versions whose Widget._size_updated this was read against


def install() -> bool:
    """Record widgets' sizes after a layout without asking for another layout; whether it applies."""
    import textual

    original = Widget._size_updated
    if getattr(original, "_aco_layout_once", False):
        return True
    if not textual.__version__.startswith(CHECKED_MAJOR):
        return False

    def _size_updated(self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return original(self, size, virtual_size, container_size, False)

    _size_updated._aco_layout_once = True  # type: ignore[attr-defined]
    Widget._size_updated = _size_updated  # type: ignore[method-assign]
    return True


def installed() -> bool:
    """Whether :func:`install` has patched the running Textual."""
    marker: Any = getattr(Widget._size_updated, "_aco_layout_once", False)
    return bool(marker)
