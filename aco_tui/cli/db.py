"""``aco-tui db export|import|copy``: move a cohort's progress between SQLite and PostgreSQL.

Nothing heavy is imported until a handler runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import progress_options, warn
from aco_tui.safe_text import visible

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from typing import TextIO

    from aco_tui.cli.parser import Subcommands
    from aco_tui.storage.transfer import Records, TransferStore

WHERE = "a postgresql:// URL, or a data directory (SQLite; or its progress.sqlite3)"


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``db`` sub-command and its actions."""
    db = commands.add_parser(
        "db",
        help="move progress between SQLite and PostgreSQL (export, import, copy)",
        description="Move a cohort's progress (attempts, answers, review cards, the review log, saved places)\n"
        "between databases, losing nothing: every record is checked in the target and the counts\n"
        "are printed. export and import use the database --database / --data-dir name.",
    )
    actions = db.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        parents=[common],
        help="write every record to a JSON file",
        description="Write every record of the database to a JSON file.",
    )
    export.add_argument("--json", metavar="FILE", required=True, help="the file to write ('-': standard output)")
    export.set_defaults(handler=run_export)
    load = actions.add_parser(
        "import",
        parents=[common],
        help="add the records of a JSON export",
        description="Add the records of 'aco-tui db export' to the database, in one\n"
        "transaction: all or nothing. Refused if it already holds one of the\n"
        "attempts; review cards and places replace those of the same name.",
    )
    load.add_argument("file", metavar="FILE", help="the export to read ('-': standard input)")
    load.set_defaults(handler=run_import)
    copy = actions.add_parser(
        "copy",
        help="copy every record from one database to another",
        description=f"Copy every record from one database to another (export and import in one go).\nEach is {WHERE}.",
    )
    copy.add_argument("--from", dest="source", metavar="A", required=True, help="the database to copy from")
    copy.add_argument("--to", dest="target", metavar="B", required=True, help="the database to copy into")
    copy.set_defaults(handler=run_copy)


def _open_given(args: argparse.Namespace) -> TransferStore:
    from aco_tui.storage import open_progress

    store = open_progress(*progress_options(args))
    _tell(store.notices)
    return store  # type: ignore[return-value]  # both backends can list and take everything


def _tell(notices: list[str]) -> None:
    for notice in notices:
        warn(notice)


def _counts(records: Records, out: TextIO | None = None) -> None:
    from aco_tui.storage.transfer import TABLE_NAMES

    for table, count in records.counts().items():
        print(f"  {TABLE_NAMES[table]:<16}{count:>8}", file=out or sys.stdout)


def _total(records: Records) -> str:
    from aco_tui.storage.transfer import TABLE_NAMES

    return ", ".join(f"{count} {TABLE_NAMES[table]}" for table, count in records.counts().items())


def run_export(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui db export``."""
    import os

    from aco_tui.errors import UserDataError
    from aco_tui.files import write_atomically
    from aco_tui.storage.transfer import from_json, read_records, to_json

    path = os.path.abspath(os.path.expanduser(args.json))
    if args.json != "-" and os.path.exists(path) and not os.path.isfile(path):
        # The file is replaced as a whole (written beside it, then renamed): that would replace a device
        # such as /dev/null, or a pipe, for everyone.
        raise UserDataError(
            f"cannot write {visible(args.json)}: it is not a regular file (give a file name, or "
            "--json - for standard output)"
        )
    store = _open_given(args)
    try:
        records = read_records(store)
        text = to_json(records, visible(store.location))  # a directory name that is not UTF-8: escaped
    finally:
        store.close()
    if args.json == "-":
        sys.stdout.write(text)
        out, name = sys.stderr, "standard output"
    else:
        try:
            write_atomically(path, text.encode("utf-8"), durable=True)
        except OSError as err:
            raise UserDataError(f"cannot write {args.json}: {err.strerror or err}") from None
        with open(path, encoding="utf-8") as written:
            if from_json(written.read(), args.json) != records:
                raise UserDataError(f"{args.json} does not read back as what was exported; do not rely on it")
        out, name = sys.stdout, visible(args.json)
    print(f"Exported from {visible(store.location)} to {name}:", file=out)
    _counts(records, out)
    print("Checked: the file reads back record for record.", file=out)
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui db import``."""
    from aco_tui.errors import UserDataError
    from aco_tui.storage.transfer import from_json, import_records, read_export

    name = visible(args.file)
    if args.file == "-":
        text = read_export(sys.stdin.buffer, "standard input")
    else:
        try:
            with open(args.file, "rb") as handle:
                text = read_export(handle, name)
        except OSError as err:
            raise UserDataError(f"cannot read {name}: {err.strerror or err}") from None
    records = from_json(text, name)
    store = _open_given(args)
    try:
        after = import_records(store, records)
    finally:
        store.close()
    print(f"Imported {name} into {visible(store.location)}:")
    _counts(records)
    print(f"Checked: every record is there; it now holds {_total(after)}.")
    return 0


def run_copy(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui db copy``."""
    from aco_tui.storage.transfer import import_records, open_location, read_records

    source = open_location(args.source, must_exist=True)
    try:
        _tell(source.notices)
        records = read_records(source)
    finally:
        source.close()
    target = open_location(args.target)
    try:
        _tell(target.notices)
        after = import_records(target, records)
    finally:
        target.close()
    print(f"Copied {visible(source.location)} to {visible(target.location)}:")
    _counts(records)
    print(f"Checked: every record is there; it now holds {_total(after)}.")
    return 0
