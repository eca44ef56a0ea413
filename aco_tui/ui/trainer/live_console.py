"""``aco-tui trainer --live CODE``: the trainer's console of a live room, for a projector.

The question large, answers in against trainees joined and the time since the question opened in
big digits, a bar chart of the options (counts, never names), and keys for next / close / reveal /
end in the footer. After a reveal: the right answer, how many got it, the verbatim excerpt. At the
end: everyone's score, the item analysis of this run (the dashboard's question table) and the
questions most missed with the section that teaches each.

The app knows no SQL: it drives a :class:`~aco_tui.quiz.live.LiveHost`, every call in a worker
thread (the room is read again every ``interval`` seconds), so a key never waits on the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Digits, Static

from aco_tui.errors import AcoError
from aco_tui.quiz.live import LiveHost, LiveStatus
from aco_tui.quiz.live_plain import leaderboard_lines
from aco_tui.quiz.live_report import LiveFinal
from aco_tui.quiz.plan import utc_now
from aco_tui.quiz.run import Feedback
from aco_tui.ui.quiet_driver import QuietInputApp
from aco_tui.ui.trainer.charts import bar
from aco_tui.ui.trainer.views import QuestionTable
from aco_tui.ui.widgets.key_bar import KeyBar

POLL_S = 0.25
END_CONFIRM_S = 5
CHART_WIDTH = 50


def elapsed(status: LiveStatus, now: datetime) -> str:
    """``m:ss`` since the question opened (stopped when it closed); blank before the first."""
    room = status.room
    if room.opened is None or room.phase == "lobby":
        return "-:--"
    seconds = int(max(0.0, ((room.closed or now) - room.opened).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def chart_text(status: LiveStatus) -> Text:
    """Each option on its line, its bar (scaled to the most chosen) and count under it; the right
    one marked once revealed."""
    top = max((o.count for o in status.options), default=0) or 1
    text = Text()
    for option in status.options:
        right = status.revealed and bool(option.correct)
        text.append(option.label + ("  \u2714 right" if right else ""), style="bold" if right else "")
        text.append(f"\n   {bar(option.count / top, CHART_WIDTH)} {option.count}\n")
    return text


def reveal_text(feedback: Feedback, status: LiveStatus) -> Text:
    """The right answer, how many got it, why, and the verbatim excerpts with their sources."""
    text = Text()
    text.append(f"Right answer: {feedback.answer_text}\n", style="bold")
    text.append(f"{status.right} of {status.answers} answer(s) right ({status.joined} joined)\n\n")
    text.append(f"{feedback.explanation}\n")
    for excerpt in feedback.excerpts:
        where = f"{excerpt.source_title}, {excerpt.section}" if excerpt.section else excerpt.source_title
        text.append(f"\n\u201c{excerpt.text}\u201d", style="italic")
        text.append(f" ({where})\n")
    return text


class LiveConsole(Screen[None]):
    """The room while it runs."""

    BINDINGS = [
        Binding("n", "move('next')", "Next", id="live.next"),
        Binding("c", "move('close')", "Close", id="live.close"),
        Binding("r", "move('reveal')", "Reveal", id="live.reveal"),
        Binding("e", "end", "End", id="live.end"),
        Binding("q", "app.quit", "Quit", id="live.quit"),
    ]

    _end_asked: datetime | None = None

    def compose(self) -> ComposeResult:
        yield Static("Loading\u2026", id="live-head")
        with Horizontal(id="live-counters"):
            yield Static("answers / joined", classes="live-caption")
            yield Digits("0/0", id="live-answers")
            yield Static("time", classes="live-caption")
            yield Digits("-:--", id="live-timer")
        with VerticalScroll(id="live-body"):
            yield Static("", id="live-question")
            yield Static("", id="live-chart")
            yield Static("", id="live-reveal")
        yield KeyBar()

    def on_mount(self) -> None:
        self.app.start_polling()  # type: ignore[attr-defined]

    def show(self, status: LiveStatus, played_text: str, feedback: Feedback | None, board: list[str]) -> None:
        room = status.room
        try:
            head = Text(f"Room {room.code}  \u00b7  {room.title}  \u00b7  ", style="bold")
            head.append(
                f"question {room.question}/{room.total}, {room.phase}"
                if room.question
                else "waiting to start: press n for the first question"
            )
            head.append(
                f"\n{status.answers} of {status.joined} answered  \u00b7  "
                f"trainees join with: aco-tui quiz --live {room.code}"
            )
            self.query_one("#live-head", Static).update(head)
            self.query_one("#live-answers", Digits).update(f"{status.answers}/{status.joined}")
            self.query_one("#live-timer", Digits).update(elapsed(status, utc_now()))
            self.query_one("#live-question", Static).update(Text(played_text, style="bold"))
            self.query_one("#live-chart", Static).update(chart_text(status))
            reveal = reveal_text(feedback, status) if status.revealed and feedback is not None else Text("")
            if board:
                reveal.append("\n" + "\n".join(board) + "\n")
            self.query_one("#live-reveal", Static).update(reveal)
        except NoMatches:  # closing
            pass

    def action_move(self, verb: str) -> None:
        self.app.act(verb)  # type: ignore[attr-defined]

    def action_end(self) -> None:
        """End the room on a second press (it ends every trainee's attempt)."""
        now = utc_now()
        if self._end_asked is not None and (now - self._end_asked).total_seconds() <= END_CONFIRM_S:
            self._end_asked = None
            self.app.act("end")  # type: ignore[attr-defined]
            return
        self._end_asked = now
        self.notify("Press e again to end the room: every trainee sees their result.", timeout=END_CONFIRM_S)


class LiveEnd(Screen[None]):
    """The room has ended: scores, the item analysis of this run, the most-missed questions."""

    BINDINGS = [Binding("q", "app.quit", "Quit", id="live.quit")]

    def __init__(self, final: LiveFinal, code: str) -> None:
        super().__init__()
        self.final = final
        self.code = code

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="live-end"):
            yield Static(self._scores(), id="live-scores")
            yield Static(Text("Item analysis of this run", style="bold"))
            yield QuestionTable(id="live-items")
            yield Static(self._missed(), id="live-missed")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.final.report is not None:
            self.query_one(QuestionTable).show(self.final.report)

    def _scores(self) -> Text:
        scores = self.final.scores
        text = Text(f"Room {self.code} has ended: {len(scores)} trainee(s)\n", style="bold")
        total = self.final.report.analysis.test.questions if self.final.report and self.final.report.analysis else 0
        for place, seat in enumerate(scores, start=1):
            text.append(f"{place:>3}. {seat.trainee}: {seat.right}/{total or '?'} right, {seat.answered} answered\n")
        return text

    def _missed(self) -> Text:
        text = Text("\nMost missed", style="bold")
        if not self.final.missed:
            text.append("\nNone: every question was answered right by everyone.")
        for missed in self.final.missed:
            facility = missed.item.figures.facility or 0.0
            text.append(f"\nQ{missed.position} ({facility:.0%} right) {missed.item.text}\n")
            text.append(f"    read: {missed.teaches or '(no section found)'}\n")
        return text


