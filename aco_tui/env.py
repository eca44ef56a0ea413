"""Every environment variable aco-tui reads, and the login name a trainee defaults to.

``aco-tui serve`` sets the SSH ones for each session's child; tests set the path ones so that they
never touch the real home directory.
"""

from __future__ import annotations

import os

STORE_ENV = "ACO_TUI_STORE"  # the excerpt store to read
CONTENT_ENV = "ACO_TUI_CONTENT"  # the content directory to read
DATA_ENV = "ACO_TUI_DATA"  # where progress and results are kept
DATABASE_ENV = "ACO_TUI_DATABASE"  # a postgresql:// URL: progress and results there instead of DATA
CACHE_ENV = "ACO_TUI_CACHE"  # where start-up caches are kept
TRAINEE_ENV = "ACO_TUI_TRAINEE"  # set by `aco-tui serve`: the SSH session's trainee
SSH_ENV = "ACO_TUI_SSH"  # set by `aco-tui serve`: "1" inside an SSH session
QUIZ_SESSION_ENV = "ACO_TUI_QUIZ_SESSION"  # set by `aco-tui serve --quiz-session`: the app opens on it

FALLBACK_TRAINEE = "trainee"


def login_name() -> str:
    """The user's login name, or ``"trainee"`` where there is none (a container with no passwd
    entry and no ``LOGNAME``/``USER`` makes :func:`getpass.getuser` raise)."""
    import getpass  # lookup budget: only when no name was given

    try:
        name = getpass.getuser()
    except Exception:  # OSError or KeyError, depending on the platform and Python version
        return FALLBACK_TRAINEE
    # A login name that is not UTF-8 (LOGNAME in Latin-1, say) arrives with lone surrogates, which no
    # database or terminal takes: the bytes that are not UTF-8 become U+FFFD.
    name = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _clean(name) or FALLBACK_TRAINEE


def ssh_trainee() -> str | None:
    """Inside an ``aco-tui serve`` session, the SSH user: the one trainee every command there acts
    for (the server sets it and refuses ``--name``). None outside such a session."""
    if os.environ.get(SSH_ENV) != "1":
        return None
    return os.environ.get(TRAINEE_ENV) or None


def served_quiz_session() -> str | None:
    """Inside an ``aco-tui serve --quiz-session NAME`` session, NAME: the quiz session the app opens
    on. None outside such a session."""
    if os.environ.get(SSH_ENV) != "1":
        return None
    return os.environ.get(QUIZ_SESSION_ENV) or None


def named_trainee(name: str | None) -> str | None:
    """Who a command acts for: the SSH user inside an ``aco-tui serve`` session (whatever ``name``
    says), else ``name`` single-spaced and without control characters, else None (the caller
    decides: ask, or :func:`login_name`)."""
    over_ssh = ssh_trainee()
    if over_ssh:
        return over_ssh
    return _clean(name) or None if name else None


def _clean(name: str) -> str:
    """A name single-spaced, of printable characters only: an escape sequence or a bidi override in
    a name would reach every screen and report that shows it."""
    return " ".join("".join(char for char in name if char.isprintable() or char.isspace()).split())
