"""``aco-tui trainer``: the trainer's live dashboard of one session.

The app knows nothing of databases: it is given ``load(session) -> CohortReport`` and calls it
every ``interval`` seconds in a worker thread, so input never waits for a query; a refresh whose
figures did not change redraws nothing but the clock. What is shown is the
:class:`~aco_tui.ui.trainer.dashboard.Dashboard` screen's business. No ranks, no speed points.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from textual.binding import Binding
from textual.screen import Screen

from aco_tui.errors import AcoError
from aco_tui.quiz.cohort import CohortReport
from aco_tui.quiz.model import Question
from aco_tui.ui.quiet_driver import QuietInputApp
from aco_tui.ui.trainer.dashboard import Dashboard
from aco_tui.ui.trainer.screens import SessionPicker, StartChoice

Value = TypeVar("Value")

REFRESH_S = 2.0
EXPLAINER = "explainer"

Loader = Callable[[str], CohortReport]


class TrainerApp(QuietInputApp[str]):
    """The dashboard. Returns ``"explainer"`` when a trainer chose the explainer at the start."""

    TITLE = "ACO trainer console"
    # The explainer's stylesheet gives the footer and dialogs the same look; trainer.tcss the layout.
    CSS_PATH = [Path(__file__).parent.parent / "app.tcss", "trainer.tcss"]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        load: Loader,
        session: str,
        *,
        sessions: Sequence[tuple[str, str]] = (),
        questions: Mapping[str, Question] | None = None,
        excerpt: Callable[[str], str | None] = lambda ident: None,
        interval: float = REFRESH_S,
        choose: bool = False,
    ) -> None:
        super().__init__()
        self.load = load
        self.session = session
        self.sessions = list(sessions)
        self.questions = dict(questions or {})
        self.excerpt = excerpt
        self.interval = interval
        self.choose = choose
        self.loading = False
        self.loads = 0  # refreshes completed (tests and the benchmark wait on it)

    def get_default_screen(self) -> Screen[None]:
        return Dashboard(self.interval, self.questions, self.excerpt, id="dashboard")

    @property
    def dashboard(self) -> Dashboard:
        """The dashboard screen (at the bottom of the stack, under any drill-down)."""
        return next(s for s in self.screen_stack if isinstance(s, Dashboard))

    def on_mount(self) -> None:
        if self.choose:
            self.push_screen(StartChoice(), self._chosen)

    def start_refreshing(self) -> None:
        """Load now and every ``interval`` seconds (called once the dashboard is mounted)."""
        self.reload()
        self.set_interval(self.interval, self.reload, name="refresh")

    def _chosen(self, choice: str | None) -> None:
        if choice == EXPLAINER:
            self.exit(EXPLAINER)

    def reload(self) -> None:
        """Fetch the figures again (in a thread; skipped while a fetch is under way)."""
        if self.loading:
            return
        self.loading = True
        self.run_worker(self._load_in_thread, thread=True, group="load")

    def _load_in_thread(self) -> None:
        session = self.session
        try:
            report = self.load(session)
        except (AcoError, OSError) as err:
            self._hand_over(self._failed, str(err))
        else:
            self._hand_over(self._loaded, report)

    def _hand_over(self, callback: Callable[[Value], None], value: Value) -> None:
        try:
            self.call_from_thread(callback, value)
        except RuntimeError:  # the app closed while this thread was loading: nobody to show it to
            pass

    def _failed(self, message: str) -> None:
        self.loading = False
        self.notify(f"Could not refresh: {message}", severity="error", timeout=6)

    def _loaded(self, report: CohortReport) -> None:
        self.loading = False
        self.loads += 1
        if report.session == self.session:  # else the trainer switched sessions while it loaded
            self.dashboard.show(report)

    def choose_session(self) -> None:
        """Ask which session to show."""
        if self.sessions:
            self.push_screen(SessionPicker(self.sessions, self.session), self._switch)

    def _switch(self, session: str | None) -> None:
        if session and session != self.session:
            self.session = session
            self.dashboard.clear()
            self.loading = False
            self.reload()
