"""What a remote client may do, as pure functions: user names, terminal types, commands, environment.

Nothing a client sends reaches a shell or the child's environment unchecked: the user name is
validated (it becomes the trainee's name), the terminal type must match a safe pattern, and a command
is accepted only if its first word is one of :data:`COMMANDS` and its options are on a short list.

The commands a client may run: ``read``, ``lookup`` and ``define`` (reading); ``quiz --plain`` (also
``--due``, ``--list-sessions`` and ``--live CODE``), ``learn --plain`` and ``progress``, which act for
the trainee. The trainee is always the SSH user: the server puts the name in the child's ``ACO_TUI_TRAINEE`` (see
:func:`aco_tui.env.ssh_trainee`) and refuses ``--name``, so nobody can answer or read progress as
someone else.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from aco_tui.env import CACHE_ENV, DATA_ENV, DATABASE_ENV, QUIZ_SESSION_ENV, SSH_ENV, TRAINEE_ENV
from aco_tui.safe_text import log_quoted
from aco_tui.storage.database_url import mask_password

log = logging.getLogger("aco_tui.ssh")
MAX_USER_CHARS = 64
DEFAULT_TERM = "xterm-256color"
_SAFE_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
_TRUECOLOR_TERMS = re.compile(r"(xterm-kitty|xterm-ghostty|alacritty|foot|wezterm|.*-direct|.*truecolor.*)")
# Options a remote client may give (anything else starting with "-" is refused): never --store,
# --content or --data-dir, which would make the server read files of the client's choosing, and never
# --name, which would let one trainee act as another.
_HELP = {"--help", "-h"}
_ALLOWED_OPTIONS = {
    "read": {"--list", "--width", "--no-pager", *_HELP},
    "lookup": {"--json", "--limit", "-n", *_HELP},
    "define": {"--json", "--list", *_HELP},
    "quiz": {
        "--plain",
        "--session",
        "--topic",
        "--level",
        "--count",
        "--seed",
        "--review",
        "--due",
        "--list-sessions",
        "--live",
        *_HELP,
    },
    "learn": {"--plain", "--restart", *_HELP},
    "progress": {"--json", *_HELP},  # the trainee's own progress
}
COMMANDS = tuple(_ALLOWED_OPTIONS)
# Commands that need --plain (or one of the other options here) to run without the full-screen app.
_PLAIN_ONLY = {"quiz": {"--plain", "--due", "--list-sessions", *_HELP}, "learn": {"--plain", *_HELP}}
# Commands that read the client's input (questions answered line by line).
INTERACTIVE = frozenset({"quiz", "learn", "trainer"})
# What to tell a client it can run.
SSH_USAGE = (
    "read [PANE [SECTION]]",
    "lookup QUERY...",
    "define TERM",
    "quiz --plain [--session NAME]",
    "quiz --plain --live CODE",
    "learn --plain PANE",
    "progress",
)
MAX_COMMAND_CHARS = 1000


class Refused(Exception):
    """A request the server will not carry out; the message is shown to the client (one line)."""


def valid_user_name(name: str) -> bool:
    """An SSH user name usable as a trainee's name: 1-64 printable characters, no outer spaces."""
    return 0 < len(name) <= MAX_USER_CHARS and name.isprintable() and name == name.strip()


def safe_term(term: str | None) -> str:
    """The client's terminal type if it looks like one, else ``xterm-256color``."""
    if term and _SAFE_TERM.fullmatch(term):
        return term
    return DEFAULT_TERM


