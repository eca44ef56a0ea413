"""A small knowledge base with a question bank, built in a temporary directory for quiz tests."""

from __future__ import annotations

import json
from pathlib import Path

TOPICS = ("concepts", "contract-models", "legal-challenges", "commentary", "timeline")

STORE = {
    "sources": {"1": {"id": "src", "title": "Test briefing", "publisher": "Test Library", "date": "2018-01-09"}},
    "excerpts": {
        "1": {
            "id": "ex-budget",
            "source": "src",
            "section": "1.1 What are ACOs?",
            "text": "An ACO holds a single budget for a population.",
            "topics": ["concepts"],
        },
        "2": {
            "id": "ex-dates",
            "source": "src",
            "section": "1.2 ACOs in the NHS",
            "text": "The plan was published in 2014 and the contract in 2017.",
            "topics": ["timeline"],
            "date": "2014",
        },
    },
}

SAMPLE = '''
[[question]]
id = "{p}-single"
topic = "{topic}"
level = "intro"
type = "single"
question = "Which option is right ({topic})?"
correct = "The right one"
wrong = ["Wrong one", "Another wrong one", "Still wrong"]
explanation = "Because it is right."
excerpts = ["ex-budget"]
{sections}

[[question]]
id = "{p}-multiple"
topic = "{topic}"
level = "core"
type = "multiple"
question = "Which are right? Choose all that apply."
correct = ["Right A", "Right B"]
wrong = ["Wrong C", "Wrong D"]
explanation = "A and B are right."
excerpts = ["ex-budget"]
{sections}

[[question]]
id = "{p}-tf"
topic = "{topic}"
level = "intro"
type = "truefalse"
question = "This statement is true."
answer = true
explanation = "It is true."
excerpts = ["ex-budget"]
{sections}

[[question]]
id = "{p}-order"
topic = "{topic}"
level = "core"
type = "order"
question = "Put these in order, earliest first."
items = ["First", "Second", "Third", "Fourth"]
explanation = "That is the order."
excerpts = ["ex-dates"]
{sections}

[[question]]
id = "{p}-match"
topic = "{topic}"
level = "advanced"
type = "match"
question = "Match each level to its meaning."
pairs = [
  ["Virtual", "Keeps contract"],
  ["Partial", "Integration agreement"],
  ["Full", "Suspends contract"],
]
extra = ["Paid by patients"]
explanation = "Deeper integration moves more into the ACO."
excerpts = ["ex-budget", "ex-dates"]
{sections}

[[question]]
id = "{p}-short"
topic = "{topic}"
level = "advanced"
type = "short"
question = "What does ACO stand for?"
answers = ["Accountable care organisation", "accountable care organization", "ACO"]
explanation = "ACO is short for accountable care organisation."
excerpts = ["ex-budget"]
{sections}

[[question]]
id = "{p}-single-2"
topic = "{topic}"
level = "core"
type = "single"
question = """A second single choice question \\
on two lines."""
correct = ["Yes"]
wrong = ["No", "Maybe"]
explanation = "Yes."
excerpts = ["ex-dates"]
{sections}

[[question]]
id = "{p}-tf-2"
topic = "{topic}"
level = "advanced"
type = "truefalse"
question = "This statement is false."
answer = false
explanation = "It is false."
excerpts = ["ex-dates"]
{sections}
'''

SESSIONS = """
[[session]]
name = "induction"
title = "Induction quiz"
seed = 42
pass_mark = 60
feedback = "immediate"
questions = ["con-order", "con-match"]

  [[session.pick]]
  topic = "concepts"
  level = "intro"
  count = 2

  [[session.pick]]
  topic = ["legal-challenges", "timeline"]
  count = 3

[[session]]
name = "assessment"
title = "Assessment"
seed = 7
pass_mark = 80
feedback = "deferred"
time_limit = 20

  [[session.pick]]
  level = ["core", "advanced"]
  count = 6
"""

PREFIX = {"concepts": "con", "contract-models": "cm", "legal-challenges": "leg", "commentary": "com", "timeline": "tl"}
# The sections each topic's questions check: the teaching sections of kbfixtures' content, all covered
# (timeline questions name none, which is allowed).
SECTIONS = {
    "concepts": ["concepts#what-is-an-aco", "concepts#money"],
    "contract-models": ["contract-models#levels"],
    "legal-challenges": ["legal-challenges#jr4nhs"],
    "commentary": ["commentary#voices"],
    "timeline": [],
}


def sample(topic: str) -> str:
    """The 8 questions of ``topic``, every type, naming the sections of :data:`SECTIONS`."""
    links = SECTIONS[topic]
    line = "sections = [" + ", ".join(f'"{link}"' for link in links) + "]" if links else ""
    return SAMPLE.format(p=PREFIX[topic], topic=topic, sections=line)


def write_kb(root: Path, sessions: str = SESSIONS) -> tuple[Path, Path]:
    """Write store.json and content/quiz/ (8 questions per topic, every type) under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    store = root / "store.json"
    store.write_text(json.dumps(STORE), encoding="utf-8")
    quiz = root / "content" / "quiz"
    quiz.mkdir(parents=True, exist_ok=True)
    for topic in TOPICS:
        (quiz / f"{topic}.toml").write_text(sample(topic), encoding="utf-8")
    (quiz / "sessions.toml").write_text(sessions, encoding="utf-8")
    return store, root / "content"


def write_mini_kb_with_quiz(root: Path):
    """The small knowledge base of :mod:`kbfixtures` under ``root``, with this module's question bank
    (content/quiz) citing its excerpts; returns its :class:`~aco_tui.knowledge.paths.KnowledgePaths`."""
    from kbfixtures import write_knowledge

    paths = write_knowledge(root)
    quiz = paths.content / "quiz"
    quiz.mkdir()
    for topic in TOPICS:
        text = sample(topic)
        (quiz / f"{topic}.toml").write_text(
            text.replace("ex-budget", "a-definition").replace("ex-dates", "a-budget"), encoding="utf-8"
        )
    (quiz / "sessions.toml").write_text(SESSIONS, encoding="utf-8")
    return paths
