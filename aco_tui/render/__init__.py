"""Text rendering of the parsed content, for the app and the command line alike.

:mod:`aco_tui.render.plain` lays sections out as plain lines (no Rich, no Textual: ``read`` when
piped, ``learn --plain``); :mod:`aco_tui.render.markdown` draws the same blocks with Rich (the
reader widget and ``read`` on a terminal). This package never imports Textual or the UI.
"""
