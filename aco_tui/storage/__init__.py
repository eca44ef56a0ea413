"""User data: progress, results and the saved place (``open_progress``), and the start-up caches.

The only package that writes files or knows SQL.
"""

from __future__ import annotations

import os

# The start-up caches live here too and ``aco-tui lookup`` reads them on its cold path: importing
# this package must stay as cheap as importing os (no typing, no dataclasses, no sqlite3).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from aco_tui.storage.progress import ProgressStore


def open_progress(data_dir: str | os.PathLike[str] | None = None) -> ProgressStore:
    """The progress database of ``data_dir`` (see :func:`~aco_tui.storage.data_dir.resolve_data_dir`).

    Raises:
        UserDataError: it cannot be opened or set up (the message says why).
    """
    from aco_tui.storage.data_dir import resolve_data_dir
    from aco_tui.storage.sqlite import SQLiteProgress

    return SQLiteProgress(resolve_data_dir(data_dir))
