"""aco_tui/ui: the Textual app, its screens, panes and widgets."""

from aco_tui.ui import layout_once

layout_once.install()  # one layout pass per change (see layout_once); before any app runs
