"""Regression checks for the medium findings of the content audit (shared/reviews/content-audit.md,
issue 26): the phrases that taught something wrong are gone, and the dates are there."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from aco_tui.knowledge.paths import KnowledgePaths

CONTENT = Path(KnowledgePaths.resolve().content)


def _text(name: str) -> str:
    return (CONTENT / f"{name}.md").read_text(encoding="utf-8")


def _all_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(CONTENT.glob("*.md")))


def _question(ident: str) -> dict:
    for path in sorted((CONTENT / "quiz").glob("*.toml")):
        for question in tomllib.loads(path.read_text(encoding="utf-8")).get("question", []):
            if question["id"] == ident:
                return question
    raise AssertionError(f"no question {ident}")


def _glossary_entry(term: str) -> str:
    match = re.search(rf"^## {re.escape(term)}\n(.*?)(?=^## |\Z)", _text("glossary"), re.M | re.S)
    assert match, term
    return match.group(1)


def test_m1_the_ics_renaming_is_dated_one_way_everywhere():
    text = _all_text()
    assert "in its 2021 update" not in text
    assert "updated in 2021" not in text and "as updated in 2021" not in text
    for entry in ("ACS", "ICS"):
        assert "9 September 2021 without saying what changed" in _glossary_entry(entry)
    assert "ACSs renamed" not in _text("timeline")
    assert "had become integrated care systems" not in _question("con-ics-rename")["explanation"]


@pytest.mark.parametrize("pane", ["glossary", "contract-models", "commentary"])
def test_m2_a_date_caveat_heads_the_glossary_contract_models_and_commentary(pane):
    body = _text(pane).split("---", 2)[2].lstrip()
    first = body.splitlines()[0]
    assert first.startswith("> Dates:") and "2017-18" in first and "April 2018" in first


@pytest.mark.parametrize(
    ("term", "dated"),
    [
        ("CCG", "In 2017-18"),
        ("STP", "In 2017-18"),
        ("Health and Social Care Act 2012", "in 2017-18"),
        ("NHS Improvement", "In 2017-18"),
        ("Specialised services", "in 2017-18"),
        ("Standing Rules", "in 2017-18"),
        ("PCR 2015", "quoted in 2017-18"),
    ],
)
def test_m2_institutions_and_rules_of_2017_18_are_written_as_such(term, dated):
    assert dated in _glossary_entry(term)


def test_m2_the_threshold_and_ccg_duties_are_not_stated_as_current():
    for pane in ("contract-models", "commentary"):
        text = _text(pane)
        assert "must be advertised to the market" not in text
        assert "the threshold quoted in 2017-18" in text
    models = _text("contract-models")
    assert (
        "CCGs have statutory duties to commission care for their populations, and setting up an ACO does not"
        not in models
    )
    assert "the local bodies with a legal duty" not in models.replace("were the local bodies with a legal duty", "")


def test_m3_the_campaigns_reading_of_the_law_is_attributed():
    explanation = _question("leg-999-tariff-why")["explanation"]
    assert "999 Call for the NHS argued that the law ties prices" in explanation
    assert "strongly resist" in explanation and "no ruling" in explanation


def test_m4_integrated_services_provider_is_broad_and_only_proposed():
    entry = _glossary_entry("Integrated services provider")
    assert "amended regulations" not in entry
    assert "proposed in 2017" in entry and "MCP or PACS" in entry and "also covers" in entry
    assert "when the commissioners buy primary medical services from it" not in _text("contract-models")


def test_m5_the_april_2018_freedoms_are_a_plan_in_the_timeline_heading():
    timeline = _text("timeline")
    assert "## 2018-04 · First-wave ACSs due to gain new freedoms (planned)" in timeline
    assert "ACSs gain new freedoms\n" not in timeline


def test_m6_june_is_weighed_as_the_better_supported_month():
    explanation = _question("tl-june-july-disagreement")["explanation"]
    assert "uncertain rather than settled" not in explanation
    assert "better-supported" in explanation and "15 June 2017" in explanation
    assert "better-supported month" in _text("concepts")


def test_coverage_gaps_of_section_6a_are_in_the_concepts_pane():
    concepts = _text("concepts")
    for phrase in (
        "no basis in law",
        "Why it was controversial",
        "keep and share any savings",
        "the Government saw ACOs",
        "systematic evaluation and management of risk",
        "NHS Standard Contract (Accountable Care Models)",
        "jointly managed funding",
        "staffing and funding support",
        "GP Forward View, cancer and mental health money",
        "one in six people",
        "turn the 211 clinical commissioning groups",
    ):
        assert phrase in concepts, phrase
