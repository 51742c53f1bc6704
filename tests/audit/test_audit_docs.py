"""The docs leg catches a relation row, a section or a flow step gone, and entries with no model origin."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archgen import escape
from archgen.docs.site import SECURITY, component_page, flow_page
from archgen.graph import SystemGraph
from tests.audit.breaking import audit, problems

_SECTION = re.compile(r"^##+ .* \{ #(?P<anchor>[^ }]+) \}$")


def _drop_row(page: Path, section: str, row_start: str, containing: str) -> str:
    """Remove the one row of `section` that starts with `row_start` and contains `containing`."""
    lines = page.read_text("utf-8").splitlines(keepends=True)
    current, hits = "", []
    for number, line in enumerate(lines):
        if found := _SECTION.match(line.strip()):
            current = found["anchor"]
        elif current == section and line.startswith(row_start) and containing in line:
            hits.append(number)
    assert len(hits) == 1, hits
    page.write_text("".join(line for n, line in enumerate(lines) if n != hits[0]), "utf-8")
    return lines[hits[0]]


def test_a_relation_row_removed_is_a_gap_on_its_relation(outputs: Path, graph: SystemGraph) -> None:
    relation = graph.relations[-1]
    page = component_page(graph, relation.target)
    _drop_row(outputs / "docs" / page, "relations", "| ← in |", f"({relation.source}.md)")
    [gap] = problems(audit(outputs))
    assert (gap.severity, gap.subject) == ("gap", relation.key)
    assert f"no '← in' row for it in the Relations of docs/{page}" == gap.text


def test_a_row_with_a_label_the_model_does_not_have_is_a_gap_and_an_orphan(outputs: Path,
                                                                           graph: SystemGraph) -> None:
    relation = graph.relations[0]
    path = outputs / "docs" / component_page(graph, relation.source)
    text = path.read_text("utf-8")
    label = f"| {escape.markdown(relation.label)} |"
    row = next(line for line in text.splitlines()
               if line.startswith("| → out |") and f"({relation.target}.md)" in line and label in line)
    path.write_text(text.replace(row, row.replace(label, "| renamed by hand |")), "utf-8")
    found = {(p.severity, p.subject) for p in problems(audit(outputs))}
    assert found == {("gap", relation.key), ("orphan", f"row {relation.source} → out components/{relation.target}")}


def test_a_page_for_no_component_is_an_orphan(outputs: Path, graph: SystemGraph) -> None:
    ghost = outputs / "docs" / component_page(graph, next(iter(graph.components))).replace(
        next(iter(graph.components)), "ghost")
    ghost.write_text("# Ghost\n\nA component the model does not have.\n", "utf-8")
    found = {(p.severity, p.subject) for p in problems(audit(outputs))}
    assert ("orphan", "docs/architecture/components/ghost.md") in found


def test_a_component_page_removed_is_a_gap_on_the_component(outputs: Path, graph: SystemGraph) -> None:
    component = graph.relations[0].target
    (outputs / "docs" / component_page(graph, component)).unlink()
    found = problems(audit(outputs))
    assert ("gap", component) in {(p.severity, p.subject) for p in found}
    # its relations' rows went with the page: each is named
    rows_gone = {r.key for r in graph.outgoing(component) + graph.incoming(component)}
    assert rows_gone <= {p.subject for p in found}


def test_a_link_to_no_component_is_an_orphan(outputs: Path, graph: SystemGraph) -> None:
    component = next(iter(graph.components))
    path = outputs / "docs" / SECURITY
    text = path.read_text("utf-8")
    assert f"/{component}.md)" in text
    path.write_text(text.replace(f"/{component}.md)", "/ghost.md)", 1), "utf-8")
    orphans = [p for p in problems(audit(outputs)) if p.severity == "orphan"]
    assert [o.subject for o in orphans] == ["link components/ghost"]
    assert f"docs/{SECURITY}:" in orphans[0].text


def test_a_flow_step_row_removed_is_a_gap_naming_the_step(outputs: Path, graph: SystemGraph) -> None:
    flow = next(iter(graph.flows.values()))
    step = flow.steps[0]
    _drop_row(outputs / "docs" / flow_page(flow.id), "steps", f"| {step.number} |", "")
    [gap] = problems(audit(outputs))
    assert (gap.severity, gap.subject) == ("gap", step.relation.key)
    assert f"step {step.number} of flow '{flow.id}'" in gap.text


def test_a_route_the_api_does_not_serve_is_a_gap(outputs: Path, graph: SystemGraph) -> None:
    path = outputs / "docs" / SECURITY
    text = path.read_text("utf-8")
    assert "`GET /api/items`" in text
    path.write_text(text.replace("`GET /api/items`", "`GET /items`"), "utf-8")
    subjects = {p.subject for p in problems(audit(outputs))}
    assert "route GET /items" in subjects


def test_a_region_shown_for_a_global_component_is_a_gap(outputs: Path, graph: SystemGraph) -> None:
    path = outputs / "docs" / component_page(graph, "cdn")
    text = path.read_text("utf-8")
    assert "**Where:** global" in text
    path.write_text(text.replace("**Where:** global", "**Where:** ap\\-southeast\\-1"), "utf-8")
    [gap] = problems(audit(outputs))
    assert gap.subject == "region of cdn"


def test_a_page_outside_the_navigation_is_an_orphan(outputs: Path) -> None:
    (outputs / "docs" / "notes.md").write_text("# Notes typed by hand\n", "utf-8")
    [orphan] = problems(audit(outputs))
    assert (orphan.severity, orphan.subject) == ("orphan", "docs/notes.md")


@pytest.mark.parametrize(("cell", "links"), [
    ("[T \\*b\\* \\`c\\`](alarms.md)", ["alarms.md"]),  # escaped backticks open no code span (a fuzzer find)
    ("`[x](no.md)` [y](yes.md)", ["yes.md"]),  # a code span's text is no link
    ("``a ` [x](no.md)`` [y](yes.md)", ["yes.md"]),  # a span closes at a run of its own length
    ("\\\\`[x](no.md)`", []),  # an escaped backslash leaves the backtick opening a span
    ("` [y](yes.md)", ["yes.md"]),  # a backtick that never closes is text
])
def test_links_are_read_as_markdown_reads_code_spans(cell: str, links: list[str]) -> None:
    from archgen.audit.markdown import _LINK, _plain

    assert [m["url"] for m in _LINK.finditer(_plain(cell))] == links
