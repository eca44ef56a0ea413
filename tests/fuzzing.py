"""A seeded key fuzzer for the explainer app, driven through Textual's Pilot.

Used by ``tests/ui/test_fuzz_keys.py`` (a short run) and ``benchmarks/fuzz_keys.py`` (2,000+ keys).
The run is split into episodes; each starts from a *scene* (a pane, the quiz, a modal, the
palette, the search screen) reached with the keys a user would press, then sends
random keys and pastes. Keys are posted the way the terminal driver posts them, without waiting
for the app to go idle between them, so fast typing races the app's workers as a user would.

``q`` and ``ctrl+q`` are in the key set, but while fuzzing the app's quit action only counts the
request (the run must go on); :func:`check_still_responds` restores it and quits for real.

Every action is logged as a token (a key name, ``paste#N``, ``resize:WxH``, ``focus:SELECTOR``,
``expire:quiz`` (the quiz's time limit passes), ``<home>``, ``<scene NAME>``); :func:`replay` plays
such a log again, so a failure can be cut down to the few actions that matter.

The quiz scenes (:data:`QUIZ_SCENES`) each start the random keys from one state of the Quiz pane:
a question, the feedback on an answer, the end report, the report of a timed attempt that ran out.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from dataclasses import dataclass, field

from helpers import settle
from textual import events
from textual.keys import key_to_character
from textual.worker import WorkerFailed

LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]
DIGITS = [str(d) for d in range(10)]
NAVIGATION = [
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "tab",
    "shift+tab",
    "shift+up",
    "shift+down",
    "alt+left",
    "alt+right",
]
EDITING = ["enter", "escape", "space", "backspace", "delete"]
PUNCTUATION = [
    "slash",
    "question_mark",
    "left_square_bracket",
    "right_square_bracket",
    "full_stop",
    "comma",
    "colon",
    "quotation_mark",
    "apostrophe",
    "minus",
    "underscore",
    "at",
    "number_sign",
    "asterisk",
]
CONTROL = [f"ctrl+{c}" for c in "abcdefghijklmnopqrstuvwxyz"] + ["f1", "f2", "f5", "f10", "insert"]
UPPER = [c.upper() for c in "abcdefghijklmnopqrstuvwxyz"]
CATEGORIES = [  # (weight, keys)
    (26, LETTERS),
    (18, DIGITS),
    (22, NAVIGATION),
    (16, EDITING),
    (8, PUNCTUATION),
    (6, CONTROL),
    (4, UPPER),
]
PASTES = [
    "[bold red]x[/]",
    "[link=file:///etc/passwd]click[/link]",
    "\x1b[31mred\x1b[0m\x1b[2J",
    "q",
    "1",
    "a" * 300,
    "\u202eevil\u202c \u200b",
    "\U0001f3e5 \u533b\u7597 caf\u00e9",
    "line one\nline two\r\nthree",
    "\x00\x07\x08\x7f",
    "*emphasis* `code` # heading",
    "$(rm -rf /) `id` ; | &&",
    '"unclosed phrase',
    "source: topic:banana kind:",
    "[@fake-id] [term](term:nope)",
    " " * 50,
    "",
]
SIZES = [(40, 12), (80, 24), (120, 40), (250, 80)]
IDLE_EVERY = 25  # keys between waits for the app to go idle (lets workers and timers finish)


class FuzzFailure(AssertionError):
    """The app crashed or stopped during a fuzz run; the message carries the seed and recent actions."""


@dataclass
class FuzzResult:
    """What a run did and saw; ``actions`` is the whole replayable log."""

    seed: int
    keys: int = 0
    pastes: int = 0
    resizes: int = 0
    quit_requests: int = 0
    scenes: Counter = field(default_factory=Counter)
    screens: Counter = field(default_factory=Counter)
    panes: set = field(default_factory=set)
    quiz_cards: int = 0
    quiz_states: Counter = field(default_factory=Counter)
    opened_urls: list = field(default_factory=list)
    actions: list = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"seed {self.seed}: {self.keys} keys, {self.pastes} pastes, {self.resizes} resizes, "
            f"{self.quit_requests} quit requests, {self.quiz_cards} quiz cards; quiz states "
            f"{dict(self.quiz_states)}; screens {dict(self.screens)}; "
            f"panes {sorted(self.panes)}"
        )

    def since_last_home(self) -> str:
        """The actions of the episode that was running (from the last ``<home>``), as a replay log."""
        start = max((i for i, a in enumerate(self.actions) if a == "<home>"), default=0)
        return " ".join(self.actions[start:])


def choose_key(rng: random.Random) -> str:
    """One random key name, weighted by category."""
    keys = rng.choices([k for _, k in CATEGORIES], weights=[w for w, _ in CATEGORIES])[0]
    return rng.choice(keys)


def check_alive(app, result: FuzzResult) -> None:
    """Raise :class:`FuzzFailure` if the app has crashed or exited."""
    error = getattr(app, "_exception", None)
    if error is not None or not app.is_running:
        raise FuzzFailure(
            f"app {'raised ' + repr(error) if error else 'stopped'} after {result.keys} keys "
            f"({result.summary()}); replay: {result.since_last_home()}"
        )


# -- actions -----------------------------------------------------------------------------------------


async def drain(pilot) -> None:
    """Let the screen process what is queued (cheaper than waiting for the CPU to go idle). Not a wait
    for a condition: the fuzzer checks that the app is alive after every action instead."""
    for _ in range(3):
        await pilot.pause(0)
    await asyncio.sleep(0.002)


STORE_WORK = ("quiz-save", "quiz-step", "learn-step")  # the workers that wait for the store


async def saves_done(pilot, seconds: float = 30.0) -> None:
    """Let what waits for the store finish: an answer being saved, a quiz or learning-path step
    (workers; a loaded disk can take seconds), as a trainee waits for the screen to answer."""
    from textual.worker import WorkerState

    for _ in range(int(seconds / 0.05)):
        if not any(
            w.group in STORE_WORK and w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers
        ):
            return
        await pilot.pause(0.05)


async def send_key(pilot, key: str, result: FuzzResult, *, log: bool = True) -> None:
    """Post one key as the driver would, and let the screen handle it (no idle wait)."""
    app = pilot.app
    event = events.Key(key, key if len(key) == 1 else key_to_character(key))
    event.set_sender(app)
    if log:
        result.actions.append(key)
    result.keys += 1
    app._driver.send_message(event)
    await pilot.pause(0)


async def send_paste(pilot, index: int, result: FuzzResult) -> None:
    """A bracketed paste of ``PASTES[index]``, as the driver posts it."""
    result.actions.append(f"paste#{index}")
    result.pastes += 1
    pilot.app.post_message(events.Paste(PASTES[index]))
    await pilot.pause(0)


async def resize(pilot, size: tuple[int, int], result: FuzzResult) -> None:
    result.actions.append(f"resize:{size[0]}x{size[1]}")
    result.resizes += 1
    await pilot.resize_terminal(*size)


async def focus(pilot, selector: str, result: FuzzResult) -> None:
    """Focus the first widget matching ``selector`` on the screen in front (as a click would)."""
    result.actions.append(f"focus:{selector}")
    found = pilot.app.screen.query(selector)
    if found:
        found.first().focus()
        await drain(pilot)


async def expire_quiz(pilot, result: FuzzResult) -> None:
    """Let the time limit of the timed attempt in the Quiz pane pass, and its clock tick."""
    from datetime import timedelta

    result.actions.append("expire:quiz")
    timed = []
    for pane in pilot.app.screen.query("QuizPane"):
        run = pane.run
        if run is not None and run.deadline is not None:
            late = run.deadline + timedelta(seconds=1)
            run.clock = lambda late=late: late
            timed.append(run)
    # The clock ticks every second: wait for it to end the runs (not a test's wait: the fuzzer
    # checks the app is alive after every action, so a run that never ends is left to that check).
    deadline = asyncio.get_running_loop().time() + 5
    while timed and not all(run.finished for run in timed) and asyncio.get_running_loop().time() < deadline:
        await pilot.pause(0.05)


def _main(app):
    """The main screen, wherever it is in the stack (a dialog may have opened over it)."""
    from aco_tui.ui.screens.main import MainScreen

    return next(screen for screen in app.screen_stack if isinstance(screen, MainScreen))


def _main_screen(app) -> bool:
    from aco_tui.ui.screens.main import MainScreen

    return isinstance(app.screen, MainScreen)


async def to_main(pilot, result: FuzzResult) -> None:
    """Close dialogs with Escape as a user would; dismiss whatever is left; focus the tabs."""
    app = pilot.app
    result.actions.append("<home>")
    for _ in range(6):
        if _main_screen(app):
            break
        await send_key(pilot, "escape", result, log=False)
        await drain(pilot)
        check_alive(app, result)
    while not _main_screen(app) and len(app.screen_stack) > 1:
        app.screen.dismiss(None)
        await drain(pilot)
    if app.screen.maximized is not None:
        app.screen.minimize()
    app.screen.query_one("#pane-tabs").focus()
    await drain(pilot)


async def _keys(pilot, result: FuzzResult, *keys: str) -> None:
    for key in keys:
        await send_key(pilot, key, result)
    await drain(pilot)


async def _typed(pilot, result: FuzzResult, *keys: str) -> None:
    """Keys as a trainee types them, each handled before the next: a key bound to an action (Up,
    ctrl+r) goes up to the app and back, while a letter is handled by the focused card itself, so
    keys sent at once can arrive out of order (the scenes must reach their states; the fuzzing
    episodes send theirs at once)."""
    for key in keys:
        await send_key(pilot, key, result)
        await pilot.pause()


# -- scenes --------------------------------------------------------------------------------------------

QUIZ_SCENES = {
    "quiz-question": "question",
    "quiz-feedback": "feedback",
    "quiz-report": "report",
    "quiz-timed-out": "timed-out",
}


def observed_quiz_state(app) -> str | None:
    """Which state the Quiz pane is in, if it is on screen: menu, start, question, feedback, report,
    timed-out or missed."""
    from aco_tui.ui.panes.quiz import QuizPane
    from aco_tui.ui.panes.quiz_card import QuestionCard

    panes = [p for p in app.screen.query(QuizPane) if p.display]
    if not panes:
        return None
    pane = panes[0]
    body = pane.query_one("#quiz-body")
    for child in body.children:
        kind = type(child).__name__
        if isinstance(child, QuestionCard):  # one card class per question type
            return "question"
        if kind == "ReportPage":
            return "timed-out" if pane.report is not None and pane.report.status == "timed_out" else "report"
        if kind.endswith("Page"):
            return kind.removesuffix("Page").lower()
        if kind == "QuizMenu":
            return "menu"
    return None


async def to_quiz_menu(pilot, result: FuzzResult) -> None:
    """From the main screen: show the Quiz pane and reach its menu as a trainee would (abandoning
    an attempt under way with ctrl+r, leaving pages with Enter or Escape)."""
    for _ in range(3):  # a dialog opened by a key still queued from the last episode: close it
        await _keys(pilot, result, "7")
        if _main_screen(pilot.app):
            break
        await to_main(pilot, result)
    pane = _main(pilot.app).query_one("QuizPane")
    focused = pilot.app.focused
    if focused is None or pane not in focused.ancestors_with_self:  # the Quiz pane was already shown
        await _keys(pilot, result, "tab")
    for _ in range(8):
        await drain(pilot)
        await saves_done(pilot)  # a step under way (the menu, a report) shows its page first
        state = observed_quiz_state(pilot.app)
        if state == "menu":
            await focus(pilot, "#quiz-menu", result)
            return
        if state in ("question", "feedback") and pane.attempt_title:
            await _typed(pilot, result, "ctrl+r", "down", "down", "enter")  # abandon: the report
        elif state in ("start", "missed"):
            await _keys(pilot, result, "escape")
        else:
            await _keys(pilot, result, "enter")
        await pilot.pause()


async def choose_in_quiz_menu(pilot, result: FuzzResult, wanted) -> None:
    """Move the menu's highlight with Down to the first entry ``wanted(option_id)`` accepts; Enter."""
    menus = _main(pilot.app).query("#quiz-menu")
    if not menus:  # keys queued from the last episode took the pane elsewhere: no scene this time
        return
    menu = menus.first()
    ids = [menu.get_option_at_index(i).id for i in range(menu.option_count)]
    target = next(i for i, option_id in enumerate(ids) if wanted(option_id))
    await _typed(pilot, result, "home", *["down"] * target, "enter")
    await pilot.pause()
    await saves_done(pilot)  # the run starts in a step (it waits for the store)