class LiveConsoleApp(QuietInputApp[None]):
    """The console of one room."""

    TITLE = "ACO live session"
    CSS_PATH = [Path(__file__).parent.parent / "app.tcss", "live.tcss"]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(self, host: LiveHost, final: Callable[[LiveHost], LiveFinal], interval: float = POLL_S) -> None:
        super().__init__()
        self.host = host
        self.final = final
        self.interval = interval
        self.loading = False
        self.loads = 0  # refreshes shown (tests wait on it)
        self.status: LiveStatus | None = None

    def get_default_screen(self) -> Screen[None]:
        return LiveConsole(id="live-console")

    def start_polling(self) -> None:
        self.reload()
        self.set_interval(self.interval, self.reload, name="live-poll")

    def reload(self) -> None:
        if not self.loading:
            self.loading = True
            self.run_worker(self._load, thread=True, group="live-load")

    def _load(self) -> None:
        try:
            status = self.host.status()
            played = self.host.played()
            text = "" if played is None else f"Q{status.room.question}/{status.room.total}  {played.text}"
            feedback = self.host.answer() if status.revealed else None
            board = (
                leaderboard_lines(self.host.scores(), status.room.question)
                if status.revealed and status.room.leaderboard
                else []
            )
            final = self.final(self.host) if status.room.phase == "ended" else None
        except (AcoError, OSError) as err:
            message = str(err)
            self._hand_over(lambda: self._failed(message))
            return
        self._hand_over(lambda: self._loaded(status, text, feedback, final, board))

    def _hand_over(self, callback: Callable[[], None]) -> None:
        try:
            self.call_from_thread(callback)
        except RuntimeError:  # closed meanwhile
            pass

    def _failed(self, message: str) -> None:
        self.loading = False
        self.notify(message, severity="error", timeout=6)

    def _loaded(
        self, status: LiveStatus, text: str, feedback: Feedback | None, final: LiveFinal | None, board: list[str]
    ) -> None:
        self.loading = False
        self.loads += 1
        self.status = status
        if final is not None:
            if not isinstance(self.screen, LiveEnd):
                self.push_screen(LiveEnd(final, status.room.code))
            return
        console = next((s for s in self.screen_stack if isinstance(s, LiveConsole)), None)
        if console is not None:
            console.show(status, text, feedback, board)

    def act(self, verb: str) -> None:
        """Move the room on (in a thread), then show it."""

        def work() -> None:
            try:
                getattr(self.host, verb)()
            except (AcoError, OSError) as err:
                message = str(err)
                self._hand_over(lambda: self.notify(message, severity="warning", timeout=6))
            self._hand_over(self.reload)

        self.run_worker(work, thread=True, group="live-act")
