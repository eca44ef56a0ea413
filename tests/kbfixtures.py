"""Builders of small, valid knowledge bases in a temporary directory, for tests to break."""

from __future__ import annotations

import json
from pathlib import Path

from aco_tui.knowledge.paths import KnowledgePaths

SOURCES = {
    "1": {
        "id": "src-a",
        "title": "A briefing",
        "publisher": "A Library",
        "author": "A Writer",
        "date": "2018-01-09",
        "kind": "briefing",
    },
    "2": {
        "id": "src-b",
        "title": "An article",
        "publisher": "A Magazine",
        "author": None,
        "date": None,
        "date_note": "Undated.",
    },
}
EXCERPTS = {
    "1": {
        "id": "a-definition",
        "source": "src-a",
        "section": "1.1 What",
        "topics": ["concepts"],
        "text": "An ACO is a provider that takes responsibility for a whole population.",
    },
    "2": {
        "id": "a-budget",
        "source": "src-a",
        "section": "1.1 What",
        "topics": ["concepts"],
        "text": "It usually receives an annual, capitated budget.",
    },
    "3": {
        "id": "b-hawking",
        "source": "src-b",
        "section": "Legal",
        "topics": ["legal-challenges", "timeline"],
        "text": "Professor Stephen Hawking joined the case on 8 December 2017.",
        "speaker": "JR4NHS",
        "date": "2017-12-08",
    },
}
FILES = {
    "concepts.md": "---\ntitle: Concepts\norder: 1\nsummary: What an ACO is.\n---\n\n"
    "## What is an ACO?\n\nAn [ACO](term:aco) is one organisation answerable for the care of a "
    "whole local population. [@a-definition]\n\n### Money\n\nIt is usually paid one budget a year "
    "per head of population. [@a-budget]\n",
    "contract-models.md": "---\ntitle: Contract models\norder: 2\nsummary: Contracts.\n---\n\n"
    "## Levels\n\n| Level | Budget |\n|---|---|\n| Full | One budget [@a-budget] |\n",
    "legal-challenges.md": "---\ntitle: Legal challenges\norder: 3\nsummary: Cases.\n---\n\n"
    "## JR4NHS\n\nA famous physicist joined one of the cases in December of that year. "
    "[@b-hawking]\n",
    "commentary.md": "---\ntitle: Commentary\norder: 4\nsummary: Views.\n---\n\n## Voices\n\n"
    "Campaigners took the government to court over it. [@b-hawking]\n",
    "timeline.md": "---\ntitle: Timeline\norder: 5\nsummary: Dates.\n---\n\n"
    "## 2017-12-08 · Hawking joins\n\nHe joined the case. [@b-hawking]\n\nTopics: legal-challenges\n",
    "glossary.md": "---\ntitle: Glossary\norder: 9\nsummary: Terms.\n---\n\n## ACO\nAlso: accountable care organisation\n\n"
    "One body answerable for a population's care. [@a-definition]\n",
}


def write_knowledge(root: Path, *, excerpts: dict | None = None, files: dict | None = None) -> KnowledgePaths:
    """Write a valid store and content under ``root`` (overriding any part) and return their paths."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    store = {"sources": SOURCES, "excerpts": EXCERPTS if excerpts is None else excerpts}
    (root / "store.json").write_text(json.dumps(store, indent=1), encoding="utf-8")
    for name, text in {**FILES, **(files or {})}.items():
        if text is None:
            (content / name).unlink(missing_ok=True)
        else:
            (content / name).write_text(text, encoding="utf-8")
    return KnowledgePaths(root / "store.json", content)