async def _shown(pilot, selector: str, seconds: float = 10.0):
    """What ``selector`` matches on the main screen once something does (an empty query after
    ``seconds``: keys queued from the last episode may have taken the app elsewhere; no scene then)."""
    for _ in range(int(seconds / 0.05)):
        found = _main(pilot.app).query(selector)
        if found:
            return found
        await pilot.pause(0.05)
    return None


def _answer_keys(card) -> list[str]:
    """Keys that give some complete answer (right or wrong) to the question on the card."""
    played = card.played
    if played.type == "match":
        return ["up"] * len(played.left) + [chr(ord("a") + i) for i in range(len(played.left))]
    if played.type == "short":
        return list("guess")
    if played.type == "order":
        return []  # the order as shown is a complete answer
    return ["1"]


def quiz_scenes() -> dict:
    """The scenes of the Quiz pane's states (see :data:`QUIZ_SCENES`)."""

    async def question(pilot, result):
        await to_quiz_menu(pilot, result)
        await choose_in_quiz_menu(pilot, result, lambda option: option == "practice:")

    async def feedback(pilot, result):
        await question(pilot, result)
        cards = await _shown(pilot, "QuestionCard")  # the run starts a moment after Enter (a loaded machine)
        if cards:
            card = cards.first()
            for _ in range(100):  # and the card takes the focus a frame after it is mounted
                if pilot.app.focused is card:
                    break
                await pilot.pause(0.05)
            await _typed(pilot, result, *_answer_keys(card), "enter")
        await pilot.pause()
        await saves_done(pilot)  # the answer is saved in a worker; a trainee waits for the feedback too
        await _shown(pilot, "FeedbackPage")

    async def report(pilot, result):
        await question(pilot, result)
        await _typed(pilot, result, "ctrl+r", "down", "down", "enter")
        await pilot.pause()

    async def timed_out(pilot, result):
        await to_quiz_menu(pilot, result)
        pane = _main(pilot.app).query_one("QuizPane")
        timed = {f"session:{spec.name}" for spec in pane.service.sessions() if spec.time_limit}
        await choose_in_quiz_menu(pilot, result, lambda option: option in timed)
        await _typed(pilot, result, "enter")  # the start page
        await saves_done(pilot)  # the attempt starts in a step (it waits for the store)
        await expire_quiz(pilot, result)
        await saves_done(pilot)  # the time-up step records the attempt, then shows the report

    return {"quiz-question": question, "quiz-feedback": feedback, "quiz-report": report, "quiz-timed-out": timed_out}


