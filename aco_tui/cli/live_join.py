"""``aco-tui quiz --live CODE``: a trainee joins a live session, in the app or (``--plain``) line by line."""

from __future__ import annotations

import argparse
import sys

from aco_tui.cli.parser import knowledge_paths, progress_options


def join_live(args: argparse.Namespace, trainee: str) -> int:
    """Take a seat in the room and follow it until it ends (or the trainee leaves).

    Raises:
        RoomError: an unknown or ended code (one line, exit 2).
    """
    from aco_tui.cli.live import live_bank, open_store
    from aco_tui.quiz.live import normal_code
    from aco_tui.quiz.live_seat import LiveSeat

    if not args.plain:
        from aco_tui.cli.app import run_app

        progress = open_store(*progress_options(args))
        try:  # an unknown or ended code is one line here, not a screen inside the app
            from aco_tui.quiz.live import find_room

            find_room(progress, args.live)
        finally:
            progress.close()
        return run_app(args, live=normal_code(args.live), trainee=trainee)
    from aco_tui.knowledge.store import load_store
    from aco_tui.quiz.live_plain import run_live_plain

    bank = live_bank(args)
    store = load_store(knowledge_paths(args).store)
    progress = open_store(*progress_options(args))
    try:
        for notice in progress.notices:
            print(f"aco-tui: {notice}", file=sys.stderr)
        seat = LiveSeat.join(progress, bank, args.live, trainee, store)
        return run_live_plain(seat, sys.stdin, sys.stdout)
    finally:
        progress.close()