@dataclass(frozen=True)
class ChildSetup:
    """Where a child runs and what it reads: fixed by the server, never by a client."""

    data_dir: Path
    store: Path
    content: Path
    python: str = sys.executable
    database: str | None = None  # a PostgreSQL URL from the server's own options: progress kept there
    database_env: tuple[tuple[str, str], ...] = ()  # libpq's files (PGPASSFILE...) as the server found them
    quiz_session: str | None = None  # ``--quiz-session``: the app opens on this session's start page

    def data_location(self) -> str:
        """Where the sessions keep their progress, for the log (a password masked)."""
        return mask_password(self.database) if self.database else str(self.data_dir)

    def _base_argv(self, command: str) -> list[str]:
        return [
            self.python,
            "-m",
            "aco_tui",
            command,
            "--data-dir",
            str(self.data_dir),
            "--store",
            str(self.store),
            "--content",
            str(self.content),
        ]

    def app_argv(self) -> list[str]:
        """The full-screen app."""
        return self._base_argv("app")

    def environment(self, trainee: str, term: str | None = None) -> dict[str, str]:
        """The child's whole environment: fixed values, the validated trainee, and a safe TERM when
        the client asked for a terminal (``term``; without one, TERM=dumb and NO_COLOR)."""
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        env = {
            "PATH": os.defpath,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "HOME": str(self.data_dir),
            DATA_ENV: str(self.data_dir),
            CACHE_ENV: str(self.data_dir / "cache"),
            TRAINEE_ENV: trainee,
            SSH_ENV: "1",
            "PYTHONPATH": package_root,
            "PYTHONNOUSERSITE": "1",
            "PYTHONIOENCODING": "utf-8",
            # Textual opens links with Python's webbrowser, on the host: make that a no-op, so that
            # no console browser (lynx, w3m...) can ever start inside a session.
            "BROWSER": "true",
        }
        if self.quiz_session:
            env[QUIZ_SESSION_ENV] = self.quiz_session
        if self.database:  # never on the command line, where ps would show a password
            env[DATABASE_ENV] = self.database
            env.update(self.database_env)
        if term is not None:
            env["TERM"] = safe_term(term)
            if _TRUECOLOR_TERMS.fullmatch(env["TERM"]):
                env["COLORTERM"] = "truecolor"
        else:
            env["TERM"] = "dumb"
            env["NO_COLOR"] = "1"
        return env

    def command_argv(self, command_line: str, trainee: str | None = None) -> list[str]:
        """The child for a remote command (one of :data:`COMMANDS`); ``trainee`` only names the user in
        a refusal (the child learns it from its environment).

        Raises:
            Refused: any other command, a command that cannot be parsed, or an option not allowed.
        """
        if len(command_line) > MAX_COMMAND_CHARS:
            raise Refused(f"command too long (at most {MAX_COMMAND_CHARS} characters)")
        try:
            words = shlex.split(command_line)
        except ValueError as err:
            raise Refused(f"cannot parse the command: {err}") from None
        if words and words[0] in TRAINER_ONLY:
            raise Refused(f"'{words[0]}' is not allowed here: it is for trainers (connect with a trainer's key)")
        if not words or words[0] not in COMMANDS:
            first = log_quoted(words[0], 40) if words else "''"
            raise Refused(
                f"{first} is not allowed here; over SSH you can run {usage_list()} "
                "(connect without a command for the app)"
            )
        command, args = words[0], words[1:]
        options = set()
        for word in args:
            if word.startswith("-") and len(word) > 1:
                name = word.split("=", 1)[0] if word.startswith("--") else word
                if name == "--name":
                    raise Refused(
                        "option '--name' is not allowed over SSH: you are "
                        f"{log_quoted(trainee or 'the SSH user')}, the name you connected with"
                    )
                if name not in _ALLOWED_OPTIONS[command]:
                    raise Refused(f"option {log_quoted(name, 40)} is not allowed for {command} over SSH")
                options.add(name)
        if command in _PLAIN_ONLY and not options & _PLAIN_ONLY[command]:
            raise Refused(
                f"over SSH '{command}' runs line by line: add --plain (or connect without a command for the app)"
            )
        return [*self._base_argv(command), *args]


def ssh_usage(command: str) -> str:
    """What a client may type for ``command`` over SSH, quoted, with its allowed options; for any other
    command, the list of commands."""
    forms = [usage for usage in SSH_USAGE if usage.split()[0] == command]
    if not forms:
        return f"you can run {usage_list()}"
    options = sorted(_ALLOWED_OPTIONS[command] - _HELP)
    return "'" + forms[0] + "'" + (f", options {' '.join(options)}" if options else "")


def reads_input(argv: list[str]) -> bool:
    """Whether a command's child (from :meth:`ChildSetup.command_argv`) reads the client's input."""
    return len(argv) > 3 and argv[3] in INTERACTIVE


