"""Stylesheets parsed once in the SSH session host (:mod:`aco_tui.cli.session_host`), not once per session."""

from __future__ import annotations

from typing import Any


def share_parsed_styles() -> None:
    """Parse each stylesheet once in the host, not once per session.

    Textual caches parsed TCSS per app (and clears that cache when the theme's variables are set, as
    every app does as it starts), so each session would parse the same styles again: about a third
    of a forked session's first screen. In the host, and so in every session forked from it, the
    parse is memoised on the text, where it came from and the variables; rule sets are never changed
    once parsed (Textual reuses them itself), so sharing them is safe. Only the host calls this.
    """
    from textual.css.stylesheet import Stylesheet

    parse_once = Stylesheet._parse_rules
    parsed: dict[tuple[object, ...], list[Any]] = {}
    variables_keys: dict[int, tuple[dict[str, str], tuple[tuple[str, str], ...]]] = {}

    def variables_key(variables: dict[str, str]) -> tuple[tuple[str, str], ...]:
        known = variables_keys.get(id(variables))
        if known is None or known[0] is not variables:
            known = variables_keys[id(variables)] = (variables, tuple(sorted(variables.items())))
        return known[1]

    def _parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[Any]:
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables_key(self._variables))
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse_once(self, css, read_from, is_default_rules, tie_breaker, scope)
        return rules

    Stylesheet._parse_rules = _parse_rules  # type: ignore[method-assign]