def scenes(rng: random.Random) -> dict:
    """Scene name -> coroutine function(pilot, result) that reaches it from the main screen."""

    async def quiz(pilot, result):
        await _keys(pilot, result, "7")
        screen = pilot.app.screen
        if screen.query("QuestionCard, QuizPage"):  # a quiz is under way: carry on with it
            await focus(pilot, "QuestionCard Input, QuestionCard, QuizPage", result)
        elif screen.query("#quiz-menu"):
            await focus(pilot, "#quiz-menu", result)
            await _keys(pilot, result, *["down"] * rng.randrange(0, 9), "enter")

    async def focused(pilot, result, pane_key, selector):
        await _keys(pilot, result, pane_key)
        await focus(pilot, selector, result)

    table = {f"pane-{k}": (lambda p, r, k=k: _keys(p, r, k)) for k in "1234567"}
    table.update(
        {
            "quiz": quiz,
            "citation-list": lambda p, r: _keys(p, r, rng.choice("1234"), "c"),
            "citation": lambda p, r: _keys(p, r, rng.choice("12345"), "c", "enter"),
            "terms": lambda p, r: _keys(p, r, rng.choice("12"), "n", "g", "enter"),
            "help": lambda p, r: _keys(p, r, rng.choice("1234567"), "question_mark"),
            "palette": lambda p, r: _keys(p, r, "ctrl+p"),
            "sources-filter": lambda p, r: focused(p, r, "6", "#excerpt-filter"),
            "timeline-filter": lambda p, r: focused(p, r, "5", "#timeline-year"),
            "quiz-filters": lambda p, r: focused(p, r, "7", "#quiz-level"),
            "contents": lambda p, r: _keys(p, r, rng.choice("1234"), "t"),
            "search": lambda p, r: _keys(p, r, "slash"),
        }
    )
    table.update(quiz_scenes())
    return table


