"""The generated pages say what the model says: every component, relation, control, flow step and kind."""

from __future__ import annotations

import posixpath
import re

import pytest
import yaml

from archgen import escape
from archgen.docs import site
from archgen.docs.config import CONFIG_FILE
from archgen.docs.kinds import settings_schema
from archgen.docs.renderer import DiagramsMissing, DocsRenderer
from archgen.docs.meanings import meaning
from archgen.graph import SystemGraph
from archgen.render import RenderContext
from archgen.render.diagram_views import all_views
from archgen.write import Outputs
from tests.conftest import REPO

PNG = b"\x89PNG\r\n\x1a\n stand-in bytes"
SVG = b'<svg width="100.00pt" height="50.00pt"\n viewBox="0.00 0.00 100.00 50.00" xmlns="http://www.w3.org/2000/svg">'


def drawings(graph: SystemGraph) -> dict[str, bytes]:
    return {f"diagrams/{view}.{ext}": data for view in all_views(graph) for ext, data in (("png", PNG), ("svg", SVG))}


def render(graph: SystemGraph, earlier: dict[str, bytes] | None = None) -> Outputs:
    context = RenderContext(REPO, "model", lambda path: None, drawings(graph) if earlier is None else earlier)
    return DocsRenderer().render(graph, context)


@pytest.fixture(scope="module")
def pages(graph: SystemGraph) -> dict[str, str]:
    """Each page's markdown, by its path under docs/."""
    return {path.removeprefix("docs/"): data.decode() for path, data in render(graph).items()
            if path.endswith(".md")}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_component_has_its_page(graph: SystemGraph, pages: dict[str, str]) -> None:
    for component in graph.components.values():
        page = pages[site.component_page(graph, component.id)]
        assert f"# {escape.markdown(component.label)}\n" in page
        assert escape.markdown(component.description) in page
        assert f"reference/kinds.md#{site.kind_anchor(component.kind)}" in page
        for name, value in graph.kind(component.id).key_settings(component).items():
            assert f"| `{name}` | {escape.markdown_code(value)} |" in page
        layer_page = pages[site.layer_page(str(component.layer))]
        assert f"(../components/{component.id}.md)" in layer_page


def test_every_relation_is_on_both_ends_with_what_it_grants(graph: SystemGraph, pages: dict[str, str]) -> None:
    for relation in graph.relations:
        found = meaning(graph, relation)
        for end, direction in ((relation.source, "→ out"), (relation.target, "← in")):
            rows = [line for line in pages[site.component_page(graph, end)].splitlines()
                    if line.startswith(f"| {direction} |") and f"| {escape.markdown(relation.label)} |" in line]
            assert any(escape.markdown(found.grants) in row for row in rows), (relation.key, end)


def test_routes_are_shown_as_clients_call_them_and_the_api_serves_them(graph: SystemGraph,
                                                                       pages: dict[str, str]) -> None:
    """The model's routes are relative to the path CloudFront forwards (`/api/*`): every page shows them
    mounted under it, as the templates build them, and the request flow's message says the same."""
    api = graph.components["api"]
    mounted = graph.kind("api").mount(api, graph)  # type: ignore[attr-defined]
    assert mounted == "/api"
    text = "\n".join(pages.values())
    for relation in graph.relations:
        for route in relation.routes or relation.protects or ():
            verb, path = route.split(" ", 1)
            assert f"`{verb} {mounted}{path}`" in text
            assert f"`{route}`" not in text
    assert "GET /api/items" in graph.flows["request"].steps[0].message


def test_global_and_outside_components_show_no_region(graph: SystemGraph, pages: dict[str, str]) -> None:
    expected = {"users": "outside AWS", "developer": "outside AWS", "dns": "global", "cdn": "global",
                "certificate": "us\\-east\\-1", "api": "ap\\-southeast\\-1"}
    for component_id, where in expected.items():
        assert f"**Where:** {where}\n" in pages[site.component_page(graph, component_id)]


