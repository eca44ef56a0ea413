"""User data: progress, results and the saved place (``open_progress``), and the start-up caches.

The only package that writes files or knows SQL.
"""

from __future__ import annotations

import os

# The start-up caches live here too and ``aco-tui lookup`` reads them on its cold path: importing
# this package must stay as cheap as importing os (no typing, no dataclasses, no sqlite3, no psycopg).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from aco_tui.storage.progress import ProgressStore


def open_progress(data_dir: str | os.PathLike[str] | None = None, database: str | None = None) -> ProgressStore:
    """The progress database: PostgreSQL at ``database`` (a ``postgresql://`` URL, default
    ``ACO_TUI_DATABASE``) if one is given, else SQLite in ``data_dir`` (see
    :func:`~aco_tui.storage.data_dir.resolve_data_dir`).

    Raises:
        UserDataError: it cannot be opened or set up (the message says why, a password masked).
    """
    from aco_tui.env import DATABASE_ENV

    database = database or os.environ.get(DATABASE_ENV)
    if database:
        from aco_tui.errors import UserDataError
        from aco_tui.storage.database_url import MISSING_DRIVER, require_database_url

        require_database_url(database)
        try:
            from aco_tui.storage.postgres import PostgresProgress
        except ImportError as err:  # psycopg is an optional extra
            if (err.name or "").partition(".")[0] != "psycopg":
                raise
            raise UserDataError(MISSING_DRIVER) from None
        return PostgresProgress(database)
    from aco_tui.storage.data_dir import resolve_data_dir
    from aco_tui.storage.sqlite import SQLiteProgress

    return SQLiteProgress(resolve_data_dir(data_dir))
