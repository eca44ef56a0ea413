"""A small but realistic knowledge base for the search tests, written into a temporary directory.

It is built so that each ranking rule has something to show: a section titled "Partial
integration" and several passing mentions; a term with an acronym and its expansion written
out; an excerpt with Hawking in it; a PCR threshold figure; a source with a non-ASCII name.
"""

from __future__ import annotations

import json
from pathlib import Path

SOURCES = [
    {
        "id": "briefing",
        "title": "Accountable Care Organisations",
        "publisher": "House of Commons Library",
        "date": "2018-01-09",
    },
    {
        "id": "explainer",
        "title": "What are ACOs and what do they mean for GPs?",
        "publisher": "GPonline",
        "date": None,
        "date_note": "Undated.",
    },
    {"id": "revue", "title": "Les soins intégrés en Angleterre", "publisher": "Revue Santé", "date": "2018-03-01"},
]

EXCERPTS = [
    (
        "ex-aco-definition",
        "briefing",
        "Summary",
        None,
        "An Accountable Care Organisation (ACO) is a model where a provider takes responsibility for the "
        "healthcare of an entire population.",
        ["concepts"],
    ),
    (
        "ex-capitated",
        "briefing",
        "Summary",
        None,
        "The organisation usually receives an annual, capitated budget to deliver agreed health outcomes.",
        ["concepts"],
    ),
    (
        "ex-jr4nhs-hawking",
        "briefing",
        "3.2 JR4NHS",
        "JR4NHS",
        "Professor Stephen Hawking joined as a signatory to the case on 8 December 2017.",
        ["legal-challenges"],
    ),
    (
        "ex-jr4nhs-launch",
        "briefing",
        "3.2 JR4NHS",
        None,
        "JR4NHS was launched in November 2017 by four campaigners to challenge the consultation.",
        ["legal-challenges"],
    ),
    (
        "ex-999-review",
        "briefing",
        "3.1 999 Call for the NHS",
        "999 Call for the NHS",
        "A judicial review has been launched against the contract, arguing that the capitated payment "
        "method is not permissible.",
        ["legal-challenges"],
    ),
    (
        "ex-pcr-threshold",
        "explainer",
        "Why are some people worried?",
        "NHS England",
        "Public contracts regulations (PCR 2015) require that contracts for clinical services with a "
        "lifetime cost over the \u00a3589,148 threshold must be advertised to the market.",
        ["contract-models"],
    ),
    (
        "ex-partial-mention",
        "briefing",
        "4.2 Role of GPs",
        None,
        "NHS England guidance envisages several models, including a partial integration model and a virtual model.",
        ["contract-models"],
    ),
    (
        "ex-partial-mention-2",
        "explainer",
        "What do ACOs mean for GPs?",
        None,
        "GPs could choose partial integration or stay outside the ACO.",
        ["contract-models"],
    ),
    (
        "ex-full-integration",
        "explainer",
        "What do ACOs mean for GPs?",
        None,
        "Under full integration GPs would suspend their GMS or PMS contracts and join the ACO.",
        ["contract-models"],
    ),
    (
        "ex-ccg-commission",
        "briefing",
        "Summary",
        None,
        "A draft contract will allow clinical commissioning groups to choose to commission ACOs in their areas.",
        ["contract-models", "timeline"],
    ),
    (
        "ex-holders",
        "explainer",
        "Who can hold the contract?",
        None,
        "There are no formal restrictions on who may hold an ACO contract: an NHS body or a limited company.",
        ["contract-models"],
    ),
    (
        "ex-pacs",
        "briefing",
        "1.2 New care models",
        None,
        "Primary and acute care systems join up GP, hospital and community services.",
        ["concepts"],
    ),
    (
        "ex-revue",
        "revue",
        "Résumé",
        "Éric Durand",
        "Les organisations de soins responsables (ACO) inquiètent les médecins généralistes.",
        ["commentary"],
    ),
]

