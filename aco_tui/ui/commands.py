"""Every command of the explainer, declared once: its keys, Footer text, help line and palette title.

The bindings of the app, the main screen and the document pane are made here (:func:`bindings`),
so the Footer (the binding's description), the help screen (its tooltip, see ``screens/help.py``),
the command palette (:mod:`aco_tui.ui.palette`) and the keys themselves cannot drift apart. The
pane keys come from the one pane list, :data:`aco_tui.navigation.PANES`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol, runtime_checkable

from textual.binding import Binding, BindingType

from aco_tui.navigation import PANES


class Owner(StrEnum):
    """Where a command's action runs: the app, the main screen, or the document pane in view."""

    APP = "app"
    MAIN = "main"
    DOCUMENT = "document"


class Rank:
    """How much a key matters in the Footer: when the line is too narrow, lower ranks go first."""

    LOW = 0
    NORMAL = 1
    HIGH = 2
    ALWAYS = 3  # ? Help and q Quit: the two keys a newcomer needs


@dataclass(frozen=True)
class Command:
    """One command of the app.

    Attributes:
        id: the binding id, ``"<owner>.<name>"``.
        keys: the keys, as Textual writes them (``"left_square_bracket,alt+left"``).
        action: the action run, in the owner's namespace (``"show_pane('quiz')"``).
        footer: the Footer text (a word or two).
        help: the help line (at most 41 characters: the help screen's column at 80 columns), also the
            key's tooltip and the palette entry's explanation.
        palette: the title in the command palette; empty: not in the palette.
        show: shown in the Footer.
        rank: see :class:`Rank`.
        priority: a priority binding (checked before the focused widget sees the key).
    """

    id: str
    keys: str
    action: str
    footer: str
    help: str
    palette: str = ""
    show: bool = True
    rank: int = Rank.NORMAL
    priority: bool = False

    @property
    def owner(self) -> Owner:
        prefix = self.id.partition(".")[0]
        return Owner.MAIN if prefix == "pane" else Owner(prefix)

    @property
    def action_name(self) -> str:
        """The action without its arguments: ``"show_pane"``."""
        return self.action.partition("(")[0]

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action, self.footer, show=self.show, priority=self.priority, id=self.id, tooltip=self.help
        )


PANE_COMMANDS: tuple[Command, ...] = tuple(
    Command(
        f"pane.{p.id}",
        p.key,
        f"show_pane('{p.id}')",
        f"Show {p.label}",
        f"Show the {p.label} pane",
        palette=f"Go to {p.label}",
        show=False,
    )
    for p in PANES
)
"""Keys 1-7: one per pane, in tab order (their ids start ``pane.``, which help shows as one row)."""

APP_COMMANDS: tuple[Command, ...] = (
    Command(
        "app.search",
        "slash",
        "search",
        "Search",
        "Search headings, glossary and excerpts",
        palette="Search",
        rank=Rank.HIGH,
    ),
    Command("app.quit", "q", "quit", "Quit", "Quit (your place is saved)", rank=Rank.ALWAYS),
    Command("app.quit_ctrl", "ctrl+q", "quit", "Quit", "Quit (your place is saved)", show=False, priority=True),
)

MAIN_COMMANDS: tuple[Command, ...] = (
    *PANE_COMMANDS,
    Command(
        "main.citations",
        "c",
        "citations",
        "Citations",
        "List the citations of the section in view",
        palette="Citations of this section",
    ),
    Command(
        "main.terms",
        "g",
        "terms",
        "Terms",
        "Glossary terms of the section in view",
        palette="Glossary terms of this section",
        rank=Rank.LOW,
    ),
    Command("main.next", "n", "step_section(1)", "Next section", "Show the next section", show=False),
    Command("main.previous", "p", "step_section(-1)", "Previous section", "Show the previous section", show=False),
    Command(
        "main.back",
        "left_square_bracket,alt+left",
        "back",
        "Back",
        "Back to before the last jump",
        palette="Back",
        rank=Rank.LOW,
    ),
    Command("main.forward", "right_square_bracket,alt+right", "forward", "Forward", "Undo the last Back", show=False),
    Command("main.contents", "t", "focus_contents", "Contents", "Move to the table of contents", show=False),
    Command(
        "main.learn", "l", "learn", "Learn", "Learning path: pretest, read, check, test", palette="Learn this pane"
    ),
    Command(
        "main.progress",
        "P",
        "progress",
        "Progress",
        "Progress: read, checked, remembered",
        palette="Progress",
        show=False,
    ),
    Command(
        "main.help",
        "question_mark",
        "help",
        "Help",
        "Show every key that works here",
        palette="Help: keys",
        rank=Rank.ALWAYS,
    ),
    Command(
        "main.glossary",
        "G",
        "glossary",
        "Glossary, A to Z",
        "Every glossary term, A to Z",
        palette="Glossary, A to Z",
        show=False,
    ),
)

DOCUMENT_COMMANDS: tuple[Command, ...] = (
    Command(
        "document.find",
        "f,ctrl+f",
        "find",
        "Find in this pane",
        "Find words in this pane",
        palette="Find in this pane",
        show=False,
    ),
    Command("document.find_next", "n", "find_step(1)", "Next match", "The next match found", show=False),
    Command("document.find_previous", "N", "find_step(-1)", "Previous match", "The previous match found", show=False),
    Command("document.find_close", "escape", "close_find", "Close find", "Close the find bar", show=False),
    Command(
        "document.contents_width",
        "T",
        "contents_width",
        "Contents wider, hidden, back",
        "Contents column: wider, hidden, back",
        show=False,
    ),
    Command(
        "document.copy",
        "y",
        "copy_section",
        "Copy the section and its citations",
        "Copy the section with its citations",
        palette="Copy this section",
        show=False,
    ),
)

COMMANDS: tuple[Command, ...] = (*APP_COMMANDS, *MAIN_COMMANDS, *DOCUMENT_COMMANDS)


def bindings(commands: tuple[Command, ...]) -> list[BindingType]:
    """The bindings of ``commands``, for a ``BINDINGS`` class attribute."""
    return [command.binding() for command in commands]


def command_by_id(binding_id: str | None) -> Command | None:
    """The command declared with this binding id, if any."""
    return next((c for c in COMMANDS if c.id == binding_id), None) if binding_id else None


def footer_rank(binding_id: str | None) -> int:
    """The Footer rank of a binding (:attr:`Rank.NORMAL` for keys declared elsewhere, e.g. the quiz's)."""
    command = command_by_id(binding_id)
    return command.rank if command is not None else Rank.NORMAL


@runtime_checkable
class ClaimsKeys(Protocol):
    """A widget that takes some letter or digit keys for itself while it has focus (a matching
    question answers with letters): the commands on those keys do not apply there, so the Footer
    leaves them out."""

    def claims_key(self, key: str) -> bool:
        """True if pressing ``key`` (a single letter or digit) does something here."""
        ...


def typed_keys(command: Command) -> list[str]:
    """The command's keys that type a letter or digit (``"c"``, ``"1"``, ``"P"``; not ``"ctrl+f"``)."""
    return [key for key in command.keys.split(",") if len(key) == 1 and key.isalnum()]
