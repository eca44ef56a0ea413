"""The learning path of a pane in the app: read a section, answer its check, on to the next.

The same path as ``aco-tui learn --plain`` (:mod:`aco_tui.quiz.learn`): a pretest (not scored),
each section read then checked with feedback and the verbatim excerpts, a posttest, and below 80%
the missed sections again with a retest. The place is saved after every step; Escape leaves (a
step left half-way starts again next time).

The reading step reads like the reader: Space and PageDown scroll, ``c`` lists the section's
citations, and Enter moves on to the check only at the end of the section (before it, Enter says
how much is left and scrolls on).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from aco_tui.errors import AcoError
from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.topics import topic_label
from aco_tui.quiz.coverage import section_link
from aco_tui.quiz.learn import MASTERY, LearnPath, open_path, pane_sections, save_path
from aco_tui.quiz.run import QuizRun
from aco_tui.quiz.scoring import InvalidAnswer
from aco_tui.quiz.service import QuizService
from aco_tui.ui.messages import LeaveRequested
from aco_tui.ui.panes.quiz_card import QuestionCard
from aco_tui.ui.panes.quiz_kinds import question_card
from aco_tui.ui.panes.quiz_views import feedback_text, theme_tones
from aco_tui.ui.widgets.key_bar import KeyBar
from aco_tui.ui.widgets.markdown_view import MarkdownView

STEP_TITLES = {
    "pretest": "Pretest, not scored: what do you know already?",
    "check": "Check",
    "posttest": "Posttest: different questions on the same sections",
    "retest": "Retest",
}


class LearnPage(VerticalScroll, can_focus=True):
    """A page of the path (a section to read, feedback, a summary) that Enter moves on from.

    With ``read_to_end`` (a section to read), Enter moves on only once the end is in view; before
    that it says how much is left and scrolls a page, as Space does.
    """

    DEFAULT_CSS = """
    LearnPage { height: 1fr; padding: 0 1; }
    LearnPage:focus { border-left: thick $accent; }
    LearnPage > .learn-hint { color: $text-muted; margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "next", "Continue", id="learn.next"),
        Binding("space", "page_down", "Scroll", show=False, id="learn.scroll"),
        # on the page, not the screen: a short answer's input must get its "c"
        Binding(
            "c",
            "screen.citations",
            "Citations",
            id="learn.citations",
            tooltip="List the citations of the section being read",
        ),
    ]

    def __init__(self, *children: Static | MarkdownView, hint: str, read_to_end: bool = False) -> None:
        super().__init__(*children, Static(Text(hint), classes="learn-hint"), classes="learn-page")
        self.read_to_end = read_to_end

    def on_mount(self) -> None:
        self.focus()

    @property
    def lines_left(self) -> int:
        """Lines of the page below the bottom of the view (0 at the end)."""
        return max(0, round(self.max_scroll_y - self.scroll_y))

    def action_next(self) -> None:
        left = self.lines_left if self.read_to_end else 0
        if left:
            self.notify(
                f"{left} more line{'s' if left != 1 else ''} of this section below: read on "
                "(Space or PageDown); Enter at the end moves on to its check.",
                timeout=4,
            )
            self.scroll_page_down(animate=False)
            return
        self.screen.post_message(LearnScreen.Next())


T = TypeVar("T")


