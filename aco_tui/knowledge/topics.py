"""The five topics: the reading panes in order, and the topics excerpts and questions are filed under."""

from __future__ import annotations

TOPICS = ("concepts", "contract-models", "legal-challenges", "commentary", "timeline")


def topic_label(topic: str) -> str:
    """``'contract-models'`` -> ``'Contract models'``."""
    return topic.replace("-", " ").capitalize()
