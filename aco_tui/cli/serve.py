"""``aco-tui serve``: registered by :mod:`aco_tui.cli.main`; imports nothing heavy until it runs."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import knowledge_paths, progress_options
from aco_tui.safe_text import echo_quoted

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from pathlib import Path
    from typing import TypedDict

    from aco_tui.cli.parser import Subcommands
    from aco_tui.ssh.server import ServeConfig


DEFAULT_MAX_SESSIONS = 80


def _positive(value: str) -> int:
    number = int(_number(value, int))
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _seconds(value: str) -> float:
    number = _number(value, float)
    if not 0 <= number < float("inf"):  # nan and inf too
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return number


def _port(value: str) -> int:
    number = int(_number(value, int))
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 (any free port) and 65535")
    return number


def _number(value: str, kind: type[int] | type[float]) -> float:
    """``value`` as a number of ``kind``, or the one line argparse shows."""
    try:
        return kind(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be a {'whole ' if kind is int else ''}number, not {echo_quoted(value)}"
        ) from None


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``serve`` sub-command."""
    serve = commands.add_parser(
        "serve",
        parents=[common],
        help="serve the app over SSH to a cohort of trainees",
        description="Serve the app over SSH: trainees run 'ssh -p PORT NAME@HOST' and land in the app "
        "(no account on the host, no shell). NAME is their name in the quiz results, which "
        "are kept in the data directory ('aco-tui results --data-dir DIR' shows them). "
        "Without a PTY, 'read', 'lookup', 'define' and 'quiz --plain' may be given as the ssh command.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=2222, help="port to listen on (default 2222; 0: any free port)")
    serve.add_argument(
        "--host-key",
        metavar="PATH",
        help="host private key, generated on first run (default DATA/ssh_host_ed25519_key)",
    )
    access = serve.add_mutually_exclusive_group()
    access.add_argument(
        "--authorized-keys", metavar="PATH", help="trainees' public keys, OpenSSH format (default DATA/authorized_keys)"
    )
    access.add_argument(
        "--guest", action="store_true", help="let anyone who can reach the port in, without a key (use with care)"
    )
    serve.add_argument(
        "--max-sessions",
        type=_positive,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"sessions at once (default {DEFAULT_MAX_SESSIONS}: a cohort of 60, its trainers and "
        "some reconnecting; see docs/cohort-server.md for what a machine holds)",
    )
    serve.add_argument(
        "--idle-timeout",
        type=_seconds,
        default=1800,
        metavar="SECONDS",
        help="close a session after this long without input (default 1800; 0: never); a live room's "
        "participants wait for the trainer and are not closed for that",
    )
    serve.add_argument(
        "--max-session",
        type=_seconds,
        default=14400,
        metavar="SECONDS",
        help="close a session after this long in all (default 14400; 0: never)",
    )
    serve.add_argument(
        "--max-startups",
        type=_positive,
        metavar="N",
        help="connections waiting to log in, in all (default 100; then the oldest waiting is dropped)",
    )
    serve.add_argument(
        "--max-startups-per-address",
        type=_positive,
        metavar="N",
        help="... and from one address (default 40; raise it for a larger room behind one NAT address)",
    )
    serve.add_argument(
        "--quiz-session",
        metavar="NAME",
        help="trainees who open the app land on this quiz session's start page and begin it with "
        "Enter (one who reconnects is offered their attempt in progress); every pane stays a key away",
    )
    serve.add_argument(
        "--merge-pages",
        action="store_true",
        help="let the kernel merge the sessions' identical memory pages (KSM, Linux 6.4 or later; "
        "an administrator must start KSM; see docs/operator.md)",
    )
    serve.set_defaults(handler=run_serve)


def build_config(args: argparse.Namespace) -> ServeConfig:
    """A :class:`~aco_tui.ssh.server.ServeConfig` from the parsed arguments (resolving every path)."""
    # Lookup budget: cli/main imports this module for every command; the server loads only here.
    import os
    from pathlib import Path

    from aco_tui.knowledge.base import load_knowledge
    from aco_tui.ssh.host import HOST_ENV
    from aco_tui.ssh.keys import AUTHORIZED_KEYS_NAME, HOST_KEY_NAME
    from aco_tui.ssh.policy import ChildSetup
    from aco_tui.ssh.server import ServeConfig
    from aco_tui.storage.data_dir import resolve_data_dir

    paths = knowledge_paths(args)
    load_knowledge(paths).require_usable()  # fail now, not in every trainee's session
    data_dir_given, database = progress_options(args)
    data_dir = resolve_data_dir(data_dir_given).resolve()
    setup = ChildSetup(
        data_dir=data_dir,
        store=paths.store.resolve(),
        content=paths.content.resolve(),
        quiz_session=_landing_session(args.quiz_session, paths.content, data_dir),
        **_database_setup(database),
    )
    host_key = args.host_key or data_dir / HOST_KEY_NAME
    authorized = None if args.guest else (args.authorized_keys or data_dir / AUTHORIZED_KEYS_NAME)
    return ServeConfig(
        setup=setup,
        host_key=Path(host_key).expanduser().resolve(),
        authorized_keys=Path(authorized).expanduser().resolve() if authorized else None,
        host=args.host,
        port=args.port,
        max_sessions=args.max_sessions,
        idle_timeout=args.idle_timeout,
        max_session=args.max_session,
        session_host=os.environ.get(HOST_ENV, "1") != "0",
        merge_pages=args.merge_pages,
        **_startup_limits(args.max_startups, args.max_startups_per_address),
    )


def _startup_limits(total: int | None, per_address: int | None) -> dict[str, int]:
    """The caps on connections waiting to log in: as given, else ServeConfig's defaults. A cap per
    address above the total raises the total when the total was not given (``--max-startups-per-address
    150`` for a room of 150 behind one address), and is lowered to it when it was."""
    from aco_tui.ssh.server import ServeConfig

    per_address = per_address or ServeConfig.max_startups_per_address
    if total is None:
        total = max(ServeConfig.max_startups, per_address)
    return {"max_startups": total, "max_startups_per_address": min(per_address, total)}


def _landing_session(name: str | None, content: Path, data_dir: Path) -> str | None:
    """``--quiz-session NAME``, checked now against the question bank and the trainer's sessions in
    the data directory (not in every trainee's session).

    Raises:
        UsageError: no session has this name, or it cannot run.
        DataError: the question bank is unusable.
    """
    if name is None:
        return None
    from aco_tui.errors import UsageError
    from aco_tui.quiz.plan import plan_session
    from aco_tui.quiz.service import QuizService
    from aco_tui.quiz.session_files import trainer_session_files

    service = QuizService.open(content / "quiz", session_files=trainer_session_files(data_dir))
    try:
        plan_session(service.bank, name)
    except UsageError as err:
        raise UsageError(f"--quiz-session: {err}") from None
    return name


if TYPE_CHECKING:

    class DatabaseSetup(TypedDict, total=False):
        """The database fields of the server's configuration (none without a database)."""

        database: str
        database_env: tuple[tuple[str, str], ...]


def _database_setup(database: str | None) -> DatabaseSetup:
    """The sessions' database, from the server's own options (``--database``, else ACO_TUI_DATABASE):
    opened once now, so that a wrong URL or password fails here and the schema is set up once."""
    import os

    from aco_tui.env import DATABASE_ENV

    database = database or os.environ.get(DATABASE_ENV)
    if not database:
        return {}
    from aco_tui.storage import open_progress
    from aco_tui.storage.database_url import libpq_files

    open_progress(None, database).close()
    return {"database": database, "database_env": libpq_files(dict(os.environ), os.path.expanduser("~"))}


def run_serve(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui serve``: run until SIGTERM or Ctrl-C."""
    # Lookup budget, as in build_config.
    import asyncio
    import logging
    import warnings

    # asyncssh still names DSA, which the installed cryptography deprecates: nothing an operator can act on.
    warnings.filterwarnings("ignore", message="DSA is deprecated", module="asyncssh")
    warnings.filterwarnings("ignore", message="DSA is deprecated", module=r"asyncssh\..*")
    from aco_tui.ssh.server import SSHService

    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("asyncssh").setLevel(logging.WARNING)
    config = build_config(args)
    if config.guest:
        print(
            f"aco-tui: WARNING: --guest: anyone who can reach {config.host}:{config.port} gets in without "
            "a key, under any name they choose",
            file=sys.stderr,
        )
    service = SSHService(config)
    try:
        asyncio.run(service.serve_until_signalled())
    except OSError as err:  # e.g. the port is taken
        print(f"aco-tui: cannot serve on {config.host}:{config.port}: {err.strerror or err}", file=sys.stderr)
        return 2
    return 0
