"""Errors that end a command with one readable line instead of a traceback."""

from __future__ import annotations


class AcoError(Exception):
    """A problem the user can fix; the CLI prints ``str(err)`` and exits with ``exit_code``."""

    exit_code = 2


class DataError(AcoError):
    """A shipped data file (store or content) is missing or unreadable."""


class UsageError(AcoError):
    """The command line asked for something that cannot be done."""


class UserDataError(AcoError):
    """User data (progress, results, the saved place) could not be read or saved; nothing is lost:
    what was saved before stays saved."""


class RetryableError(UserDataError):
    """Nothing was saved (or read) because the database could not be reached in time; the same
    action may simply be tried again (plain mode and the app say so and carry on)."""