def test_controls_are_listed_and_exceptions_are_admonitions_with_their_reason(
        graph: SystemGraph, pages: dict[str, str]) -> None:
    for component_id in graph.components:
        page = pages[site.component_page(graph, component_id)]
        for control in graph.controls(component_id):
            row = f"| `{control.id}` | {escape.markdown(control.description)} |"
            assert row in page and row in pages[site.SECURITY]
    control_exceptions = [e for e in graph.model.exceptions if e.component and e.control in
                          {c.id for c in graph.controls(e.component)}]
    assert control_exceptions, "the default model documents at least one switched-off control"
    for exception in control_exceptions:
        reason = escape.markdown(exception.reason)
        for page in (pages[site.component_page(graph, exception.component)], pages[site.SECURITY]):
            block = page.split(f"{exception.control} is off\"", 1)[1].split("\n\n", 2)
            assert block[0] == "" and flat(block[1]) == reason


def test_each_flow_has_its_page_with_its_numbered_steps(graph: SystemGraph, pages: dict[str, str]) -> None:
    for flow_id, flow in graph.flows.items():
        page = pages[site.flow_page(flow_id)]
        numbered = re.findall(r"^\| (\d+) \|.*?\| (.*?) \|", page, re.M)[:len(flow.steps)]
        assert [(str(s.number), escape.markdown(s.message)) for s in flow.steps] == numbered
        for view in site.flow_views(graph, flow_id):
            assert f'data="../../../diagrams/{view.id}.svg"' in page
        assert f"({flow_id}.md)" in pages[site.FLOWS]


def test_layer_pages_show_the_drawing_of_their_layer_and_its_neighbours(graph: SystemGraph,
                                                                        pages: dict[str, str]) -> None:
    for layer in graph.layers():
        page = pages[site.layer_page(layer)]
        assert set(re.findall(r'data="\.\./\.\./\.\./diagrams/([a-z0-9/-]+)\.svg"', page)) == {f"layers/{layer}"}
        assert f'data="../../../diagrams/layers/{layer}.dark.svg"' in page


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
        for side in kind.offers + kind.accepts:
            assert f"| {side.meaning} | " in section


def test_deliverables_link_to_the_diagrams_of_their_views(graph: SystemGraph, pages: dict[str, str]) -> None:
    weeks = [w for w in graph.model.weeks if any(d.views for d in w.deliverables)]
    assert weeks, "the default worklog names views in its deliverables"
    for week in weeks:
        page = pages[site.week_page(week.week)]
        for deliverable in week.deliverables:
            line = next(line for line in page.splitlines() if deliverable.text in line)
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
    assert config["site_url"] == f"https://{graph.system.domain}/"
    architecture = next(entry["Architecture"] for entry in config["nav"] if "Architecture" in entry)
    assert architecture[0] == site.ARCHITECTURE  # the tab opens on the overview
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


def test_the_site_gets_each_drawing_light_and_dark_and_each_model_views_png(graph: SystemGraph) -> None:
    outputs = render(graph)
    for view in all_views(graph):
        light, dark = outputs[f"docs/{site.view_svg(view)}"], outputs[f"docs/{site.view_svg(view, dark=True)}"]
        assert light.startswith(b'<svg width="100%" height="100%"') and dark.startswith(b'<svg width="100%"')
        assert (f"docs/{site.view_image(view)}" in outputs) == (view in graph.views)
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
        drawing = re.compile(rf'data="[./]*diagrams/{re.escape(view_id)}\.svg"|diagrams/{re.escape(view_id)}\.png\)')
        showing = {path for path, text in pages.items() if drawing.search(text)} - {site.DIAGRAMS}
        named = {path for path, _ in shown[view_id]}
        assert showing == named, view_id
        assert f"{{ #{view_id} }}" in pages[site.DIAGRAMS]