def _observe(app, result: FuzzResult) -> None:
    from textual.command import CommandPalette

    from aco_tui.ui.panes.quiz_card import QuestionCard

    name = "CommandPalette" if isinstance(app.screen, CommandPalette) else type(app.screen).__name__
    result.screens[name] += 1
    location = getattr(app.screen, "location", None)
    if location is not None:
        result.panes.add(location.pane)
    if app.screen.query(QuestionCard):
        result.quiz_cards += 1
    state = observed_quiz_state(app)
    if state is not None:
        result.quiz_states[state] += 1


def _guard(app, result: FuzzResult) -> None:
    """While fuzzing, quitting only counts the request and no URL is ever opened."""

    async def quit_requested() -> None:
        result.quit_requests += 1

    app.action_quit = quit_requested  # instance attribute: bindings and the palette find it first
    app.open_url = lambda url, **_: result.opened_urls.append(url)


def _unguard(app) -> None:
    app.__dict__.pop("action_quit", None)
    app.__dict__.pop("open_url", None)


async def fuzz(
    pilot,
    *,
    seed: int,
    presses: int,
    episode: tuple[int, int] = (15, 45),
    resize_terminal: bool = True,
    result: FuzzResult | None = None,
) -> FuzzResult:
    """Send ``presses`` random keys (plus pastes and the odd resize) to the running app."""
    app = pilot.app
    rng = random.Random(seed)
    result = result or FuzzResult(seed)
    _guard(app, result)
    table = scenes(rng)
    names = sorted(table)
    rng.shuffle(names)
    turn = 0
    try:
        while result.keys < presses:
            name = names[turn % len(names)]
            turn += 1
            await to_main(pilot, result)
            result.actions.append(f"<scene {name}>")
            result.scenes[name] += 1
            await table[name](pilot, result)
            check_alive(app, result)
            _observe(app, result)
            for _ in range(rng.randint(*episode)):
                roll = rng.random()
                if roll < 0.04:
                    await send_paste(pilot, rng.randrange(len(PASTES)), result)
                elif roll < 0.05 and resize_terminal:
                    await resize(pilot, rng.choice(SIZES), result)
                else:
                    await send_key(pilot, choose_key(rng), result)
                if result.keys % IDLE_EVERY == 0:
                    await pilot.pause()
                check_alive(app, result)
                _observe(app, result)
                if result.keys >= presses:
                    break
        await pilot.pause()
        check_alive(app, result)
    finally:
        _unguard(app)
    return result


