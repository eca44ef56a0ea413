"""The Textual app: wiring, palette and user data. Screens do the rest."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from textual import on, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from aco_tui.env import login_name
from aco_tui.errors import AcoError
from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.storage.ui_state import Location, load_location, save_location
from aco_tui.storage.userdata import UserData, UserDataError, resolve_data_dir
from aco_tui.ui.messages import DataNoticesPending
from aco_tui.ui.palette import KnowledgeCommands
from aco_tui.ui.panes.quiz_start import QuizStart

LOCAL_PROFILE = "local"
STARTUP_SETTLE_S = 0.5


class AcoApp(App[int]):
    """ACO explainer: panes, citations, glossary and quiz."""

    TITLE = "ACO explainer"
    SUB_TITLE = "Accountable Care Organisations in the English NHS"
    CSS_PATH = "app.tcss"
    COMMANDS = App.COMMANDS | {KnowledgeCommands}
    BINDINGS = [
        Binding("slash", "search", "Search", id="app.search"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit_ctrl"),
    ]
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, knowledge: KnowledgeBase, *, data_dir: str | os.PathLike[str] | None = None,
                 trainee: str | None = None, quiz: QuizStart | None = None, quiz_session: str | None = None,
                 ssh_mode: bool = False) -> None:
        """``quiz`` opens the app on the Quiz pane (``aco-tui quiz``); ``quiz_session`` is short for
        ``quiz=QuizStart(session=...)``."""
        super().__init__()
        self.knowledge = knowledge
        self.user_data = UserData(resolve_data_dir(data_dir))
        self.trainee = trainee
        self.quiz = quiz or (QuizStart(session=quiz_session) if quiz_session else None)
        self.ssh_mode = ssh_mode
        self._pending_location: Location | None = None
        self._saved_location: Location | None = None
        self._search_index = None

    @property
    def profile(self) -> str:
        return self.trainee or LOCAL_PROFILE

    @property
    def quiz_available(self) -> bool:
        return (Path(self.knowledge.paths.content) / "quiz").is_dir()

    def build_quiz_pane(self, *, id: str):
        """The Quiz pane, with a quiz service on this app's user data (one data object, one place
        that shows its notices)."""
        from aco_tui.quiz.bank_cache import load_bank_cached
        from aco_tui.quiz.service import QuizService
        from aco_tui.ui.panes.quiz import QuizPane

        trainee = self.trainee or login_name()
        try:
            bank = load_bank_cached(Path(self.knowledge.paths.content) / "quiz")
        except AcoError as err:  # a broken question bank costs the quiz, not the rest of the app
            return QuizPane(None, trainee=trainee, problem=str(err), id=id)
        service = QuizService(bank, self.knowledge.store, self.user_data)
        return QuizPane(service, trainee=trainee, start=self.quiz, content=self.knowledge.content, id=id)

    def get_default_screen(self) -> Screen:
        from aco_tui.ui.screens.main import MainScreen

        start = None
        try:
            start = self._saved_location = load_location(self.user_data, self.profile)
        except UserDataError as err:
            self.call_later(self.notify, str(err), severity="error")
        if self.quiz is not None:
            start = Location("quiz")
        return MainScreen(self.knowledge, start, quiz_available=self.quiz_available)

    def on_mount(self) -> None:
        self.show_data_notices()

    def show_data_notices(self, notify: Callable[..., object] | None = None) -> None:
        """Say what the user data has to say (a damaged file moved aside...), once: the one place
        its notices are shown. ``notify`` replaces :meth:`notify` (from a thread)."""
        say = notify or self.notify
        notices, self.user_data.notices[:] = list(self.user_data.notices), []
        for notice in notices:
            say(notice, severity="warning", timeout=10)

    @on(DataNoticesPending)
    def _data_notices_pending(self, event: DataNoticesPending) -> None:
        event.stop()
        self.show_data_notices()

    def on_ready(self) -> None:
        """The first frame is on screen: once the start section and Footer have followed, let the
        garbage collector run again (``aco-tui`` pauses it while starting, see startup_gc)."""
        from aco_tui.ui import startup_gc

        if startup_gc.paused():
            self.set_timer(STARTUP_SETTLE_S, startup_gc.resume, name="resume garbage collection")

    def action_command_palette(self) -> None:
        """Open the palette (guarded against a double dismiss, see screens/dialog.py)."""
        from aco_tui.ui.screens.dialog import GuardedCommandPalette

        if self.use_command_palette and not GuardedCommandPalette.is_open(self):
            self.push_screen(GuardedCommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # The screenshot command writes files on the host; never offer it.
        for command in super().get_system_commands(screen):
            if command.title != "Screenshot":
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

    def deliver_screenshot(self, filename=None, path=None, time_format=None) -> str | None:
        return None if self.ssh_mode else super().deliver_screenshot(filename, path, time_format)

    def save_screenshot(self, filename=None, path=None, time_format=None) -> str:
        if self.ssh_mode:
            raise PermissionError("screenshots are not saved on the server in SSH mode")
        return super().save_screenshot(filename, path, time_format)

    def deliver_text(self, *args, **kwargs) -> str | None:
        return None if self.ssh_mode else super().deliver_text(*args, **kwargs)

    def deliver_binary(self, *args, **kwargs) -> str | None:
        return None if self.ssh_mode else super().deliver_binary(*args, **kwargs)

    # -- navigation used by the palette and the search screen --------------------------------------

    async def jump_to(self, location: Location) -> None:
        from aco_tui.ui.screens.main import MainScreen

        while not isinstance(self.screen, MainScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        await self.screen.go_to(location)

    def show_term(self, term_id: str) -> None:
        from aco_tui.ui.screens.main import MainScreen

        main = next(s for s in self.screen_stack if isinstance(s, MainScreen))
        main.open_term(term_id)

    def show_excerpt(self, excerpt_id: str) -> None:
        from aco_tui.ui.screens.citation import CitationScreen

        self.push_screen(CitationScreen(self.knowledge, [excerpt_id]))

    # -- search ----------------------------------------------------------------------------------

    def search_index(self):
        """The lookup index (from its cache when up to date); built once, used by search and palette."""
        if self._search_index is None:
            from aco_tui.search import build_index, load_index

            try:
                self._search_index = load_index(self.knowledge.paths)
            except Exception:  # e.g. a cache directory we cannot use: index what is loaded
                self._search_index = build_index(self.knowledge.store, self.knowledge.content)
        return self._search_index

    @work
    async def action_search(self) -> None:
        """Open the search screen and go to the chosen result."""
        from aco_tui.ui.screens.search import SearchScreen

        hit = await self.push_screen_wait(SearchScreen(self.search_index))
        if hit is not None:
            await self.open_hit(hit)

    async def open_hit(self, hit) -> None:
        """Open a search hit where it lives: a pane's heading, a glossary entry or an excerpt."""
        where = hit.location
        if where[0] == "section":
            await self.jump_to(Location(where[1], where[2]))
        elif where[0] == "term":
            self.show_term(where[1])
        else:
            self.show_excerpt(where[1])

    # -- remembering where the reader was --------------------------------------------------------

    def remember(self, location: Location) -> None:
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
        try:
            save_location(self.user_data, self.profile, location)
            self._saved_location = location
        except UserDataError as err:
            notify(str(err), severity="error")
        self.show_data_notices(notify)

    def _quiz_panes(self) -> list:
        from aco_tui.ui.panes.quiz import QuizPane

        return [pane for screen in self.screen_stack for pane in screen.query(QuizPane)]

    async def action_quit(self) -> None:
        """Quit, saving where the reader was; while a quiz attempt is under way, ask first (q again
        quits) and record it as abandoned."""
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
        if self._pending_location is not None:
            self._save_location(in_thread=False)
        self.exit(0)
