"""Playing one quiz run: its questions, feedback, clock and end report.

:class:`QuizRunner` is a plain object the Quiz pane holds (composition, not a base class): it keeps
the run under way and decides what the pane's body shows next; the pane owns the widgets, passes
the pages' messages on and shows the menu when a run is over.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from aco_tui.errors import AcoError
from aco_tui.knowledge.content import Content
from aco_tui.quiz.attempts import resume_line
from aco_tui.quiz.navigation import summary
from aco_tui.quiz.run import Feedback, QuizReport, QuizRun, TimeUp
from aco_tui.quiz.scoring import InvalidAnswer, PlayedQuestion, check_response
from aco_tui.quiz.service import QuizService
from aco_tui.ui.closed_book import ClosedBookGate
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_kinds import question_card
from aco_tui.ui.panes.quiz_pages import FeedbackPage, MissedPage, QuizPage, ReportPage
from aco_tui.ui.panes.quiz_summary import SummaryPage
from aco_tui.ui.panes.quiz_views import (
    attempt_label,
    feedback_text,
    interval_text,
    question_header,
    run_status,
    theme_tones,
)

if TYPE_CHECKING:
    from aco_tui.ui.panes.quiz import QuizPane

Begin = Callable[[], QuizRun | None]
T = TypeVar("T")
WARN_MINUTES_LEFT = (5, 1)  # a timed run says so when this little time is left
SAVING = "saving\u2026"
SAVING_SHOWN_AFTER_S = 0.1  # a commit within the "instant" 100 ms shows no "saving..." (no frame for it)
TIME_UP_RETRY_S = (2, 5, 10, 30)  # when the store refuses to record a time-out: try again after these


@dataclass
class SavingNote(Message):
    """From the saving thread: what the store says while it waits ("" when that is over)."""

    note: str


class QuizRunner:
    """A run from its first question to its report, shown in ``pane``'s body and status line."""

    def __init__(self, pane: QuizPane, service: QuizService, *, trainee: str, content: Content | None) -> None:
        self.pane = pane
        self.service = service
        self.trainee = trainee
        self.content = content
        self.run: QuizRun | None = None
        self.last_feedback: Feedback | None = None
        self.report: QuizReport | None = None
        self.citations: list[str] = []  # what `c` lists (the screen asks every pane)
        self.clock: Timer | None = None  # the time-limit timer of a timed run
        self.saving = False  # an answer is being saved (in a worker); the next waits for it
        self._status = ""  # the status line before "saving..."
        self._saving_note: Timer | None = None  # shows "saving..." if the commit takes a while
        self._said = False  # the status line says "saving..." (or the store's note)
        self._notes_to: Widget | None = None  # where the store's notes go while it works (the status line)
        self._warned: set[int] = set()  # the WARN_MINUTES_LEFT already said for this run
        self._timed_out: QuizRun | None = None  # the run whose time-up step has been asked for
        self._time_up_refused = 0  # times in a row the store refused to record the time-out

    def forget(self) -> None:
        """No run any more (the pane shows its menu or a start page)."""
        self.stop_clock()
        self._set_book(None)
        self.run, self.report, self.citations = None, None, []

    def _set_book(self, run: QuizRun | None) -> None:
        """Close the app's book while ``run`` is a closed-book attempt under way; open it otherwise."""
        self.pane.refresh_bindings()  # the navigation keys come and go with a deferred attempt
        gate = getattr(self.pane.app, "closed_book", None)
        if isinstance(gate, ClosedBookGate):
            if run is not None and run.plan.closed_book and run.status == "in_progress":
                gate.close_book(run.plan.title)
            else:
                gate.open_book()

    async def start(self, begin: Begin) -> None:
        """Begin the run ``begin`` returns (a notice and the menu when it fails or nothing is due)."""
        pane = self.pane
        if self.saving:
            return  # a transaction is in flight (a second Enter while the first starts the run)
        try:
            run = await self.in_store(begin)
        except AcoError as err:
            pane.notify(str(err), severity="error")
            await pane.show_menu()
            return
        if run is None:
            pane.notify("Nothing is due for review.")
            await pane.show_menu()
            return
        self.run, self.report = run, None
        self._warned = set()
        self.stop_clock()
        self._set_book(run)
        if run.resumed:
            pane.notify(resume_line(run, self.service.clock()), timeout=8)
        if run.deadline is not None:
            self.clock = pane.set_interval(1, self._tick, name="quiz-clock")
        await self.continue_()

    def _tick(self) -> None:
        run, pane = self.run, self.pane
        if run is None or run.finished:
            return
        pane.set_status(run_status(run, self.trainee))
        left = run.time_left()
        if left is not None and 0 < left.total_seconds():
            due = [m for m in WARN_MINUTES_LEFT if left.total_seconds() <= m * 60 and m not in self._warned]
            if due:
                minutes = min(due)
                self._warned.update(m for m in WARN_MINUTES_LEFT if m >= minutes)
                pane.notify(
                    f"Less than {minutes} minute{'' if minutes == 1 else 's'} left.", severity="warning", timeout=6
                )
        if left is not None and left.total_seconds() <= 0 and not self.saving and self._timed_out is not run:
            # (a save in flight says TimeUp itself)
            self._timed_out = run
            # Not from here: this runs in the clock's own task, which stopping the clock cancels
            # (the report was then never mounted, leaving a blank pane). A step: it waits for one
            # under way, then the store ends the attempt in a thread (asked once per run).
            pane.step(self._time_up(run))

    async def _time_up(self, run: QuizRun | None = None) -> None:
        """The time limit passed: record the attempt as timed out (``run``; already recorded when
        ``None``: the store said so), then show the report."""
        if run is not None:
            if self.run is not run or self.report is not None:
                return  # dealt with meanwhile (the trainee submitted, or another step showed the report)
            if not run.finished:
                try:
                    await self.in_store(lambda: run.finish("timed_out"))
                except AcoError as err:
                    self._time_up_refused += 1
                    self._retry_time_up(run, err)
                    return
        self._time_up_refused = 0
        self.pane.notify("Time is up: the attempt has been recorded.", severity="warning")
        await self.show_report()

    def _retry_time_up(self, run: QuizRun, err: AcoError) -> None:
        """The store refused to record the time-out: say so once, and let a tick ask again after a
        while (2 s, then longer), not at every tick with a message each time."""
        refused = self._time_up_refused
        if refused == 1:
            self.pane.notify(
                f"Time is up, but the attempt could not be recorded yet ({str(err).rstrip('.')}); trying again.",
                severity="error",
                timeout=10,
            )
        delay = TIME_UP_RETRY_S[min(refused, len(TIME_UP_RETRY_S)) - 1]

        def ask_again() -> None:
            if self._timed_out is run:
                self._timed_out = None

        self.pane.set_timer(delay, ask_again, name="quiz-time-up-retry")

    async def show_question(self) -> None:
        run = self.run
        played = run.current if run is not None else None
        if run is None or played is None:
            return
        self.citations = []
        with self.pane.app.batch_update():
            self.pane.set_status(run_status(run, self.trainee))
            given = run.given(run.position) if run.navigable else None
            if given is not None:
                self.pane.notify(f"Your answer so far: {given.given_text}. Answer again to change it.", timeout=5)
            await self.pane.show(question_card(played, question_header(run)), progress=(run.position - 1, run.total))

    async def answered(self, response: object, to: PlayedQuestion | None = None) -> None:
        """The trainee submitted ``response`` to the question shown (``to``: the question the card
        asked; an answer to another is stale and ignored): check it at once, then save it in a worker
        (the screen stays live, the status line says "saving..."); the feedback comes only once the
        answer is committed."""
        run, pane = self.run, self.pane
        played = run.current if run is not None else None
        if run is None or played is None or self.saving or (to is not None and to is not played):
            return
        try:
            check_response(played, response)  # a malformed answer is refused without touching storage
        except InvalidAnswer as err:  # said under the options, as the card's own checks are (no toast covers it)
            cards = pane.query(QuestionCard)
            if cards:
                cards.first().warn(f"Not a complete answer: {err}.")
                pane.app.bell()
            else:
                pane.notify(f"Not a complete answer: {err}", severity="warning")
            return
        self._begin_saving()
        pane.run_worker(self._save(run, response), name="quiz-save", group="quiz-save", exit_on_error=False)

    def say_saving(self, note: str) -> None:
        """Show on the status line that the answer is being saved, with the storage's ``note``
        ("reconnecting to the database...", "" when that is over). UI thread only."""
        if self.saving:
            self._said = True
            self.pane.set_status(f"{self._status} \u00b7 {note or SAVING}")

    def _say_from_worker(self, note: str) -> None:
        """The store's status listener while an answer is saved: called from the saving thread. A
        message, not ``call_from_thread``: the saving thread must never wait for the UI thread (which
        may itself be waiting for the store, e.g. to record an abandoned run when the app quits). It
        goes to the status line, whose message queue is free while the pane's waits for the store."""
        target = self._notes_to
        if target is not None:
            target.post_message(SavingNote(note))

    def _listened(self, call: Callable[[], T]) -> T:
        """In the store's thread: ``call`` (one or more transactions) while the store's
        ``status_listener`` (a store that retries, e.g. PostgreSQL reconnecting, says so through it)
        shows its notes on the status line."""
        progress = self.service.progress
        previous = progress.status_listener if progress is not None else None
        if progress is not None:
            progress.status_listener = self._say_from_worker
        try:
            return call()
        finally:
            if progress is not None:
                progress.status_listener = previous

    async def in_store(self, call: Callable[[], T]) -> T:
        """Run ``call`` (anything that reads or writes the store: starting or ending an attempt, a
        flag) in a thread, so a slow or stalled database never freezes the screen: the status line
        says "saving..." if it takes longer than an instant; :attr:`saving` holds off other store
        work meanwhile. Raises what ``call`` raises."""
        self._begin_saving()
        try:
            return await asyncio.to_thread(self._listened, call)
        finally:
            self._saved()

    async def in_store_or_say(self, call: Callable[[], T]) -> tuple[T] | None:
        """:meth:`in_store`, saying on screen why the store refused (``None`` then); ``(result,)``."""
        try:
            return (await self.in_store(call),)
        except AcoError as err:
            self.pane.notify(str(err), severity="error")
            return None

    def _begin_saving(self) -> None:
        run = self.run
        self.saving = True
        self._notes_to = self.pane.query_one("#quiz-status")
        self._status = run_status(run, self.trainee) if run is not None and not run.finished else self._shown_status()
        # "saving..." only when the commit takes long enough to be seen (a quick one costs no frame).
        self._saving_note = self.pane.set_timer(SAVING_SHOWN_AFTER_S, lambda: self.say_saving(""), name="quiz-saving")

    def _shown_status(self) -> str:
        return str(self.pane.query_one("#quiz-status").render())

    def _store(self, run: QuizRun, response: object) -> tuple[Feedback, timedelta | None]:
        """In the saving thread: record the answer (one transaction), then when it comes back for review."""
        feedback = run.submit(response)
        return feedback, self._interval(run.next_review()) if feedback.reveal else None

    async def _save(self, run: QuizRun, response: object) -> None:
        pane = self.pane
        try:
            feedback, interval = await asyncio.to_thread(self._listened, lambda: self._store(run, response))
        except TimeUp:
            self._saved()
            await self._time_up()
            return
        except (AcoError, InvalidAnswer) as err:  # not saved: same question, nothing changed
            self._saved()
            pane.notify(str(err), severity="error")
            return
        except BaseException:
            self._saved()
            raise
        if self.run is not run:
            self._saved()
            return  # the quiz was left for another meanwhile
        with pane.app.batch_update():
            self._saved()
            self._say_run_notices(run)
            self.last_feedback = feedback
            if feedback.reveal:
                self.citations = [e.id for e in feedback.excerpts]
                body = feedback_text(
                    feedback, total=run.total, next_review=interval, tones=theme_tones(pane.app.theme_variables)
                )
                await pane.show(FeedbackPage(body, correct=feedback.correct))
            else:
                pane.notify("Answer recorded.", timeout=2)
                await self.continue_()

    def _saved(self) -> None:
        """The save is over (committed or not): the status line as it was before "saving..."."""
        if self._saving_note is not None:
            self._saving_note.stop()
            self._saving_note = None
        self.saving = False
        if self._said:
            self._said = False
            self.pane.set_status(self._status)

    async def page_done(self, page: QuizPage) -> None:
        """Enter on a page: the report after what was missed, else the next step."""
        if isinstance(page, MissedPage):
            await self.show_report()
        else:
            await self.continue_()

    def next_is_question(self, page: QuizPage) -> bool:
        """Whether Enter on ``page`` shows the next question (which reads nothing from the store)."""
        run = self.run
        return not isinstance(page, MissedPage) and run is not None and self.report is None and not run.finished

    async def continue_(self) -> None:
        """Next question, the summary at the end of a deferred attempt, the report at the end, or
        back to the menu after the report."""
        run = self.run
        if run is None or self.report is not None:
            await self.pane.show_menu()
        elif run.finished and run.navigable and run.status == "in_progress":
            await self.show_summary()
        elif run.finished:
            await self.show_report()
        else:
            await self.show_question()

    # -- moving about a deferred attempt (aco_tui.quiz.navigation) --------------------------------
    def can_navigate(self) -> bool:
        run = self.run
        return run is not None and run.navigable and run.status == "in_progress" and self.report is None

    async def skip(self) -> None:
        """Leave the question shown for later: the next unanswered one, or the summary."""
        if self.can_navigate() and self.run is not None and self.run.current is not None:
            self.run.skip()
            await self.continue_()

    async def go_back(self) -> None:
        """The question before the one shown (from the summary: the last one)."""
        run = self.run
        if self.can_navigate() and run is not None:
            run.go_to(max(1, min(run.position, run.total + 1) - 1))
            await self.continue_()

    async def go_to(self, position: int) -> None:
        """Question ``position`` (1-based); ``total + 1`` is the summary."""
        if self.can_navigate() and self.run is not None:
            self.run.go_to(position)
            await self.continue_()

    async def flag(self) -> None:
        """Flag the question shown for later (again: unflag it); the flag is saved in a thread."""
        run = self.run
        if self.can_navigate() and run is not None and run.current is not None and not self.saving:
            done = await self.in_store_or_say(run.toggle_flag)
            if done is None:
                return
            (flagged,) = done
            self.pane.notify(f"Question {run.position} {'flagged' if flagged else 'no longer flagged'}.", timeout=3)
            self.pane.set_status(run_status(run, self.trainee))

    async def show_summary(self) -> None:
        """Before submitting: every question's state ("2 unanswered, 1 flagged"); pick one to go back."""
        run = self.run
        if run is None:
            return
        if run.current is not None:
            run.go_to(run.total + 1)
        self.citations = []
        self.pane.set_status(f"{run.plan.title} \u00b7 {summary(run).line()}")
        await self.pane.show(SummaryPage(run))

    async def submit_attempt(self) -> None:
        """End the deferred attempt now (from the summary)."""
        run = self.run
        if run is not None and run.status == "in_progress":
            if self.saving or await self.in_store_or_say(run.finish) is None:
                return
        await self.show_report()

    def _say_run_notices(self, run: QuizRun) -> None:
        """What the run could not do but carried on without (a review card not saved...)."""
        for notice in run.notices:
            self.pane.notify(notice, severity="warning")
        run.notices.clear()

    def _interval(self, due: datetime | None) -> timedelta | None:
        """How long until a review card falls due (``None``: no card was saved)."""
        return None if due is None else due - self.service.clock()

    def graded(self, rating: str) -> None:
        """After a right answer, tell the review scheduler it was hard or easy (saved in a worker),
        and say what that did."""
        last, run = self.last_feedback, self.run
        if last is None or not last.correct or run is None or self.saving:
            return
        self.pane.run_worker(self._grade(run, rating), name="quiz-grade", group="quiz-save", exit_on_error=False)

    async def _grade(self, run: QuizRun, rating: str) -> None:
        def store() -> timedelta | None:
            return self._interval(run.rate_last(rating))

        try:
            interval = await asyncio.to_thread(store)
        except AcoError as err:
            self.pane.notify(str(err), severity="error")
            return
        self._say_run_notices(run)
        when = f"next review in {interval_text(interval)}." if interval is not None else "not saved for review."
        self.pane.notify(f"Noted: {rating}; {when}", timeout=4)

    def stop_clock(self) -> None:
        if self.clock is not None:
            self.clock.stop()
            self.clock = None

    async def show_report(self) -> None:
        self.stop_clock()
        self._set_book(None)
        run = self.run
        if self.report is None and run is not None:
            done = await self.in_store_or_say(run.report)  # ends the run first if it is not yet
            if done is None:
                return
            (self.report,) = done
        if self.report is None:
            return
        self.citations = []
        self.pane.set_status(f"{self.report.title} \u00b7 finished")
        graded = self.run is None or self.run.plan.kind == "session"  # practice and review: no pass or fail
        await self.pane.show(ReportPage(self.report, graded=graded))

    async def review_missed(self) -> None:
        if self.report is not None:
            await self.pane.show(MissedPage(self.report, self.content))

    async def retry_missed(self) -> None:
        report = self.report
        if report is None or not report.missed:
            return
        ids = [item.played.id for item in report.missed]
        await self.start(lambda: self.service.start_retry(self.trainee, ids, title=f"Retry: {report.title}"))

    async def stop(self) -> None:
        """Ask: keep going, restart from question 1, or abandon now."""
        from aco_tui.ui.screens.quiz_dialogs import StopQuizScreen

        run = self.run
        if run is None or run.finished:
            return
        if self.saving:
            self.pane.notify("The answer is still being saved; try again in a moment.", severity="warning")
            return

        def chosen(choice: int | None) -> None:
            self.pane.step(self._stop_chosen(run, choice))

        await self.pane.app.push_screen(StopQuizScreen(self.attempt_title), chosen)

    async def _stop_chosen(self, run: QuizRun, choice: int | None) -> None:
        """What :meth:`stop` asked came back: restart, abandon, or (anything else) carry on."""
        from aco_tui.ui.screens.quiz_dialogs import ABANDON, RESTART

        if self.run is not run or run.finished or choice not in (RESTART, ABANDON):
            return
        if await self.in_store_or_say(run.abandon) is None:
            return
        if choice == RESTART:
            await self.start(lambda: self.service.start_again(run))
        else:
            await self.show_report()

    @property
    def attempt_title(self) -> str:
        """``"The quiz 'Title' (3 of 20 answered)"`` while an attempt is under way, else ``""``."""
        run = self.run
        return attempt_label(run) if run is not None and not run.finished else ""

    def abandon_if_running(self) -> None:
        """Record an unfinished run as abandoned (the app calls this when it quits); a session's
        attempt stays open on the server instead, to be resumed."""
        if self.run is not None and self.run.status == "in_progress" and self.run.plan.kind != "session":
            self.run.abandon()