async def replay(pilot, log: str, result: FuzzResult | None = None) -> FuzzResult:
    """Play a log of actions (as in a failure message) on the running app."""
    app = pilot.app
    result = result or FuzzResult(seed=-1)
    _guard(app, result)
    try:
        for token in log.split():
            if token == "<home>":
                await to_main(pilot, result)
            elif token.startswith("<"):
                result.actions.append(token)
            elif token.startswith("paste#"):
                await send_paste(pilot, int(token.removeprefix("paste#")), result)
            elif token.startswith("resize:"):
                width, _, height = token.removeprefix("resize:").partition("x")
                await resize(pilot, (int(width), int(height)), result)
            elif token.startswith("focus:"):
                await focus(pilot, token.removeprefix("focus:"), result)
            elif token == "expire:quiz":
                await expire_quiz(pilot, result)
            else:
                await send_key(pilot, token, result)
            check_alive(app, result)
        await pilot.pause()
        check_alive(app, result)
    finally:
        _unguard(app)
    return result


async def check_still_responds(pilot, result: FuzzResult) -> None:
    """Back on the main screen, ``1`` shows Concepts and ``q`` quits cleanly."""
    app = pilot.app
    await to_main(pilot, result)
    await settle(pilot)  # let a command chosen just before (a palette jump) finish first
    check_alive(app, result)
    await to_main(pilot, result)
    await pilot.press("1")
    await pilot.pause()
    check_alive(app, result)
    where = app.screen.location
    if where.pane != "concepts" or app.screen.active_pane.id != "pane-concepts":
        raise FuzzFailure(f"'1' did not show Concepts after fuzzing ({where}); {result.summary()}")
    await pilot.press("q")
    await pilot.pause()
    if app.is_running and type(app.screen).__name__ == "QuitQuizScreen":  # a quiz is under way: q again
        await pilot.press("q")
    for _ in range(50):
        if not app.is_running:
            break
        await asyncio.sleep(0.02)
    if app.is_running or app.return_code != 0:
        raise FuzzFailure(f"'q' did not quit cleanly after fuzzing (return code {app.return_code}); {result.summary()}")


async def run_fuzz(
    knowledge, data_dir, *, seed: int, presses: int, size=(80, 24), log: str | None = None, **options
) -> FuzzResult:
    """Open the app on ``knowledge``, fuzz it (or replay ``log``), check it still answers ``1`` and ``q``."""
    from aco_tui.ui.app import AcoApp

    app = AcoApp(knowledge, data_dir=data_dir)
    result = FuzzResult(seed)
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            if log is None:
                await fuzz(pilot, seed=seed, presses=presses, result=result, **options)
            else:
                await replay(pilot, log, result)
            await check_still_responds(pilot, result)
    except FuzzFailure as failure:
        failure.result = result
        raise
    except Exception as error:  # the app's own exception, re-raised by run_test
        cause = error.error if isinstance(error, WorkerFailed) else error
        failure = FuzzFailure(
            f"app raised {cause!r} after {result.keys} keys (seed {seed}, size {size}); "
            f"replay: {result.since_last_home()}"
        )
        failure.result = result
        raise failure from error
    return result
