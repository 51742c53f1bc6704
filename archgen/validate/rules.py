"""Runs the architecture rules on the otherwise valid model; an exception naming a rule waives it (where the
rule may be waived: references refuses an exception to one that may not)."""

from __future__ import annotations

from archgen.errors import ModelError
from archgen.graph import SystemGraph
from archgen.load import Document
from archgen.rules import rules


def check_rules(document: Document, graph: SystemGraph, errors: list[ModelError],
                warnings: list[ModelError]) -> None:
    waived = {(e.component, e.control) for e in graph.model.exceptions}
    found = len(errors)
    for rule in sorted(rules(), key=lambda rule: rule.synthesizes):
        if rule.synthesizes and len(errors) > found:
            continue
        for finding in rule.check(graph):
            if finding.component and rule.may_be_waived and (finding.component, rule.id) in waived:
                continue
            at_key = isinstance(finding.path[-1], str)  # point at `cdn:`, not at the mapping under it
            error = document.error(finding.path, f"{rule.id} {finding.message}", at_key=at_key)
            (errors if rule.severity == "error" else warnings).append(error)
