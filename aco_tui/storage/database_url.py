"""PostgreSQL URLs (``--database``, ``ACO_TUI_DATABASE``): recognising one, masking its password.

A password may be written in the URL (``postgresql://aco:SECRET@db.internal/aco``) or, better, kept
in a ``.pgpass`` file (``PGPASSFILE``): libpq reads it. Either way it is never printed: every
message and log line shows :func:`mask_password`'s form, ``postgresql://aco:***@db.internal/aco``.

psycopg is an optional extra, imported only when a URL is opened (:func:`aco_tui.storage.open_progress`).
"""

from __future__ import annotations

import os
import re
from urllib.parse import quote, unquote

from aco_tui.errors import UserDataError

SCHEMES = ("postgresql://", "postgres://")
MASK = "***"
MISSING_DRIVER = (
    "PostgreSQL support is not installed: install it with pip install 'aco-tui[postgres]' "
    "(the psycopg driver), or leave out --database / ACO_TUI_DATABASE to keep the data in SQLite"
)
# libpq's reading of a URL (any scheme, for messages about a wrong one): the user information runs up
# to the first "@" before any "/".
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^:@/?#]*)(?::(?P<password>[^@/]*))?@")
_QUERY_PASSWORD = re.compile(r"([?&]password=)([^&#]*)", re.IGNORECASE)


def is_database_url(text: str) -> bool:
    """Whether ``text`` is a PostgreSQL URL (``postgresql://`` or ``postgres://``)."""
    return text.lower().startswith(SCHEMES)


def mask_password(url: str) -> str:
    """``url`` with any password (in the user information or a ``password=`` parameter) replaced by ``***``."""
    match = _USERINFO.match(url)
    if match and match.group("password") is not None:
        url = f"{match.group('scheme')}{match.group('user')}:{MASK}@{url[match.end() :]}"
    return _QUERY_PASSWORD.sub(lambda m: m.group(1) + MASK, url)


def passwords(url: str) -> list[str]:
    """The password(s) written in ``url``, as written and percent-decoded (longest first)."""
    found = []
    match = _USERINFO.match(url)
    if match and match.group("password"):
        found.append(match.group("password"))
    found += [m.group(2) for m in _QUERY_PASSWORD.finditer(url) if m.group(2)]
    found += [unquote(p) for p in found]
    return sorted({p for p in found if p}, key=len, reverse=True)


def mask_secrets(text: str, url: str) -> str:
    """``text`` (a driver's message, say) with ``url`` masked and its password nowhere in it."""
    text = text.replace(url, mask_password(url))
    for password in passwords(url):
        text = text.replace(password, MASK)
    return text


def with_search_path(url: str, schema: str) -> str:
    """``url`` with its tables in ``schema`` (libpq's ``options`` parameter sets ``search_path``)."""
    return f"{url}{'&' if '?' in url else '?'}options={quote(f'-csearch_path={schema}')}"


# The files libpq reads from the user's home unless told otherwise: an ``aco-tui serve`` child runs
# with its HOME in the data directory, so the server hands on the ones it would use itself.
LIBPQ_FILES = (
    ("PGPASSFILE", ".pgpass"),
    ("PGSSLROOTCERT", ".postgresql/root.crt"),
    ("PGSSLCERT", ".postgresql/postgresql.crt"),
    ("PGSSLKEY", ".postgresql/postgresql.key"),
)


def libpq_files(environ: dict[str, str], home: str) -> tuple[tuple[str, str], ...]:
    """The libpq file settings (``PGPASSFILE``...) this process would use, as environment pairs:
    each as set in ``environ``, else the file in ``home`` if it exists."""
    found = []
    for name, default in LIBPQ_FILES:
        path = environ.get(name) or os.path.join(home, default)
        if environ.get(name) or os.path.exists(path):
            found.append((name, os.path.abspath(os.path.expanduser(path))))
    return tuple(found)


def require_database_url(url: str) -> str:
    """``url`` if it is a PostgreSQL URL.

    Raises:
        UserDataError: it is not (the message shows it masked).
    """
    if not is_database_url(url):
        raise UserDataError(
            f"--database / ACO_TUI_DATABASE takes a postgresql:// URL (such as "
            f"postgresql://aco@db.internal:5432/aco), not {mask_password(url)!r}; "
            "for SQLite give a directory with --data-dir"
        )
    return url
