"""The generated pages say what the model says: every component, relation, control, flow step and kind."""

from __future__ import annotations

import html

import posixpath
import re

import pytest
import yaml

from archgen.docs import site
from archgen.docs.config import CONFIG_FILE
from archgen.docs.kinds import settings_schema
from archgen.docs.renderer import DiagramsMissing, DocsRenderer
from archgen.graph import SystemGraph
from archgen.render import RenderContext
from archgen.write import Outputs
from tests.conftest import REPO

PNG = b"\x89PNG\r\n\x1a\n stand-in bytes"


def render(graph: SystemGraph, earlier: dict[str, bytes] | None = None) -> Outputs:
    images = {f"diagrams/{view}.png": PNG for view in graph.views}
    context = RenderContext(REPO, "model", lambda path: None, images if earlier is None else earlier)
    return DocsRenderer().render(graph, context)


@pytest.fixture(scope="module")
def pages(graph: SystemGraph) -> dict[str, str]:
    """Each page's markdown, by its path under docs/."""
    return {path.removeprefix("docs/"): data.decode() for path, data in render(graph).items()
            if path.endswith(".md")}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_component_is_on_its_layer_page(graph: SystemGraph, pages: dict[str, str]) -> None:
    for component in graph.components.values():
        page = pages[site.layer_page(str(component.layer))]
        assert f"## {component.label} {{ #{component.id} }}" in page
        assert component.description in page
        assert f"reference/kinds.md#{site.kind_anchor(component.kind)}" in page
        for name, value in graph.kind(component.id).key_settings(component).items():
            assert f"| `{name}` | `{value}` |" in page


def test_every_relation_is_on_both_ends_with_what_it_grants(graph: SystemGraph, pages: dict[str, str]) -> None:
    for relation in graph.relations:
        rule = graph.kind(relation.source).allowed(graph.kind(relation.target).name)
        assert rule is not None
        for end, direction in ((relation.source, "→ out"), (relation.target, "← in")):
            rows = [line for line in pages[site.component_page(graph, end)].splitlines()
                    if line.startswith(f"| {direction} |") and f"| {relation.label} |" in line]
            assert any(rule.becomes in row for row in rows), (relation.key, end)


def test_controls_are_listed_and_exceptions_are_admonitions_with_their_reason(
        graph: SystemGraph, pages: dict[str, str]) -> None:
    for component_id in graph.components:
        layer_page = pages[site.component_page(graph, component_id)]
        for control in graph.controls(component_id):
            assert f"| `{control.id}` | {control.description} |" in layer_page
            assert f"| `{control.id}` | {control.description} |" in pages[site.SECURITY]
    control_exceptions = [e for e in graph.model.exceptions if e.component and e.control in
                          {c.id for c in graph.controls(e.component)}]
    assert control_exceptions, "the default model documents at least one switched-off control"
    for exception in control_exceptions:
        reason = flat(exception.reason)
        for page in (pages[site.component_page(graph, exception.component)], pages[site.SECURITY]):
            block = page.split(f"{exception.control} is off\"", 1)[1].split("\n\n", 2)
            assert block[0] == "" and flat(block[1]) == reason


def test_flow_steps_are_numbered_in_order(graph: SystemGraph, pages: dict[str, str]) -> None:
    page = pages[site.FLOWS]
    for flow_id, flow in graph.flows.items():
        section = page.split(f"{{ #{flow_id} }}", 1)[1]
        numbered = re.findall(r"^\| (\d+) \|.*?\| .*?\| (.*?) \|", section, re.M)[:len(flow.steps)]
        assert [(str(s.number), s.message) for s in flow.steps] == numbered
        for view in site.flow_views(graph, flow_id):
            assert f"../diagrams/{view.id}.png" in section.split("\n## ")[0]


def test_layer_pages_show_the_diagrams_of_the_views_covering_them(graph: SystemGraph, pages: dict[str, str]) -> None:
    for layer, members in graph.layers().items():
        page = pages[site.layer_page(layer)]
        shown = set(re.findall(r"!\[[^\]]*\]\(\.\./\.\./diagrams/([a-z0-9-]+)\.png\)", page))
        expected = {v.id for v in site.views_covering(graph, layer)}
        assert shown == expected
        for view_id in shown:
            assert {c.id for c in members} <= set(graph.views[view_id].components)


