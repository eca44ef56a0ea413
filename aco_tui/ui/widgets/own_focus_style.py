"""A focusable container whose focus changes its own look only: restyle it alone on focus and blur.

Textual restyles a widget *and every widget inside it* whenever it gains or loses focus (a rule
such as ``Card:focus Label`` could depend on it). A quiz question or page holds a dozen widgets
and takes the focus at each step, so that restyled the new page and the old one (about to be
removed) at every answer: about 2-3 ms of a 25 ms step (bench_quiz_step.py). The quiz's pages and
questions look the same focused or not (no ``:focus`` rule names them or what is inside them), so
restyling the page itself is enough; a widget inside that takes the focus itself (a link, an input)
is restyled as usual.

Use it only on such a container. Its own ``:focus`` rules still apply, but what is inside it is not
restyled (nor does it inherit anew): the learning path's page, whose ``:focus`` rule draws a border,
stopped scrolling by whole pages with it, so it keeps Textual's behaviour.
"""

from __future__ import annotations

from textual._context import NoActiveAppError
from textual.widget import Widget


class OwnFocusStyle(Widget):
    """Mixed in before a container class: ``class Page(OwnFocusStyle, VerticalScroll)``; only for a
    container whose look does not change with its focus (see the module)."""

    def watch_has_focus(self, _has_focus: bool) -> None:
        try:
            stylesheet = self.app.stylesheet
        except NoActiveAppError:
            return
        stylesheet.update_nodes([self], animate=True)
