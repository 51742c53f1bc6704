"""Property: every random valid model (tests/fuzz/models.py) generates, and its outputs are sound.

For each model: generate exits with no exception; `audit` passes (every relation drawn, realised and
documented, no orphan); each diagram's nodes are exactly its view's components and its DOT parses;
no model text is a live payload in the docs' Markdown. Expensive steps are shared: the templates of
every model are linted by one cfn-lint run at the end, and one model in SITE_EVERY is built with
`mkdocs build --strict` and its HTML searched for live payloads.

`make test` runs EXAMPLES=200 (seeded, the same models every run); `make fuzz` runs 5,000.
"""

from __future__ import annotations

import ast
import collections
import functools
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, reject, seed, settings

from archgen.audit import run_audit
from archgen.audit.diagrams import read_dot
from archgen.graph import SystemGraph
from archgen.pipeline import run
from archgen.render.diagram_views import all_views
from archgen.validate import load_model
from tests.docs.conftest import build_site
from tests.docs.test_docs_hostile import _Live
from tests.fuzz.models import raw_model, valid_project
from tests.safety.test_generation import cfn_lint

EXAMPLES = int(os.environ.get("ARCHGEN_FUZZ_EXAMPLES", "200"))
SITE_EVERY = int(os.environ.get("ARCHGEN_FUZZ_SITE_EVERY", "50"))
SEED = int(os.environ.get("ARCHGEN_FUZZ_SEED", "20261202"))
# A folder to keep every model's project in (model N in a lint finding is KEEP/N): for triage only.
KEEP = os.environ.get("ARCHGEN_FUZZ_KEEP")
# Shrinking a failing model takes minutes (each try generates a project); the failing model is printed
# whole anyway. ARCHGEN_FUZZ_SHRINK=1 shrinks it.
PHASES = tuple(Phase) if os.environ.get("ARCHGEN_FUZZ_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
STATS: collections.Counter[str] = collections.Counter()
ORIGIN: dict[str, str] = {}  # a linted template's file name -> the model and template it came from
# Pages already read for live payloads, by digest: the reference pages (kinds, rules) are the same for every
# model, and the same bytes make the same HTML.
PAGES_READ: set[str] = set()


def _html(text: str, config: dict[str, Any]) -> str:
    """A page's Markdown (front matter dropped) as HTML, with the extensions of the site's mkdocs.yml."""
    body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    return _markdown(repr(config.get("markdown_extensions", []))).reset().convert(body)


@functools.lru_cache(maxsize=4)
def _markdown(extensions: str) -> markdown.Markdown:
    """One converter per set of extensions (setting them up costs more than most pages)."""
    names, options = [], {}
    for item in ast.literal_eval(extensions):
        name, option = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        if option:
            options[name] = option
    return markdown.Markdown(extensions=names, extension_configs=options)


@pytest.fixture(scope="module")
def lint_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-templates")


def check_outputs(root: Path, model: Path, lint_folder: Path, number: int) -> None:
    result = run(model)
    assert result.report is not None and result.report.refused == []
    audit = run_audit(model)
    assert audit.passed, [(leg.name, str(problem)) for leg in audit.legs for problem in leg.problems]
    graph = SystemGraph(load_model(model))
    for view_id, view in all_views(graph).items():
        drawing = read_dot(root / "diagrams" / f"{view_id}.dot")
        assert set(drawing.nodes) == set(view.components), view_id
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    for page in sorted((root / "docs").rglob("*.md")):
        if page.relative_to(root / "docs").parts[0] == "worklog":
            continue
        text = page.read_text("utf-8")
        digest = hashlib.sha256((repr(config.get("markdown_extensions")) + text).encode()).hexdigest()
        if digest in PAGES_READ:
            continue
        PAGES_READ.add(digest)
        parser = _Live()  # the page as mkdocs's Markdown makes it HTML, with the site's extensions
        parser.feed(_html(text, config))
        assert parser.found == [], (page.name, parser.found)
    for template in sorted((root / "deploy").glob("*.yaml")):  # the same template once (many models share some)
        digest = hashlib.sha256(template.read_bytes()).hexdigest()[:16]
        ORIGIN.setdefault(digest, f"model {number}: {template.name}")
        shutil.copyfile(template, lint_folder / f"{digest}.yaml")
    if number % SITE_EVERY == 0:
        site = build_site(root).site
        live = {}
        for html in sorted(site.rglob("*.html")):
            parser = _Live()
            parser.feed(html.read_text("utf-8"))
            if parser.found:
                live[html.relative_to(site).as_posix()] = parser.found
        assert live == {}
        STATS["sites built"] += 1


@seed(SEED)
@settings(max_examples=EXAMPLES, deadline=None, database=None, print_blob=True, phases=PHASES,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(data=raw_model())
def test_random_valid_models_generate(data: dict[str, Any], lint_folder: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="archgen-fuzz-") as scratch:
        root = Path(scratch)
        made = valid_project(root, data)
        if made is None:
            STATS["rejected"] += 1
            reject()
        model, _ = made
        STATS["models"] += 1
        STATS["components"] += len(data["components"])
        STATS["relations"] += len(data["relations"])
        STATS["flows"] += len(data["flows"])
        STATS.update(f"kind {c['kind']}" for c in data["components"].values())
        if KEEP:
            shutil.copytree(root, Path(KEEP) / str(STATS["models"]), dirs_exist_ok=True)
        check_outputs(root, model, lint_folder, STATS["models"])


def test_every_fuzzed_template_lints_clean(lint_folder: Path) -> None:
    """One cfn-lint run over the templates of every model above (cfn-lint's start-up is most of its time)."""
    templates = list(lint_folder.glob("*.yaml"))
    if not templates:
        pytest.skip("the fuzz test did not run in this process")
    # W2531 (a deprecated runtime) is what the model itself is warned of (rule W203): a valid model may choose one
    findings = "\n".join(line for line in cfn_lint(lint_folder).splitlines()
                         if ":W2531:" not in line)
    print(f"\nfuzz: {dict(sorted(STATS.items()))}, {len(templates)} distinct templates linted")
    for digest, origin in ORIGIN.items():
        findings = findings.replace(f"{digest}.yaml", f"{digest}.yaml ({origin})")
    assert findings == ""
