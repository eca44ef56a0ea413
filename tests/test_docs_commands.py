"""Docs that work when followed: every shell block in README.md and docs/*.md is run, and must succeed.

A *shell block* is a fenced block tagged ``sh``, ``bash``, ``shell`` or ``console`` (untagged blocks
and other languages are examples of output or of files, and are not run). In a ``console`` block
only the lines starting ``$ `` are commands; in the others every line is (a line ending in ``\\`` goes
on on the next). Each block runs as one ``bash`` script (``set -euo pipefail``), so a block may set a
variable or make a file that a later line uses, and must exit 0.

The sandbox: a temporary working directory that links to every top-level entry of the checkout
(``../shared`` too, where the checkout has one beside it), a temporary ``HOME``, data and cache
directory (``ACO_TUI_DATA``, ``ACO_TUI_CACHE``), no ``ACO_TUI_DATABASE``, no terminal (stdin is empty),
``NO_COLOR=1``, and this interpreter's ``bin`` first on ``PATH`` (so ``aco-tui`` is this checkout's).

**Marking a block that cannot run on one machine**: put ``<!-- not-run: REASON -->`` on the line
before its fence (blank lines between are allowed), e.g. for a block that needs a PostgreSQL server,
another host, a terminal, or that installs software. Commands in files whose authors cannot add the
marker yet are listed, word for word, in :data:`NOT_RUN` with the reason; prefer the marker.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHELL_TAGS = ("sh", "bash", "shell", "console")
MARKER = re.compile(r"^\s*<!--\s*not-run:\s*(?P<reason>.+?)\s*-->\s*$")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<tag>[\w+-]*)")
BLOCK_TIMEOUT_S = 300  # a functional timeout: a block that hangs fails
# Commands (as written) that this test does not run, and why; see the module's docstring.
NOT_RUN: dict[str, str] = {}  # every such block in README.md and docs/ now carries its marker


@dataclass(frozen=True)
class ShellBlock:
    """One shell block of a document: where it is, its commands, and why it is not run (if it is not)."""

    path: Path
    line: int  # of the opening fence, 1-based
    commands: tuple[str, ...]
    not_run: str | None

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def shell_blocks(path: Path) -> list[ShellBlock]:
    """The shell blocks of the Markdown file at ``path``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks, number = [], 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if not opening:
            number += 1
            continue
        fence, tag, start = opening.group("fence"), opening.group("tag").lower(), number
        body = []
        number += 1
        while number < len(lines) and not lines[number].strip().startswith(fence):
            body.append(lines[number])
            number += 1
        number += 1
        if tag in SHELL_TAGS:
            commands = _commands(body, console=tag == "console")
            reason = _marker_before(lines, start)
            reason = reason or next((why for command, why in NOT_RUN.items() if command in commands), None)
            blocks.append(ShellBlock(path, start + 1, commands, reason))
    return blocks


def _commands(body: list[str], console: bool) -> tuple[str, ...]:
    commands: list[str] = []
    pending = ""
    for raw in body:
        line = raw.strip()
        if not pending:
            if console:
                if not line.startswith("$ "):
                    continue  # output shown in the example
                line = line[2:]
            if not line or line.startswith("#"):
                continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        commands.append((pending + line).strip())
        pending = ""
    if pending:
        commands.append(pending.strip())
    return tuple(commands)


def _marker_before(lines: list[str], fence_index: int) -> str | None:
    for index in range(fence_index - 1, -1, -1):
        if lines[index].strip():
            found = MARKER.match(lines[index])
            return found.group("reason") if found else None
    return None


def documents() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]


BLOCKS = [block for path in documents() if path.exists() for block in shell_blocks(path)]


def sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A working directory that looks like the checkout, and the environment to run in."""
    work = tmp_path / "checkout"
    work.mkdir()
    for entry in REPO.iterdir():
        if entry.name not in (".venv",):
            (work / entry.name).symlink_to(entry)
    shared = REPO.parent / "shared"
    if shared.exists():
        (tmp_path / "shared").symlink_to(shared)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ACO_TUI_") and k not in ("PAGER", "LESS")}
    environ.update(
        {
            "HOME": str(tmp_path / "home"),
            "ACO_TUI_DATA": str(tmp_path / "data"),
            "ACO_TUI_CACHE": str(tmp_path / "cache"),
            "NO_COLOR": "1",
            "TERM": "dumb",
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{environ.get('PATH', '')}",
            "PYTHONPATH": str(REPO),
        }
    )
    (tmp_path / "home").mkdir()
    return work, environ


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_every_shell_block_of_the_docs_runs(block: ShellBlock, tmp_path: Path) -> None:
    if block.not_run:
        pytest.skip(f"marked not runnable here: {block.not_run}")
    work, environ = sandbox(tmp_path)
    script = "set -euo pipefail\n" + "\n".join(block.commands) + "\n"
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=work,
        env=environ,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BLOCK_TIMEOUT_S,
    )
    assert done.returncode == 0, (
        f"{block.name}: exit {done.returncode}\n{script}\n--- stderr\n"
        f"{done.stderr[-3000:]}\n--- stdout\n{done.stdout[-1500:]}"
    )


def test_the_extraction_finds_commands_and_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Text.\n\n```bash\naco-tui read --list   # the panes\naco-tui lookup \\\n  capitation\n```\n\n"
        "<!-- not-run: needs a PostgreSQL server -->\n\n```sh\naco-tui results --database URL\n```\n\n"
        "```console\n$ aco-tui define ACO\nAccountable care organisation\n```\n\n"
        "```toml\nname = 1\n```\n```\naco-tui untagged\n```\n",
        encoding="utf-8",
    )
    found = shell_blocks(page)
    assert [(b.line, b.commands, b.not_run) for b in found] == [
        (3, ("aco-tui read --list   # the panes", "aco-tui lookup  capitation"), None),
        (11, ("aco-tui results --database URL",), "needs a PostgreSQL server"),
        (15, ("aco-tui define ACO",), None),
    ]


def test_the_docs_have_shell_blocks_to_run() -> None:
    assert any(not block.not_run for block in BLOCKS), "no shell block is run: is the extraction broken?"


INDENTED_COMMAND = re.compile(r"^ {4}(\$ |aco-tui |ssh |sudo |python3? |\.venv/)")


def indented_commands(path: Path) -> list[str]:
    """Lines of an indented (unfenced) code block of ``path`` that start like a shell command."""
    found, fenced, previous = [], False, ""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and INDENTED_COMMAND.match(line) and (not previous.strip() or previous.startswith("    ")):
            found.append(f"{path.name}:{number}: {line.strip()}")
        previous = line
    return found


def test_every_shell_command_is_in_a_fenced_block_this_test_sees() -> None:
    """An indented code block is never run: a command shown that way would escape this test."""
    assert [line for path in documents() if path.exists() for line in indented_commands(path)] == []


def test_an_indented_command_is_found(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Run\n\n    aco-tui lookup ACO\n\n```text\n    aco-tui inside a fence\n```\n"
        "- a list item\n    sudo continues the item's text\n",
        encoding="utf-8",
    )
    assert indented_commands(page) == ["page.md:3: aco-tui lookup ACO"]
