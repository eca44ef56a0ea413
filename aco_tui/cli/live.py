"""``aco-tui live``: the trainer runs a live session (open, next, close, reveal, status, end).
Nothing heavy is imported until a handler runs. The console is ``aco-tui trainer --live CODE``."""

from __future__ import annotations

import argparse
import json
import sys

from aco_tui.cli.parser import knowledge_paths, progress_options
from aco_tui.cli.session_option import add_sessions_option

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing is a tenth of a cold lookup
if TYPE_CHECKING:
    from aco_tui.cli.parser import Subcommands
    from aco_tui.knowledge.store import ExcerptStore
    from aco_tui.quiz.live import LiveHost
    from aco_tui.quiz.model import Bank
    from aco_tui.storage.live_rooms import LiveProgressStore


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    """Add the ``live`` sub-command and its verbs."""
    live = commands.add_parser(
        "live",
        parents=[common],
        help="run a live session: one question for the room at a time",
        description="A live session the trainer paces. 'live open SESSION' prints the room's code; trainees\n"
        "join with 'aco-tui quiz --live CODE' (--plain: line by line). Then 'live next CODE' opens\n"
        "each question, 'live reveal CODE' shows everyone its answer and source, 'live end CODE'\n"
        "ends the room. 'aco-tui trainer --live CODE' does the same on keys, for a projector.",
    )
    verbs = live.add_subparsers(dest="verb", metavar="VERB", required=True)
    opening = verbs.add_parser("open", parents=[common], help="open a room on a named session; prints its code")
    opening.add_argument(
        "session", metavar="SESSION", help="a named session: shipped, in DATA/sessions.toml or in --sessions FILE"
    )
    add_sessions_option(opening)
    opening.add_argument(
        "--leaderboard",
        action="store_true",
        help="show everyone the top five by score and speed after each reveal (default off)",
    )
    helps = {
        "next": "open the next question to everyone",
        "close": "stop taking answers for the open question",
        "reveal": "close, then show everyone the answer and its source",
        "status": "the room now: phase, question, joined, answers, the chart",
        "end": "end the room; every trainee sees their result",
    }
    for verb, text in helps.items():
        parser = verbs.add_parser(verb, parents=[common], help=text)
        parser.add_argument("code", metavar="CODE", help="the room's code, as 'live open' printed it")
        if verb == "status":
            parser.add_argument(
                "--json",
                action="store_true",
                help="one JSON object: phase, question, joined, answers, options (and more)",
            )
    live.set_defaults(handler=run_live)


def open_store(data_dir: str | None, database: str | None = None) -> LiveProgressStore:
    """The progress database of ``--data-dir`` or ``--database``."""
    from aco_tui.storage import open_progress
    from aco_tui.storage.live_rooms import LiveProgressStore  # noqa: F401 - for the cast below

    store: LiveProgressStore = open_progress(data_dir, database)  # type: ignore[assignment]
    return store


def live_bank(args: argparse.Namespace) -> Bank:
    """The question bank of ``--content``, with the trainer's own sessions (DATA/sessions.toml, ``--sessions``).

    Raises:
        DataError: it is unusable.
    """
    from aco_tui.cli.session_option import session_files
    from aco_tui.quiz.bank_cache import load_bank_cached
    from aco_tui.quiz.session_files import with_trainer_sessions

    bank: Bank = with_trainer_sessions(load_bank_cached(knowledge_paths(args).content / "quiz"), session_files(args))
    return bank


def run_live(args: argparse.Namespace) -> int:
    """Handler of ``aco-tui live VERB``."""
    from aco_tui.quiz.live import LiveHost, open_room
    from aco_tui.quiz.live_plain import score_lines, status_lines

    bank = live_bank(args)
    progress = open_store(*progress_options(args))
    try:
        for notice in progress.notices:
            print(f"aco-tui: {notice}", file=sys.stderr)
        if args.verb == "open":
            room = open_room(progress, bank, args.session, args.leaderboard)
            print(
                f"Live room for {room.title} ({room.session}): {room.total} question(s), "
                f"leaderboard {'on' if room.leaderboard else 'off'}."
            )
            print(f"Trainees join with: aco-tui quiz --live {room.code}   (line by line: add --plain)")
            print(f"Then: aco-tui live next {room.code}   (or the console: aco-tui trainer --live {room.code})")
            print(f"code: {room.code}")
            return 0
        host = LiveHost(progress, bank, args.code, excerpt_store(args))
        if args.verb == "status":
            status = host.status()
            if args.json:
                print(json.dumps(status.as_json(), ensure_ascii=False))
            else:
                print("\n".join(status_lines(status)))
            return 0
        if args.verb == "end":
            scores = host.end()
            print(f"Room {host.code} ended.")
            print("\n".join(score_lines(scores, host.room.total)))
            return 0
        return _move(host, args.verb)
    finally:
        progress.close()


def _move(host: LiveHost, verb: str) -> int:
    from aco_tui.quiz.live_plain import chart_lines, leaderboard_lines, reveal_lines
    from aco_tui.quiz.plain import question_lines

    if verb == "next":
        room = host.next()
        played = host.played()
        assert played is not None
        print("\n".join(question_lines(played, room.question, room.total)))
        print(f"Question {room.question}/{room.total} is open in room {room.code}.")
        return 0
    room = host.close() if verb == "close" else host.reveal()
    status = host.status()
    print(
        f"Question {room.question}/{room.total} of room {room.code} is {room.phase}: "
        f"{status.answers} of {status.joined} answered" + (f", {status.right} right." if status.revealed else ".")
    )
    if verb == "reveal":
        feedback = host.answer()
        assert feedback is not None
        print("\n".join(chart_lines(status)))
        print("\n".join(reveal_lines(feedback, own=False)))
        if room.leaderboard:
            print("\n".join(leaderboard_lines(host.scores(), room.question)))
    return 0


def excerpt_store(args: argparse.Namespace) -> ExcerptStore | None:
    """The excerpt store (None when it cannot be read: sources then show as missing)."""
    from aco_tui.errors import DataError
    from aco_tui.knowledge.store import load_store

    try:
        return load_store(knowledge_paths(args).store)
    except DataError:
        return None
