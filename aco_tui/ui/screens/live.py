"""A trainee in a live room, in the app (``aco-tui quiz --live CODE``; issue 25).

"Waiting for the trainer" until a question opens; then the question card of the Quiz pane (the same
keys; Enter records the answer, and again changes it until the question closes); on reveal, right or
wrong with the right answer, why and the verbatim source; at the end, the score. The room is read
every :data:`POLL_S` seconds in a worker thread (one indexed row), and every answer is saved in one
too: the screen never waits on the database. Escape leaves the room (joining again carries on).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from aco_tui.errors import AcoError
from aco_tui.quiz.live_plain import WAITING, leaderboard_lines, reveal_lines
from aco_tui.quiz.live_seat import LiveSeat, QuestionClosed
from aco_tui.quiz.plain import report_lines
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.storage.live_rooms import Room
from aco_tui.ui.messages import LeaveRequested
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_kinds import MatchCard, MultipleCard, OrderCard, SingleCard, question_card
from aco_tui.ui.screens.dialog import Dialog
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.safe_input import SafeInput

POLL_S = 0.25


@dataclass
class LiveRequested(Message):
    """Join the live room with this code (the app opens :class:`LiveScreen`)."""

    code: str


class LiveCodeDialog(Dialog[str | None]):
    """Asks for a live room's code ("Join a live session" on the Quiz pane's menu)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="live.cancel")]
    DEFAULT_CSS = """
    LiveCodeDialog {
        align: center middle;
    }
    LiveCodeDialog > Vertical {
        width: 50;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("The code your trainer gives you (Enter joins, Escape cancels):")
            yield SafeInput(placeholder="e.g. K7QF2M", max_length=20, id="live-code")
        yield KeyBar()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        code = event.value.strip().upper()
        if code:
            self.dismiss(code)

    def action_cancel(self) -> None:
        self.dismiss(None)


def preset(card: QuestionCard, response: object) -> None:
    """Show an earlier answer on a fresh card (a trainee back in the room sees their choice)."""
    if response is None:
        return
    if isinstance(card, SingleCard) and isinstance(response, int):
        card.chosen = response
    elif isinstance(card, MultipleCard) and isinstance(response, frozenset):
        card.ticked = set(response)
    elif isinstance(card, OrderCard) and isinstance(response, tuple):
        card.order = list(response)
    elif isinstance(card, MatchCard) and isinstance(response, tuple):
        card.matches = list(response)


class LiveScreen(Screen[None]):
    """Follows one room for one trainee. ``join`` takes the seat (called in a worker thread)."""

    BINDINGS = [Binding("escape", "leave", "Leave room", id="live.leave")]
    DEFAULT_CSS = """
    LiveScreen #live-status {
        height: 1;
        padding: 0 1;
        text-style: bold;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    LiveScreen #live-stage {
        height: 1fr;
        padding: 0 1;
    }
    LiveScreen #live-note {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    LiveScreen .live-text {
        height: auto;
    }
    """

    def __init__(self, join: Callable[[], LiveSeat]) -> None:
        super().__init__()
        self.join = join
        self.seat: LiveSeat | None = None
        self.shown: tuple[int, str] = (-1, "")
        self.polling = False

    def compose(self) -> ComposeResult:
        yield Static("Joining the live session\u2026", id="live-status")
        yield Vertical(id="live-stage")
        yield Static("", id="live-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.run_worker(self._join, thread=True, group="live-join")

    # -- threads ----------------------------------------------------------------------------------
    def _join(self) -> None:
        try:
            seat = self.join()
        except AcoError as err:
            message = str(err)
            self._later(lambda: self._cannot_join(message))
            return
        self._later(lambda: self._joined(seat))

    def _poll(self) -> None:
        seat = self.seat
        try:
            moved = seat.poll() if seat is not None else None
        except AcoError as err:
            message = str(err)
            self._later(lambda: self._note(f"Cannot read the room: {message}"))
            moved = None
        self._later(lambda: self._polled(moved))

    def _later(self, callback: Callable[[], None]) -> None:
        try:
            self.app.call_from_thread(callback)
        except RuntimeError:  # the app closed meanwhile
            pass

    # -- on the UI thread ---------------------------------------------------------------------------
    def _cannot_join(self, message: str) -> None:
        self.notify(message, severity="error", timeout=8)
        self.dismiss(None)

    def _joined(self, seat: LiveSeat) -> None:
        self.seat = seat
        if seat.rejoined:
            self._note("Welcome back: your earlier answers are kept.")
        self._show(seat.room)
        self.set_interval(POLL_S, self._tick, name="live-poll")

    def _tick(self) -> None:
        if not self.polling and self.seat is not None and self.seat.room.phase != "ended":
            self.polling = True
            self.run_worker(self._poll, thread=True, group="live-poll")

    def _polled(self, moved: Room | None) -> None:
        self.polling = False
        if moved is not None:
            self._show(moved)

    def _note(self, text: str) -> None:
        try:
            self.query_one("#live-note", Static).update(Text(text))
        except NoMatches:
            pass

    def _stage(self, *widgets: Any) -> None:
        stage = self.query_one("#live-stage", Vertical)
        stage.remove_children()
        stage.mount(*widgets)
        for widget in widgets:
            if isinstance(widget, VerticalScroll) and not isinstance(widget, QuestionCard):
                self.call_after_refresh(widget.focus)  # arrows and page keys scroll a long reveal

    def _text(self, lines: list[str]) -> VerticalScroll:
        return VerticalScroll(Static(Text("\n".join(lines)), classes="live-text"))

    def _show(self, room: Room) -> None:
        seat = self.seat
        if seat is None or (room.question, room.phase) == self.shown:
            return
        self.shown = (room.question, room.phase)
        number = room.question
        self.query_one("#live-status", Static).update(
            Text(
                f"Live: {seat.plan.title}  \u00b7  room {room.code}  \u00b7  "
                + (f"question {number}/{room.total}, {room.phase}" if number else "not started")
            )
        )
        if room.phase == "lobby":
            self._stage(self._text([WAITING]))
        elif room.phase == "open":
            card = question_card(seat.played(number), f"Q{number}/{room.total}  [{seat.played(number).type}]")
            preset(card, seat.response(number))
            self._stage(card)
            given = seat.given(number)
            self._note(
                f"Your answer so far: {given.given_text}"
                if given
                else "Enter records your answer; you can change it until the trainer closes the question."
            )
        elif room.phase == "closed":
            given = seat.given(number)
            self._stage(
                self._text(
                    [
                        f"Question {number} is closed.",
                        f"Your answer: {given.given_text}" if given else "You did not answer it.",
                        "",
                        WAITING,
                    ]
                )
            )
            self._note("")
        elif room.phase == "revealed":
            lines = reveal_lines(seat.feedback(number))
            if room.leaderboard:
                lines += [
                    "",
                    *leaderboard_lines(
                        sorted(seat.progress.room_scores(room.code), key=lambda s: (-s.right, s.seconds, s.trainee)),
                        number,
                    ),
                ]
            self._stage(self._text([*lines, "", WAITING]))
            self._note("")
        elif room.phase == "ended":
            self._stage(
                self._text(["The trainer ended the session.", "", *report_lines(seat.report(), show_missed=False)])
            )
            self._note("Escape goes back to the explainer.")

    @on(QuestionCard.Answered)
    def _answered(self, event: QuestionCard.Answered) -> None:
        event.stop()
        seat, response = self.seat, event.response
        if seat is None:
            return

        def save() -> None:
            try:
                given = seat.answer(response)
            except InvalidAnswer as err:
                problem = str(err)
                self._later(lambda: self._note(f"Not recorded: {problem}."))
            except QuestionClosed as err:
                closed = str(err)
                self._later(lambda: self._note(f"Not recorded: {closed}."))
            except AcoError as err:
                failed = str(err)
                self._later(lambda: self._note(f"Not saved: {failed}"))
            else:
                self._later(
                    lambda: self._note(
                        f"Answer recorded: {given.given_text} (Enter again changes it until the question closes)"
                    )
                )

        self.run_worker(save, thread=True, group="live-answer")

    @on(LeaveRequested)
    def _leave_from_card(self, event: LeaveRequested) -> None:
        event.stop()
        self.action_leave()

    def action_leave(self) -> None:
        """Leave the room (the seat is kept: joining again carries on)."""
        self.dismiss(None)