def follows_live_room(argv: list[str]) -> bool:
    """Whether a command's child follows a live room: a trainee's ``quiz --live CODE`` or a trainer's
    console ``trainer --live CODE``. The trainer sets the pace there, so a participant waiting for
    the next question is not idle (the room's end, or the session's time limit, ends it)."""
    live = any(word == "--live" or word.startswith("--live=") for word in argv[4:])
    return len(argv) > 3 and argv[3] in {"quiz", "trainer"} and live


def seated_in_live_room(setup: ChildSetup, trainee: str) -> bool:
    """Whether ``trainee`` has a seat in a live room that has not ended, read from the sessions'
    database: an app session waiting there for the trainer is not idle either (as
    :func:`follows_live_room` for a command). False when the database cannot say: the session is
    then closed as any idle one. Blocking: call it in a thread."""
    from aco_tui.storage import open_progress
    from aco_tui.storage.live_rooms import LiveRoomStore

    try:
        store = open_progress(setup.data_dir, setup.database)
    except Exception:  # noqa: BLE001 - a database that cannot say keeps the idle rule as it was
        log.warning("could not read the live rooms for an idle session", exc_info=True)
        return False
    try:
        return isinstance(store, LiveRoomStore) and store.seated_in_open_room(trainee)
    except Exception:  # noqa: BLE001 - as above
        log.warning("could not read the live rooms for an idle session", exc_info=True)
        return False
    finally:
        store.close()


def usage_list(prefix: str = "") -> str:
    """The commands a client can run, quoted and joined: "'read [PANE [SECTION]]', ... or '...'"."""
    quoted = [f"'{prefix}{usage}'" for usage in SSH_USAGE]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


# -- Trainers: keys marked role="trainer" in authorized_keys (aco_tui/ssh/keys.py) ----------------
# Kept apart from the trainees' rules above: a trainer may also run what a trainee may.

TRAINER_COMMANDS = ("results", "live", "trainer")
TRAINER_ONLY = ("live", "trainer")  # refused to trainees with a word of why (``results`` predates this)
_TRAINER_OPTIONS = {
    "results": {
        "--session",
        "--trainee",
        "--csv",
        "--json",
        "--items",
        "--trainees",
        "--per-question",
        "--facility",
        "--stale",
        "--help",
        "-h",
        "--question",
        "--accept",
    },  # results regrade (issue 24)
    "live": {"--leaderboard", "--json", "--help", "-h"},  # the live verbs (issue 25)
    "trainer": {"--live", "--help", "-h"},
}  # the live console; the dashboard is the menu's


def trainer_argv(setup: ChildSetup, command_line: str | None) -> list[str] | None:
    """A trainer's child: with no command, the menu (the dashboard or the explainer); with
    ``results ...``, the report (never ``--data-dir``, ``--store`` or ``--content``). None for any
    other command: the trainees' rules (:meth:`ChildSetup.command_argv`) apply to it.

    Raises:
        Refused: a trainer command with an option not allowed, too long, or that cannot be parsed.
    """
    if command_line is None:
        return [*setup._base_argv("trainer"), "--choose"]
    if len(command_line) > MAX_COMMAND_CHARS:
        raise Refused(f"command too long (at most {MAX_COMMAND_CHARS} characters)")
    try:
        words = shlex.split(command_line)
    except ValueError as err:
        raise Refused(f"cannot parse the command: {err}") from None
    if not words or words[0] not in TRAINER_COMMANDS:
        return None
    command, args = words[0], words[1:]
    for word in args:
        if word.startswith("-") and len(word) > 1:
            name = word.split("=", 1)[0] if word.startswith("--") else word
            if name not in _TRAINER_OPTIONS[command]:
                raise Refused(f"option {log_quoted(name, 40)} is not allowed for {command} over SSH")
    if command == "trainer" and not {"--live", "--help", "-h"} & set(args):
        raise Refused(
            "over SSH 'trainer' runs a live room's console: 'trainer --live CODE' "
            "(connect without a command for the dashboard)"
        )
    return [*setup._base_argv(command), *args]
