"""What the audit found, leg by leg, and how it is printed: a table per relation and per component,
the problems by name with what to do, and one summary line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from archgen.graph import SystemGraph

Severity = Literal["gap", "orphan", "warning"]
REGENERATE = "run 'python generate.py'; if it stays, the {leg} renderer drops it (a bug to report)"
REMOVE = "remove it, or run 'python generate.py' (it was not generated from the model)"
COLUMN = 40  # characters of a table cell before its list is cut short ("+N" more)


@dataclass(frozen=True)
class Problem:
    severity: Severity
    subject: str  # a relation key, a component id, or an output file
    text: str     # what is wrong, and where
    fix: str      # what to do about it


@dataclass
class Leg:
    """One output checked against the model: where each relation and component was found, and problems.

    `expected_*` are what this leg must cover (the coverage denominators); `exempt_*` say why
    a relation or component needs nothing here (a relation that becomes nothing in CloudFormation).
    """

    name: str
    # subject -> the places it was found, in the order found (a dict keeps each place once)
    relations: dict[str, dict[str, None]] = field(default_factory=dict)
    components: dict[str, dict[str, None]] = field(default_factory=dict)
    expected_relations: set[str] = field(default_factory=set)
    expected_components: set[str] = field(default_factory=set)
    exempt_relations: dict[str, str] = field(default_factory=dict)
    exempt_components: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def found_relation(self, key: str, place: str) -> None:
        self.relations.setdefault(key, {})[place] = None

    def found_component(self, component_id: str, place: str) -> None:
        self.components.setdefault(component_id, {})[place] = None

    def gap(self, subject: str, text: str, fix: str | None = None) -> None:
        self.problems.append(Problem("gap", subject, text, fix or REGENERATE.format(leg=self.name)))

    def orphan(self, subject: str, text: str, fix: str = REMOVE) -> None:
        self.problems.append(Problem("orphan", subject, text, fix))

    def warn(self, subject: str, text: str, fix: str) -> None:
        self.problems.append(Problem("warning", subject, text, fix))

    def covered(self, expected: set[str]) -> int:
        """How many of `expected` were found with no gap reported against them."""
        missing = {p.subject for p in self.problems if p.severity == "gap"}
        return sum(1 for subject in expected if subject not in missing)

    def count(self, severity: Severity) -> int:
        return sum(1 for p in self.problems if p.severity == severity)


@dataclass
class Audit:
    graph: SystemGraph
    legs: list[Leg]
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return all(leg.count("gap") == 0 and leg.count("orphan") == 0 for leg in self.legs)


def render(audit: Audit, quiet: bool = False) -> str:
    """The whole report; `quiet` keeps only the gaps and orphans (nothing at all when the audit passes)."""
    if quiet:
        lines = _problems(audit, ("gap", "orphan"))
        return "\n".join([*lines, _summary(audit)]) + "\n" if lines else ""
    lines = [*_relation_table(audit), "", *_component_table(audit), ""]
    lines += _problems(audit, ("gap", "orphan", "warning"))
    return "\n".join([*lines, _summary(audit)]) + "\n"


def _relation_table(audit: Audit) -> list[str]:
    rows = [[relation.key, *(_cell(leg.relations, relation.key, leg.exempt_relations) for leg in audit.legs)]
            for relation in audit.graph.relations]
    return _table(["relation", "drawn in (views)", "realised by (resources, IAM)", "documented on (pages)"], rows)


def _component_table(audit: Audit) -> list[str]:
    rows = [[component_id, *(_cell(leg.components, component_id, leg.exempt_components) for leg in audit.legs)]
            for component_id in audit.graph.components]
    return _table(["component", "diagram nodes in", "template resources", "pages"], rows)


def _cell(table: dict[str, dict[str, None]], subject: str, exempt: dict[str, str]) -> str:
    if subject in exempt:
        return f"- ({exempt[subject]})"
    places = list(table.get(subject, {}))
    return _fit(places, COLUMN) if places else "MISSING"


def _fit(items: list[str], width: int) -> str:
    """As many items as fit in `width`, then how many more there are; a long first item is cut."""
    shown: list[str] = []
    for n, item in enumerate(items):
        more = len(items) - n - 1
        if len(", ".join([*shown, item]) + (f" +{more}" if more else "")) > width:
            if not shown:
                return item[:width - 8] + "…" + (f" +{more}" if more else "")
            return ", ".join(shown) + f" +{len(items) - n}"
        shown.append(item)
    return ", ".join(shown)


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[n]) for row in [headers, *rows]) for n in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()
    return [line(headers), line(["-" * width for width in widths]), *(line(row) for row in rows)]


def _problems(audit: Audit, severities: tuple[Severity, ...]) -> list[str]:
    lines = []
    for severity in severities:
        for leg in audit.legs:
            for problem in leg.problems:
                if problem.severity == severity:
                    lines += [f"{severity:<7} {leg.name:<9} {problem.subject}: {problem.text}",
                              f"{'':<17} fix: {problem.fix}"]
    return lines


def _coverage(leg: Leg, expected: set[str], unchecked: int = 0) -> str:
    done, total = leg.covered(expected), len(expected)
    note = f", {unchecked} not checkable" if unchecked else ""
    return f"{100 * done // total if total else 100}% ({done}/{total}{note})"


def _summary(audit: Audit) -> str:
    drawn, realised, documented = audit.legs
    relations = ", ".join(f"{verb} {_coverage(leg, leg.expected_relations, leg.count('warning'))}"
                          for verb, leg in (("drawn", drawn), ("realised", realised), ("documented", documented)))
    components = ", ".join(f"{verb} {_coverage(leg, leg.expected_components)}"
                           for verb, leg in (("drawn", drawn), ("deployed", realised), ("documented", documented)))
    orphans = ", ".join(f"{leg.count('orphan')} in {leg.name}" for leg in audit.legs)
    warnings = sum(leg.count("warning") for leg in audit.legs)
    verdict = "PASS" if audit.passed else "FAIL"
    return (f"audit {verdict}: relations {relations}; components {components}; orphans {orphans}; "
            f"{warnings} warning{'s' if warnings != 1 else ''} ({audit.seconds * 1000:.0f} ms)")