DOCUMENTS = {
    "concepts": """---
title: Concepts
order: 1
summary: What an ACO is.
---

An [accountable care organisation](term:aco) takes responsibility for the health of a whole population. [@ex-aco-definition]

## What is an ACO?

One organisation holds a single contract and a [capitated budget](term:capitated-budget) for an area. [@ex-aco-definition; @ex-capitated]

## New care models

[PACS](term:primary-and-acute-care-system-pacs) joined up GP, hospital and community services before ACOs. [@ex-pacs]
""",
    "contract-models": """---
title: Contract models
order: 2
summary: The three levels of GP integration.
---

The draft contract offered GPs three levels of involvement. [@ex-partial-mention]

## Partial integration

Under **partial integration** GPs keep their GMS or PMS contracts and sign an integration agreement
with the ACO. Partial integration leaves core general practice outside the single contract. [@ex-partial-mention-2]

| Level | GP contracts |
|---|---|
| Partial integration | kept [@ex-partial-mention] |

## Full integration

Under full integration GP practices suspend their contracts and the ACO holds one contract
for all primary care. [@ex-full-integration]

## Who can hold an ACO contract

Any organisation could hold the contract, from an NHS trust to a limited company. [@ex-holders]

## Procurement

Contracts above the \u00a3589,148 threshold must be advertised to the market. [@ex-pcr-threshold]
""",
    "legal-challenges": """---
title: Legal challenges
order: 3
summary: Two court cases.
---

Two [judicial reviews](term:jr) were brought against the draft contract. [@ex-999-review; @ex-jr4nhs-launch]

## JR4NHS

Four campaigners launched [JR4NHS](term:jr4nhs) in November 2017. [@ex-jr4nhs-launch; @ex-jr4nhs-hawking]

## 999 Call for the NHS

The group argued that a capitated payment breaks the law. [@ex-999-review]
""",
    "commentary": """---
title: Commentary
order: 4
summary: What people said.
---

## Worries

Some feared that a CCG would hand contracts to private companies, and that partial integration was a
first step. [@ex-ccg-commission; @ex-partial-mention]

## Abroad

French commentators wrote about ACOs too. [@ex-revue]
""",
    "timeline": """---
title: Timeline
order: 5
summary: Dates.
---

## 2017-08 · Draft contract published

NHS England published the draft contract, which clinical commissioning groups could use. [@ex-ccg-commission]

Topics: contract-models

## 2017-11 · JR4NHS launched

Four campaigners started the case. [@ex-jr4nhs-launch]

Topics: legal-challenges
""",
    "glossary": """---
title: Glossary
order: 9
summary: Terms.
---

## ACO
Also: accountable care organisation; accountable care organisations

A provider, or group of providers, holding one contract for the care of a whole population. [@ex-aco-definition]

## Capitated budget
Also: capitation; capitated payment

A fixed yearly sum for the care of a population, rather than payment per service. [@ex-capitated]

## CCG
Also: clinical commissioning group

The local NHS body that commissions most hospital and community services. [@ex-ccg-commission]

## Primary and acute care system (PACS)

A new care model joining GP, hospital and community services. [@ex-pacs]

## JR
Also: judicial review

A court challenge to whether a public body acted lawfully. [@ex-999-review]

## JR4NHS

The campaign group of four campaigners that challenged the consultation. [@ex-jr4nhs-launch]

## Partial integration

The level at which GPs keep their contracts and sign an integration agreement. [@ex-partial-mention-2]
""",
}


def write_store(path: Path, excerpts=EXCERPTS, sources=SOURCES) -> Path:
    """Write a TinyDB-layout store file."""
    table_sources = {str(n): s for n, s in enumerate(sources, start=1)}
    table_excerpts = {}
    for n, (ident, source, section, speaker, text, topics) in enumerate(excerpts, start=1):
        doc = {"id": ident, "source": source, "section": section, "text": text, "topics": topics}
        if speaker:
            doc["speaker"] = speaker
        table_excerpts[str(n)] = doc
    path.write_text(
        json.dumps({"sources": table_sources, "excerpts": table_excerpts}, ensure_ascii=False), encoding="utf-8"
    )
    return path


def write_knowledge(root: Path) -> tuple[Path, Path]:
    """Write ``root/store.json`` and ``root/content/``; returns their paths."""
    root.mkdir(parents=True, exist_ok=True)
    store = write_store(root / "store.json")
    content = root / "content"
    content.mkdir(exist_ok=True)
    for name, text in DOCUMENTS.items():
        (content / f"{name}.md").write_text(text, encoding="utf-8")
    return store, content


def fixture_index(root: Path):
    """Write the fixture and build its index without the cache."""
    from aco_tui.search import load_index

    store, content = write_knowledge(root)
    return load_index(store=store, content=content, use_cache=False)
