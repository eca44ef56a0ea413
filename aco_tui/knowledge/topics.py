"""The five topics: the reading panes in order, and the topics excerpts and questions are filed under."""

from __future__ import annotations

TOPICS = ("concepts", "contract-models", "legal-challenges", "commentary", "timeline")
TEACHING_PANES = TOPICS[:4]  # the panes that teach in sections (the timeline is a list of events)


def topic_label(topic: str) -> str:
    """``'contract-models'`` -> ``'Contract models'``."""
    return topic.replace("-", " ").capitalize()
