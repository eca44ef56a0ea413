"""The knowledge base's part of ``aco-tui check``: the store and the content validated against each other."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from aco_tui.knowledge.aliases import alias_problems, load_aliases
from aco_tui.knowledge.base import KnowledgeBase
from aco_tui.knowledge.locations import ALIASES_FILE


@dataclass
class CheckReport:
    """Counts of what was checked and every error found, as readable strings (one part of a check, or
    several :meth:`merged`)."""

    counts: dict[str, object] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def merged(self, other: CheckReport) -> CheckReport:
        """This report followed by ``other``: errors in order, counts side by side."""
        return CheckReport({**self.counts, **other.counts}, [*self.errors, *other.errors])

    def as_json(self) -> str:
        return json.dumps({**self.counts, "errors": self.errors}, indent=2, ensure_ascii=False)

    def as_text(self) -> str:
        lines = [f"error: {e}" for e in self.errors]
        summary = ", ".join(f"{_summarised(v)} {k.replace('_', ' ')}" for k, v in self.counts.items())
        verdict = "clean" if self.ok else f"{len(self.errors)} error(s)"
        lines.append(f"checked {summary}: {verdict}")
        return "\n".join(lines)


def _summarised(value: object) -> object:
    """A count as the text summary shows it: a dict by the sum of its values, a list by its length."""
    if isinstance(value, dict):
        return sum(value.values())
    if isinstance(value, list):
        return len(value)
    return value


def check_knowledge(kb: KnowledgeBase) -> CheckReport:
    """Every rule of the knowledge base, with counts for the JSON report."""
    report = CheckReport()
    store, content = kb.store, kb.content
    report.errors += store.problems
    report.errors += [str(p) for p in kb.problems]
    cited: set[str] = set()
    citation_count = 0
    for section in content.all_sections():
        cited.update(section.citations)
        citation_count += len(section.citations)
    for term in content.glossary.values():
        if not term.citations:
            report.errors.append(
                f"{content.root.name}/glossary.md:{term.line}: glossary term {term.term!r} cites no excerpt"
            )
    for excerpt in store.excerpts.values():
        if excerpt.id not in cited and not excerpt.uncited:
            report.errors.append(
                f"{store.path.name}: excerpt {excerpt.id!r} is cited nowhere in content "
                "(cite it, or give it an 'uncited' reason)"
            )
    for source_id in store.sources:
        if not any(e.source == source_id for e in store.excerpts.values()):
            report.errors.append(f"{store.path.name}: source {source_id!r} has no excerpts")
    aliases = load_aliases(content.root)
    for line, message in [*aliases.problems, *alias_problems(aliases, content)]:
        report.errors.append(f"{content.root.name}/{ALIASES_FILE}:{line}: {message}")
    report.counts = {
        "sources": len(store.sources),
        "excerpts": len(store.excerpts),
        "content_files": len(content.documents),
        "sections": len(content.all_sections()),
        "citations": citation_count,
        "glossary_terms": len(content.glossary),
        "timeline_events": len(content.timeline),
        "search_aliases": len(aliases.words) + len(aliases.sections),
    }
    return report
