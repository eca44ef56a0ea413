"""The topics: the reading panes in order, and the topics excerpts and questions are filed under.

Both come from the one pane list, :data:`aco_tui.navigation.PANES`.
"""

from __future__ import annotations

from aco_tui.navigation import TEACHING_PANES, TOPICS

__all__ = ["TEACHING_PANES", "TOPICS", "topic_label"]


def topic_label(topic: str) -> str:
    """``'contract-models'`` -> ``'Contract models'``."""
    return topic.replace("-", " ").capitalize()