def test_kinds_reference_comes_from_the_registry_and_the_schema(graph: SystemGraph, pages: dict[str, str]) -> None:
    page = pages[site.KINDS]
    for kind in graph.registry:
        assert f"## {kind.title} {{ #{site.kind_anchor(kind.name)} }}" in page
        section = page.split(f"{{ #{site.kind_anchor(kind.name)} }}", 1)[1].split("\n## ", 1)[0]
        schema, _ = settings_schema(kind)
        for name, prop in schema.get("properties", {}).items():
            row = next(line for line in section.splitlines() if line.startswith(f"| `{name}` |"))
            if "default" in prop and not isinstance(prop["default"], (list, bool, type(None))):
                assert f"`{prop['default']}`" in row
            for bound in ("minimum", "maximum"):
                if bound in prop:
                    assert str(prop[bound]) in row
        for control, text in kind.controls.items():
            assert f"| `{control}` | {text} |" in section
        for rule in kind.allows:
            assert f"| {rule.meaning} | {rule.becomes} |" in section


def test_deliverables_link_to_the_diagrams_of_their_views(graph: SystemGraph, pages: dict[str, str]) -> None:
    weeks = [w for w in graph.model.weeks if any(d.views for d in w.deliverables)]
    assert weeks, "the default worklog names views in its deliverables"
    for week in weeks:
        page = pages[site.week_page(week.week)]
        for deliverable in week.deliverables:
            line = next(line for line in page.splitlines() if deliverable.text in html.unescape(line))
            for view in deliverable.views:
                assert f"../architecture/diagrams.md#{view})" in line
                assert f"{{ #{view} }}" in pages[site.DIAGRAMS]
                assert f"](../diagrams/{view}.png)" in page


def test_outputs_are_deterministic_and_hold_no_absolute_path(graph: SystemGraph) -> None:
    first, second = render(graph), render(graph)
    assert first == second
    for path, data in first.items():
        assert str(REPO).encode() not in data, path


def test_mkdocs_config_is_offline_and_navigates_every_page(graph: SystemGraph) -> None:
    outputs = render(graph)
    config = yaml.safe_load(outputs[CONFIG_FILE])
    assert config["theme"]["font"] is False
    assert {"navigation.tabs", "navigation.sections", "content.code.copy"} <= set(config["theme"]["features"])
    assert [p["scheme"] for p in config["theme"]["palette"]] == ["default", "slate"]
    assert all("toggle" in p for p in config["theme"]["palette"])
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert {"archgen", "search", "glightbox"} <= set(plugins)
    assert "admonition" in config["markdown_extensions"]
    assert "hooks" not in config  # a plugin, so the site builds in any project folder
    assert config["watch"] == ["model"]
    in_nav = set(_nav_paths(config["nav"]))
    generated = {path.removeprefix("docs/") for path in outputs if path.endswith(".md")}
    assert in_nav == generated


def _nav_paths(entries: list[object]) -> list[str]:
    paths: list[str] = []
    for entry in entries:
        if isinstance(entry, str):
            paths.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                paths += [value] if isinstance(value, str) else _nav_paths(value)
    return paths


def test_diagram_images_are_the_diagrams_renderers_bytes(graph: SystemGraph) -> None:
    earlier = {f"diagrams/{view}.png": view.encode() for view in graph.views}
    outputs = render(graph, earlier)
    for view in graph.views:
        assert outputs[f"docs/{site.view_image(view)}"] == view.encode()
    with pytest.raises(DiagramsMissing, match="diagrams renderer"):
        render(graph, {})


def test_deployment_page_says_plainly_when_there_are_no_templates(pages: dict[str, str]) -> None:
    assert "No templates yet" in pages[site.DEPLOYMENT]


def test_every_relative_link_in_the_markdown_names_an_output(graph: SystemGraph) -> None:
    outputs = render(graph)
    for path, data in outputs.items():
        if not path.endswith(".md"):
            continue
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", data.decode()):
            if "://" in target:
                continue
            assert posixpath.normpath(posixpath.join(posixpath.dirname(path), target)) in outputs, (path, target)


def test_the_diagrams_page_names_exactly_the_pages_showing_each_view(graph: SystemGraph,
                                                                      pages: dict[str, str]) -> None:
    shown = site.view_pages(graph)
    for view_id in graph.views:
        image = f"diagrams/{view_id}.png)"
        showing = {path for path, text in pages.items() if image in text} - {site.DIAGRAMS}
        named = {path for path, _ in shown[view_id]}
        assert showing == named, view_id
        assert f"{{ #{view_id} }}" in pages[site.DIAGRAMS]
