"""A Footer that recomposes only when the keys it shows change.

Textual's Footer rebuilds itself on every focus move and binding refresh (three or four times per
pane switch, and once more after the first paint); measured with benchmarks/what_if.py, skipping
the rebuilds that change nothing brings the first paint forward by about a sixth.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class StableFooter(Footer):
    """Footer, minus the recompositions that would show exactly the same keys."""

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple((key, active.binding.action, active.binding.description, active.enabled, active.tooltip)
                      for key, active in screen.active_bindings.items() if active.binding.show)
        # _bindings_ready is Footer's own flag (Textual 8.2.8, pinned): before it, always compose.
        if getattr(self, "_bindings_ready", False) and getattr(self, "_shown_bindings", None) == shown:
            return
        self._shown_bindings = shown
        super().bindings_changed(screen)