class LearnScreen(Screen[None]):
    """One trainee's path through one pane."""

    DEFAULT_CSS = """
    LearnScreen #learn-status { height: 1; padding: 0 1; background: $boost; text-style: bold; }
    LearnScreen #learn-body { height: 1fr; }
    """
    BINDINGS = [Binding("escape", "leave", "Leave (place saved)", id="learn.leave")]

    class Next(Message):
        """The page in view is done with."""

    def __init__(
        self, knowledge: KnowledgeBase, service: QuizService, trainee: str, pane: str, restart: bool = False
    ) -> None:
        super().__init__()
        self.knowledge = knowledge
        self.service = service
        self.trainee = trainee
        self.pane = pane
        self.restart = restart
        self.path: LearnPath | None = None
        self.run: QuizRun | None = None
        self._after_page = self._next_step  # what Enter on the page in view leads to
        self.citations: list[str] = []  # the excerpts the section being read cites (for "c")
        self._stepping = False  # a step (see :meth:`_step`) is under way
        self._store_lock = threading.Lock()  # one store call of this path at a time (see _in_store)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="learn-status")
        yield VerticalScroll(id="learn-body")
        yield KeyBar()

    def _step(self, work: Coroutine[Any, Any, None]) -> None:
        """Take a step of the path (open it, save an answer or the place, move on: each may wait for
        the store) in a worker, one at a time: the screen's message queue stays free meanwhile, so
        Escape leaves even while a stalled database is retried. A step asked for while one is under
        way is dropped (a second Enter)."""
        if self._stepping:
            work.close()
            return
        self._stepping = True

        async def one_step() -> None:
            try:
                await work
            finally:
                self._stepping = False

        self.run_worker(one_step(), name="learn-step", group="learn-step")

    async def _in_store(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a store call (``call(*args, **kwargs)``) in a thread, never on the UI thread, and one
        at a time for this path: leaving abandons the run in a thread of its own, which waits for an
        answer still being saved."""
        lock = self._store_lock

        def locked() -> T:
            with lock:
                return call(*args, **kwargs)

        return await asyncio.to_thread(locked)

    def on_mount(self) -> None:
        self._step(self._open())

    async def _open(self) -> None:
        service, content, trainee, pane = self.service, self.knowledge.content, self.trainee, self.pane
        try:  # reads the trainee's place: off the UI thread, as every store call here
            path, resumed = await self._in_store(
                open_path, service.progress, service.bank, content, trainee, pane, self.restart
            )
        except ValueError as err:
            await self._page(Static(Text(f"There is no learning path here yet: {err}.")), hint="Escape: back")
            return
        except AcoError as err:  # the store could not be read: say so, lose nothing
            await self._page(Static(Text(f"The learning path could not be opened: {err}")), hint="Escape: back")
            return
        self.path = path
        if resumed:
            self.notify(f"Resuming where you stopped: step {path.position + 1} of {len(path.steps)}.")
        await self._show_step()

    # -- pages ---------------------------------------------------------------------------------
    async def _replace(self, widget: Static | LearnPage | QuestionCard) -> None:
        body = self.query_one("#learn-body", VerticalScroll)
        await body.remove_children()
        await body.mount(widget)

    async def _page(self, *children: Static | MarkdownView, hint: str, read_to_end: bool = False) -> None:
        if not read_to_end:
            self.citations = []
        await self._replace(LearnPage(*children, hint=hint, read_to_end=read_to_end))

    def _status(self, detail: str) -> None:
        assert self.path is not None
        step = min(self.path.position + 1, len(self.path.steps))
        self.query_one("#learn-status", Static).update(
            Text(f"Learn {topic_label(self.pane)} \u00b7 step {step} of {len(self.path.steps)} \u00b7 {detail}")
        )

    async def _show_step(self) -> None:
        path = self.path
        assert path is not None
        step = path.current
        if step.kind == "done":
            self._status("done")
            verdict = "mastered" if path.mastered else "not yet mastered"
            await self._page(
                Static(
                    Text(
                        f"The path through {topic_label(self.pane)} is complete: {verdict}.\n\n"
                        f"Mastery: {path.mastery or 0:.0%} of its sections."
                    )
                ),
                hint="Enter or Escape: back to reading",
            )
            self._after_page = self._leave
            return
        if step.kind == "read":
            sections = {section_link(s): s for s in pane_sections(self.knowledge.content, self.pane)}
            section = sections.get(step.section or "")
            number = path.sections.index(step.section) + 1 if step.section in path.sections else 0
            self._status(f"read section {number} of {len(path.sections)}")
            if section is None:
                await self._complete([])
                return
            view = MarkdownView(section.display.blocks)
            self.citations = list(section.display.citations)
            await self._page(
                Static(Text(section.title, style="bold")),
                view,
                read_to_end=True,
                hint="Space: read on \u00b7 c: its citations \u00b7 Enter at the end: on to its check "
                "\u00b7 Escape: leave (place saved)",
            )
            self._after_page = self._read_done
            return
        title = f"Learn {topic_label(self.pane)}: {step.kind}"
        service, trainee = self.service, self.trainee
        try:
            self.run = await self._in_store(
                service.start_questions, trainee, step.questions, "learn", title, record=step.kind != "pretest"
            )
        except AcoError as err:
            self.notify(str(err), severity="error")
            await self._page(Static(Text(f"The check could not start: {err}.")), hint="Escape: back")
            return
        await self._show_question()

    async def _show_question(self) -> None:
        run, path = self.run, self.path
        assert run is not None and path is not None
        played = run.current
        assert played is not None
        self._status(f"{STEP_TITLES.get(path.current.kind, path.current.kind)}")
        await self._replace(question_card(played, f"Q{run.position}/{run.total} [{played.type}]"))

    # -- moving on -----------------------------------------------------------------------------
    @on(Next)
    def _next(self, event: Next) -> None:
        event.stop()
        self._step(self._after_page())

    async def _read_done(self) -> None:
        path = self.path
        assert path is not None
        progress, section = self.service.progress, path.current.section
        if progress is not None and section:
            try:
                await self._in_store(progress.mark_read, self.trainee, section, self.service.clock())
            except AcoError as err:
                self.notify(str(err), severity="error")
        await self._complete([])

    async def _complete(self, results: list[bool]) -> None:
        path = self.path
        assert path is not None
        kind = path.current.kind
        path.complete(results)
        try:
            await self._in_store(save_path, self.service.progress, self.trainee, path, self.service.clock())
        except AcoError as err:
            self.notify(f"{err}. Your place was not saved.", severity="error")
        if kind in ("posttest", "retest") and results:
            score = sum(results) / len(results)
            verdict = (
                f"That meets the standard ({MASTERY:.0%}): {topic_label(self.pane)} mastered."
                if path.mastered
                else f"Below the standard ({MASTERY:.0%}): the sections missed come again, then a retest."
            )
            await self._page(
                Static(Text(f"Score: {sum(results)}/{len(results)} ({score:.0%})\n\n{verdict}")), hint="Enter: continue"
            )
            self._after_page = self._next_step
            return
        await self._show_step()

    async def _next_step(self) -> None:
        await self._show_step()

    @on(QuestionCard.Answered)
    def _answered(self, event: QuestionCard.Answered) -> None:
        event.stop()
        run = self.run
        if run is None or (event.played is not None and event.played is not run.current):
            return  # an Enter on a card being replaced
        self._step(self._submit(run, event.response))  # a second Enter while this one saves is dropped

    async def _submit(self, run: QuizRun, response: object) -> None:
        try:
            feedback = await self._in_store(run.submit, response)  # the transaction: off the UI thread
        except InvalidAnswer as err:
            self.notify(f"Not a complete answer: {err}", severity="warning")
            return
        except AcoError as err:
            self.notify(str(err), severity="error")
            return
        body = feedback_text(feedback, total=run.total, tones=theme_tones(self.app.theme_variables))
        await self._page(Static(body), hint="Enter: continue")
        self._after_page = self._after_feedback

    async def _after_feedback(self) -> None:
        run = self.run
        assert run is not None
        if not run.finished:
            await self._show_question()
            return
        self.run = None
        try:
            report = await self._in_store(run.report)
        except AcoError as err:
            self.notify(str(err), severity="error")
            return
        await self._complete([item.correct for item in report.items])

    @work
    async def action_citations(self) -> None:
        """List the citations of the section being read; Enter opens one (as in the reader)."""
        if not self.citations:
            self.notify("Citations are listed while a section is being read; this page cites none.", severity="warning")
            return
        from aco_tui.ui.screens.citation import pick_citation  # only when asked

        await pick_citation(self.app, self.knowledge, "Citations", self.citations)

    async def _leave(self) -> None:
        self._close()

    def _close(self) -> None:
        if self.app.screen is self:  # a key queued behind the first Escape must not pop the screen beneath
            self.dismiss(None)

    @on(LeaveRequested)
    def _leave_from_card(self, event: LeaveRequested) -> None:
        """Escape on a question card (it asks its screen to leave): as Escape anywhere in the path."""
        event.stop()
        self.action_leave()

    def action_leave(self) -> None:
        """Back to reading at once; a step left half-way is abandoned (in a thread, after an answer
        still being saved) and starts again next time."""
        run, app = self.run, self.app
        if run is not None and not run.finished:

            async def abandon() -> None:
                try:
                    await self._in_store(run.abandon)
                except AcoError as err:
                    app.notify(str(err), severity="error")

            app.run_worker(abandon(), name="learn-abandon", group="learn-abandon")
        self._close()
