"""The README and the guides: short enough to read, every link resolves, nothing outside the repository,
and the README's test command is the one CI runs (issue 23)."""

from __future__ import annotations

import re

import pytest
from helpers import REPO

GUIDES = ("trainee.md", "trainer.md", "operator.md", "developer.md")
LINK = re.compile(r"\]\(([^)\s]+)\)")


def docs() -> list[str]:
    return ["README.md", *(f"docs/{name}" for name in GUIDES)]


def anchors(text: str) -> set[str]:
    """GitHub's anchors of the headings: lower case, punctuation dropped, spaces as hyphens."""
    return {
        re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", text, flags=re.MULTILINE)
    }


def test_the_readme_is_short_and_links_every_guide():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) <= 250
    for guide in GUIDES:
        assert f"](docs/{guide})" in text


@pytest.mark.parametrize("name", docs())
def test_every_link_resolves_inside_the_repository(name):
    path = REPO / name
    text = path.read_text(encoding="utf-8")
    assert "../shared" not in text
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # a web address, or a term: link in an authoring example
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        assert linked.is_file() and REPO in linked.parents, f"{name}: {target} is not a file in the repository"
        if anchor:
            assert anchor in anchors(linked.read_text(encoding="utf-8")), f"{name}: no heading for {target}"


def test_the_readme_test_command_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if "pip install -e '.[test]'" in line)
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert command.strip() in ci.splitlines()
