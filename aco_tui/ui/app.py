"""The Textual app: wiring, palette and user data. Screens do the rest."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.actions import ActionParseResult
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen

from aco_tui.env import login_name
from aco_tui.errors import AcoError, UserDataError
from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.navigation import Place
from aco_tui.storage import open_progress
from aco_tui.ui import startup_gc
from aco_tui.ui.closed_book import ClosedBookGate
from aco_tui.ui.commands import APP_COMMANDS, bindings
from aco_tui.ui.messages import DataNoticesPending, LearnRequested, LocationChanged, ProgressRequested, request_for
from aco_tui.ui.palette import AppCommands, KnowledgeCommands
from aco_tui.ui.quiet_driver import QuietInputApp
from aco_tui.ui.screens.dialog import GuardedCommandPalette
from aco_tui.ui.screens.main import MainScreen

if TYPE_CHECKING:
    from aco_tui.search.engine import SearchIndex

if TYPE_CHECKING:
    from aco_tui.quiz.model import Bank
    from aco_tui.quiz.service import QuizService
    from aco_tui.quiz.start import QuizStart
    from aco_tui.storage.progress import ProgressStore
    from aco_tui.ui.panes.quiz import QuizPane
    from aco_tui.ui.screens.live import LiveRequested

LOCAL_PROFILE = "local"
STARTUP_SETTLE_S = 0.5


class AcoApp(QuietInputApp[int]):
    """ACO explainer: panes, citations, glossary and quiz."""

    TITLE = "ACO explainer"
    SUB_TITLE = "Accountable Care Organisations in the English NHS"
    CSS_PATH = ["app.tcss", "reader.tcss"]
    COMMANDS = App.COMMANDS | {AppCommands, KnowledgeCommands}
    BINDINGS = bindings(APP_COMMANDS)  # declared with their Footer text, help and palette entry
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        knowledge: KnowledgeBase,
        *,
        data_dir: str | os.PathLike[str] | None = None,
        database: str | None = None,
        trainee: str | None = None,
        quiz: QuizStart | None = None,
        quiz_session: str | None = None,
        ssh_mode: bool = False,
        learn_pane: str | None = None,
        session_files: tuple[Path, ...] | None = None,
        live: str | None = None,
        bank: Bank | None = None,
        search_index: SearchIndex | None = None,
    ) -> None:
        """``quiz`` opens the app on the Quiz pane (``aco-tui quiz``); ``quiz_session`` is short for
        ``quiz=QuizStart(session=...)``; ``learn_pane`` opens the learning path of that pane.
        ``bank`` and ``search_index``, when given, were loaded from the files ``knowledge`` was (by
        the SSH session host, once for every session) and are used instead of reading them again."""
        super().__init__()
        self.knowledge = knowledge
        self.data_dir = data_dir
        self.database = database  # a PostgreSQL URL (None: ACO_TUI_DATABASE, else SQLite in data_dir)
        self.progress: ProgressStore | None = None  # opened with the first screen; None: nothing is saved
        self.trainee = trainee
        if quiz is None and quiz_session:
            from aco_tui.quiz.start import QuizStart  # start-up budget: only when a quiz opens first

            quiz = QuizStart(session=quiz_session)
        self.quiz = quiz
        self.live = live  # a live room's code: its screen opens over the first one (``quiz --live``)
        self.learn_pane = learn_pane
        self.session_files = session_files  # the trainer's session files (None: DATA/sessions.toml)
        self.closed_book = ClosedBookGate()  # shut while a closed-book attempt is open
        self._quiz_service: QuizService | None = None
        self._bank = bank
        self.ssh_mode = ssh_mode
        self._pending_location: Place | None = None
        self._saved_location: Place | None = None
        self._search_index: SearchIndex | None = search_index

    @property
    def profile(self) -> str:
        return self.trainee or LOCAL_PROFILE

    @property
    def quiz_available(self) -> bool:
        return (Path(self.knowledge.paths.content) / "quiz").is_dir()

    def build_quiz_pane(self, *, id: str) -> QuizPane:
        """The Quiz pane, with a quiz service on this app's user data (one data object, one place
        that shows its notices)."""
        from aco_tui.ui.panes.quiz import QuizPane

        trainee = self.trainee or login_name()
        try:
            service = self.quiz_service()
        except AcoError as err:  # a broken question bank costs the quiz, not the rest of the app
            return QuizPane(None, trainee=trainee, problem=str(err), id=id)
        return QuizPane(service, trainee=trainee, start=self.quiz, content=self.knowledge.content, id=id)

    def get_default_screen(self) -> Screen[Any]:
        start = None
        try:
            self.progress = open_progress(self.data_dir, self.database)
            start = self._saved_location = self.progress.load_place(self.profile)
        except UserDataError as err:
            self.call_later(self.notify, f"{err}. Nothing will be saved this time.", severity="error", timeout=15)
        if self.quiz is not None:
            start = Place("quiz")
        return MainScreen(self.knowledge, start, quiz_pane=self.build_quiz_pane if self.quiz_available else None)

    def on_mount(self) -> None:
        self.show_data_notices()

    def show_data_notices(self, notify: Callable[..., object] | None = None) -> None:
        """Say what the user data has to say (a damaged file moved aside...), once: the one place
        its notices are shown. ``notify`` replaces :meth:`notify` (from a thread)."""
        if self.progress is None:
            return
        say = notify or self.notify
        notices, self.progress.notices[:] = list(self.progress.notices), []
        for notice in notices:
            say(notice, severity="warning", timeout=10)

    @on(DataNoticesPending)
    def _data_notices_pending(self, event: DataNoticesPending) -> None:
        event.stop()
        self.show_data_notices()

    @property
    def trainee_name(self) -> str:
        """Who answers: the SSH user, ``--name``, else the login name."""
        return self.trainee or login_name()

    def quiz_service(self) -> QuizService:
        """The one quiz service (bank, excerpts, this app's progress store) that the Quiz pane, the
        learning path and the progress view share; built on first use.

        Raises:
            AcoError: the question bank is unusable.
        """
        if self._quiz_service is None:
            # The quiz core (and fsrs) load on first use, not at start-up: about 30 ms of first paint.
            from aco_tui.quiz.service import QuizService
            from aco_tui.quiz.session_files import trainer_session_files, with_trainer_sessions
            from aco_tui.storage.data_dir import resolve_data_dir

            files = self.session_files
            if files is None:
                files = tuple(trainer_session_files(resolve_data_dir(self.data_dir)))
            store, progress = self.knowledge.store, self.progress
            if self._bank is not None:  # the host's: the trainer's sessions are merged into a copy
                self._quiz_service = QuizService(with_trainer_sessions(self._bank, files), store, progress)
            else:
                quiz_dir = Path(self.knowledge.paths.content) / "quiz"
                self._quiz_service = QuizService.open(quiz_dir, store, progress, session_files=files)
        return self._quiz_service

    def on_live_requested(self, event: LiveRequested) -> None:
        """ "Join a live session" on the Quiz pane (by name: the live screen loads only when asked)."""
        event.stop()
        self.open_live(event.code)

    def open_live(self, code: str) -> None:
        """Join the live room ``code`` (issue 25): its screen over the current one."""
        from aco_tui.quiz.live_seat import LiveSeat
        from aco_tui.ui.screens.live import LiveScreen

        try:
            service = self.quiz_service()
        except AcoError as err:
            self.notify(f"A live session needs the question bank: {err}", severity="error")
            return
        progress = service.progress
        if progress is None:
            self.notify("A live session needs the progress database, which could not be opened.", severity="error")
            return
        trainee = self.trainee_name
        self.push_screen(
            LiveScreen(
                lambda: LiveSeat.join(
                    progress,  # type: ignore[arg-type]
                    service.bank,
                    code,
                    trainee,
                    service.store,
                )
            )
        )

    @on(LearnRequested)
    def _open_learning(self, event: LearnRequested) -> None:
        from aco_tui.ui.screens.learn import LearnScreen

        try:
            service = self.quiz_service()
        except AcoError as err:
            self.notify(f"The learning path needs the question bank: {err}", severity="error")
            return
        self.push_screen(LearnScreen(self.knowledge, service, self.trainee_name, event.pane, event.restart))

    @on(ProgressRequested)
    def _open_progress(self, event: ProgressRequested) -> None:
        try:
            service = self.quiz_service()
        except AcoError as err:
            self.notify(f"Progress needs the question bank: {err}", severity="error")
            return
        if service.progress is None:
            self.notify("Nothing is saved this time, so there is no progress to show.", severity="warning")
            return
        self.run_worker(self._show_progress(service), name="progress", group="progress", exclusive=True)

    async def _show_progress(self, service: QuizService) -> None:
        """Build the progress report in a thread (it reads the store, and closes attempts past their
        deadline first), then show it."""
        from aco_tui.quiz.plan import utc_now
        from aco_tui.quiz.progress_report import progress_report
        from aco_tui.ui.screens.progress import ProgressScreen

        trainee, content, store = self.trainee_name, self.knowledge.content, service.progress
        if store is None:
            return
        try:
            report = await asyncio.to_thread(progress_report, trainee, service.bank, content, store, utc_now())
        except AcoError as err:
            self.notify(str(err), severity="error")
            return
        self.push_screen(ProgressScreen(report))

    def on_ready(self) -> None:
        """The first frame is on screen: once the start section and Footer have followed, let the
        garbage collector run again (``aco-tui`` pauses it while starting, see startup_gc)."""
        if self.learn_pane:
            self.post_message(LearnRequested(self.learn_pane))
        if self.live:
            self.open_live(self.live)
        if startup_gc.paused():
            self.set_timer(STARTUP_SETTLE_S, startup_gc.resume, name="resume garbage collection")

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        """Every action a key or the palette runs: refused, with one line saying why, while a
        closed-book attempt is open (:mod:`aco_tui.ui.closed_book`)."""
        refusal = self.closed_book.refusal(action)
        if refusal is not None:
            self.notify(refusal, severity="warning", timeout=6)
            return True
        return await super().run_action(action, default_namespace, namespaces)

    def action_command_palette(self) -> None:
        """Open the palette (guarded against a double dismiss, see screens/dialog.py)."""
        # is_open is typed for App[object], and App is invariant in its return type (ours returns int).
        if self.use_command_palette and not GuardedCommandPalette.is_open(cast("App[object]", self)):
            self.push_screen(GuardedCommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # The screenshot command writes files on the host; never offer it. Textual's "Keys" panel
        # squeezed the tab bar and would not close on Escape: "Help: keys" (? ) shows every key.
        for command in super().get_system_commands(screen):
            if command.title not in ("Screenshot", "Keys"):
                yield command

    # -- SSH mode (aco-tui serve): nothing that reaches the host beyond the data directory -----------

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Never start a browser on the host in SSH mode (Textual would run it on the server)."""
        if self.ssh_mode:
            self.notify(f"Open this address on your own computer: {url}", title="Link", timeout=15)
            return
        super().open_url(url, new_tab=new_tab)

    def action_suspend_process(self) -> None:
        if not self.ssh_mode:
            super().action_suspend_process()

    @contextmanager
    def suspend(self) -> Iterator[None]:
        """No suspending to a shell or an external editor over SSH."""
        if self.ssh_mode:
            raise SuspendNotSupported("not available over SSH")
        with super().suspend():
            yield

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        return None if self.ssh_mode else super().deliver_screenshot(filename, path, time_format)

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        if self.ssh_mode:
            raise PermissionError("screenshots are not saved on the server in SSH mode")
        return super().save_screenshot(filename, path, time_format)

    def deliver_text(self, *args: Any, **kwargs: Any) -> str | None:
        return None if self.ssh_mode else super().deliver_text(*args, **kwargs)

    def deliver_binary(self, *args: Any, **kwargs: Any) -> str | None:
        return None if self.ssh_mode else super().deliver_binary(*args, **kwargs)

    # -- navigation: requests for the main screen, which owns it -------------------------------------

    def navigate(self, request: Message) -> None:
        """Hand a navigation request (:mod:`aco_tui.ui.messages`) to the main screen, at the bottom of
        the screen stack whatever dialogs are open over it."""
        self.screen_stack[0].post_message(request)

    # -- search ----------------------------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """The lookup index (from its cache when up to date); built once, used by search and palette."""
        if self._search_index is None:
            # Start-up budget: the search engine loads on the first search or palette query, not before.
            from aco_tui.search import build_index, load_index

            try:
                self._search_index = load_index(self.knowledge.paths)
            except Exception:  # e.g. a cache directory we cannot use: index what is loaded
                self._search_index = build_index(self.knowledge.store, self.knowledge.content)
        return self._search_index

    @work
    async def action_search(self) -> None:
        """Open the search screen and go to the chosen result."""
        from aco_tui.ui.screens.search import SearchScreen  # start-up budget: dialogs load when first opened

        hit = await self.push_screen_wait(SearchScreen(self.search_index))
        if hit is not None:
            self.navigate(request_for(hit))

    # -- remembering where the reader was --------------------------------------------------------

    @on(LocationChanged)
    def _location_changed(self, event: LocationChanged) -> None:
        event.stop()
        self.remember(event.location)

    def remember(self, location: Place) -> None:
        """Save the location shortly (debounced), off the UI thread; nothing to do if it is saved."""
        if location == self._saved_location:
            self._pending_location = None
            return
        self._pending_location = location
        self.set_timer(0.5, self._flush_location)

    def _flush_location(self) -> None:
        if self._pending_location is not None:
            self.run_worker(self._save_location, thread=True, exclusive=True, group="ui-state")

    def _save_location(self, *, in_thread: bool = True) -> None:
        location, self._pending_location = self._pending_location, None
        if location is None:
            return
        notify = partial(self.call_from_thread, self.notify) if in_thread else self.notify
        if self.progress is None:
            return
        try:
            self.progress.save_place(self.profile, location)
            self._saved_location = location
        except UserDataError as err:
            notify(str(err), severity="error")
        self.show_data_notices(notify)

    def _quiz_panes(self) -> list[QuizPane]:
        from aco_tui.ui.panes.quiz import QuizPane  # start-up budget: the quiz pane loads with its tab

        return [pane for screen in self.screen_stack for pane in screen.query(QuizPane)]

    async def action_quit(self) -> None:
        """Quit, saving where the reader was; while a quiz attempt is under way, ask first (q again
        quits): a session's attempt stays open to be resumed, a practice or review run is abandoned."""
        from aco_tui.ui.screens.quiz_dialogs import QUIT, QuitQuizScreen

        running = [pane.attempt_title for pane in self._quiz_panes() if pane.attempt_title]
        if running and not isinstance(self.screen, QuitQuizScreen):

            async def chosen(choice: int | None) -> None:
                if choice == QUIT:
                    await self._quit()

            await self.push_screen(QuitQuizScreen(running[0]), chosen)
            return
        await self._quit()

    async def _quit(self) -> None:
        for pane in self._quiz_panes():
            pane.abandon_if_running()
        main = self.screen_stack[0] if self.screen_stack else None
        if isinstance(main, MainScreen) and main.started:  # its last LocationChanged may still be on its way
            self.remember(main.location)
        if self._pending_location is not None:
            self._save_location(in_thread=False)
        self.exit(0)
