"""The instrumented ``aco-tui`` start run by ``profile_startup.py`` inside tmux (not run by hand).

It does what ``aco_tui.cli.main.run_app`` does, step by step, with a timestamp around each step and
hooks inside Textual (CSS, driver writes, the footer's keys, focus, layout, quit), and writes the time line
to the JSON file named on the command line when the app has quit. SIGUSR1 from the harness marks
"first paint seen". Environment: ``ACO_BENCH_PROFILE=1`` adds cProfile (launch to first paint,
then q to exit); ``ACO_BENCH_VARIANTS`` applies what-if changes (monkeypatches in this process
only; see VARIANTS) so that their effect can be measured beside the code as it is.

Usage (by the harness)::

    python benchmarks/_startup_child.py OUT.json
"""

from __future__ import annotations

import time

CHILD_START = time.perf_counter()

import functools  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402

VARIANTS = {
    "no-inline": "content parsed by markdown-it without its inline pass (only block tokens are read)",
    "knowledge-cache": "store and content from a warm pickle cache",
    "lockless-state": "saved location read without FileLock (the file is replaced atomically)",
    "lazy-quit": "action_quit imports the quiz pane only if it was ever built",
    "gc-exit": "gc.freeze() after app.run() returns: the interpreter's final collections skip everything",
    "os-exit": "os._exit(0) after app.run() returns (teardown skipped; for attribution only)",
    "gc-off": "garbage collection off for the whole run (for attribution only)",
    "gc-freeze": "gc.freeze() just before app.run()",
}


class Recorder:
    """Spans and events (perf_counter), CPU marks (process_time) and the optional profiler."""

    def __init__(self, out: str, profiling: bool) -> None:
        self.out = out
        self.spans: list[tuple[str, float, float]] = []
        self.events: list[tuple[str, float]] = [("python running our script", CHILD_START)]
        self.cpu: dict[str, float] = {}
        self.profiler = None
        if profiling:
            import cProfile

            self.profiler = cProfile.Profile()
            self.profiler.enable()

    def span(self, label: str, start: float) -> None:
        self.spans.append((label, start, time.perf_counter()))

    def event(self, label: str) -> None:
        if len(self.events) < 120:
            self.events.append((label, time.perf_counter()))

    def wrap(self, owner, name: str, label: str) -> None:
        """Record every call of ``owner.name`` as a span."""
        original = getattr(owner, name)
        span = self.span
        if inspect.iscoroutinefunction(original):
            @functools.wraps(original)
            async def wrapper(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    span(label, start)
        else:
            @functools.wraps(original)
            def wrapper(*args, **kwargs):
                start = time.perf_counter()
                try:
                    return original(*args, **kwargs)
                finally:
                    span(label, start)
        setattr(owner, name, wrapper)

    def first_paint_seen(self, signum, frame) -> None:
        self.event("harness saw the first paint")
        self.cpu["paint"] = time.process_time()
        if self.profiler is not None:
            self.profiler.disable()
            self.profiler.dump_stats(self.out + ".paint.prof")

    def quit_pressed(self) -> None:
        self.event("q pressed: action_quit starts")
        self.cpu["q"] = time.process_time()
        if self.profiler is not None:
            import cProfile

            self.profiler = cProfile.Profile()
            self.profiler.enable()


def load_knowledge_in_steps(rec: Recorder, variants: set[str], cli, args):
    """``load_knowledge(...).require_usable()`` with a span per step (and the knowledge variants)."""
    start = time.perf_counter()
    import aco_tui.knowledge.base as knowledge
    rec.span("import aco_tui.knowledge.base (store, content, citations)", start)
    from aco_tui.cli.parser import knowledge_paths

    paths = knowledge_paths(args)
    if "no-inline" in variants:
        import aco_tui.knowledge.content as content_module

        block_parser = content_module._parser
        content_module._parser = lambda: block_parser().disable("inline")
    cached = None
    if "knowledge-cache" in variants:
        import pickle

        try:
            with open(os.environ["ACO_BENCH_KNOWLEDGE_CACHE"], "rb") as handle:
                cached = pickle.load(handle)
        except OSError:
            cached = None
    start = time.perf_counter()
    store = cached[0] if cached else knowledge.load_store(paths.store)
    rec.span("load_store (store.json via TinyDB)", start)
    start = time.perf_counter()
    content = cached[1] if cached else knowledge.load_content(paths.content)
    rec.span("load_content (markdown-it parse of content/)", start)
    if "knowledge-cache" in variants and not cached:
        import pickle

        with open(os.environ["ACO_BENCH_KNOWLEDGE_CACHE"], "wb") as handle:
            pickle.dump((store, content), handle, protocol=pickle.HIGHEST_PROTOCOL)
    start = time.perf_counter()
    base = knowledge.KnowledgeBase(paths, store, content,
                                   list(content.problems) + knowledge._cross_problems(store, content))
    base.require_usable()
    rec.span("cross-check + require_usable", start)
    return base


def hook_textual(rec: Recorder, app_class) -> None:
    """Spans and events inside Textual: CSS, driver, frames, footer keys, focus, layout, shutdown."""
    from textual.css.stylesheet import Stylesheet
    from textual.drivers.linux_driver import LinuxDriver
    from textual.screen import Screen

    from aco_tui.ui.widgets.key_bar import KeyBar

    rec.wrap(Stylesheet, "read_all", "textual: read app.tcss")
    rec.wrap(Stylesheet, "parse", "textual: parse all CSS")
    rec.wrap(LinuxDriver, "start_application_mode", "textual: driver start")
    rec.wrap(app_class, "get_default_screen", "AcoApp.get_default_screen (load_location, import screens.main)")
    rec.wrap(app_class, "_ready", "textual: app ready (after compose + mount)")
    rec.wrap(LinuxDriver, "disable_input", "textual: driver disable_input (joins the input thread)")
    rec.wrap(LinuxDriver, "stop_application_mode", "textual: driver stop_application_mode")
    rec.wrap(app_class, "_shutdown", "textual: App._shutdown (driver stop, unmount everything)")
    rec.wrap(app_class, "_close_all", "textual: App._close_all (unmount every widget)")
    rec.wrap(Screen, "_refresh_layout", "textual: Screen._refresh_layout")
    write, bindings_changed = LinuxDriver.write, KeyBar._bindings_changed
    watch_focused = Screen._watch_focused

    def hooked_write(self, data: str) -> None:
        if len(data) >= 100:  # frames, not the escape sequences set up at start
            rec.event(f"driver.write {len(data)} chars")
        write(self, data)

    def hooked_bindings_changed(self, screen):
        rec.event("KeyBar: bindings changed")
        return bindings_changed(self, screen)

    def hooked_watch_focused(self):
        rec.event(f"focus -> {type(self.focused).__name__}")
        return watch_focused(self)

    LinuxDriver.write, KeyBar._bindings_changed = hooked_write, hooked_bindings_changed
    Screen._watch_focused = hooked_watch_focused


def apply_app_variants(rec: Recorder, variants: set[str], app_class) -> None:
    """The what-ifs that change the app's own methods (see VARIANTS), then the quit hook."""
    import aco_tui.ui.panes.document as document_pane
    import aco_tui.ui.screens.main as main_screen

    screen = main_screen.MainScreen
    rec.wrap(screen, "on_mount", "MainScreen.on_mount (first pane)")
    if hasattr(screen, "_arrive"):  # the section is rendered after the first refresh
        rec.wrap(screen, "_arrive", "MainScreen._arrive (first section)")
    rec.wrap(screen, "_build_pane", "MainScreen._build_pane")
    rec.wrap(document_pane.DocumentPane, "show_section", "DocumentPane.show_section (Markdown.update)")
    quit_as_now = app_class.action_quit

    async def lazy_quit(self):
        quiz_pane = sys.modules.get("aco_tui.ui.panes.quiz")
        if quiz_pane is not None:
            for pane in self.query(quiz_pane.QuizPane):
                pane.abandon_if_running()
        if self._pending_location is not None:
            self._save_location()
        self.exit(0)

    chosen = lazy_quit if "lazy-quit" in variants else quit_as_now

    async def action_quit(self):
        rec.quit_pressed()
        start = time.perf_counter()
        try:
            await chosen(self)
        finally:
            rec.span("AcoApp.action_quit", start)

    app_class.action_quit = action_quit


def main() -> None:
    out = sys.argv[1]
    variants = set(filter(None, os.environ.get("ACO_BENCH_VARIANTS", "").split(",")))
    if "gc-off" in variants:
        import gc

        gc.disable()
    rec = Recorder(out, os.environ.get("ACO_BENCH_PROFILE") == "1")
    signal.signal(signal.SIGUSR1, rec.first_paint_seen)
    start = time.perf_counter()
    import aco_tui.cli.main as cli
    rec.span("import aco_tui.cli.main (argparse, registrars)", start)
    start = time.perf_counter()
    args = cli.build_parser().parse_args([])
    rec.span("build_parser + parse_args", start)
    base = load_knowledge_in_steps(rec, variants, cli, args)
    from aco_tui.cli.app import terminal_problem

    problem = terminal_problem()
    start = time.perf_counter()
    from aco_tui.ui.app import AcoApp
    rec.span("import aco_tui.ui.app (textual)", start)
    hook_textual(rec, AcoApp)
    start = time.perf_counter()
    app = AcoApp(base)
    rec.span("AcoApp() (UserData)", start)
    start = time.perf_counter()
    apply_app_variants(rec, variants, AcoApp)
    rec.span("(instrumentation: imports screens.main, document_pane early)", start)
    if "gc-freeze" in variants:
        import gc

        gc.freeze()
    start = time.perf_counter()
    app.run()
    rec.span("app.run()", start)
    if "gc-exit" in variants:
        import gc

        gc.freeze()
    if rec.profiler is not None:
        rec.profiler.disable()
        rec.profiler.dump_stats(out + ".quit.prof")
    rec.event("app.run() returned")
    rec.cpu["run returned"] = time.process_time()

    def at_exit() -> None:  # after non-daemon threads are joined, before module teardown
        with open(out + ".exit", "w", encoding="utf-8") as handle:
            handle.write(repr(time.perf_counter()))

    import atexit

    atexit.register(at_exit)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump({"spans": rec.spans, "events": rec.events, "problem": problem, "cpu": rec.cpu}, handle)
    if "os-exit" in variants:
        sys.stdout.flush()
        sys.stderr.flush()
        at_exit()
        os._exit(0)


if __name__ == "__main__":
    main()
