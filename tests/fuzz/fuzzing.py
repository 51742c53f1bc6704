"""Property: every random valid model (tests/fuzz/models.py) generates, and its outputs are sound.

For each model: generate exits with no exception; `audit` passes (every relation drawn, realised and
documented, no orphan); each diagram's nodes are exactly its view's components and its DOT parses;
no model text is a live payload in the docs' Markdown. Expensive steps are shared: the templates of
every model are linted by one cfn-lint run at the end, and one model in SITE_EVERY is built with
`mkdocs build --strict` and its HTML searched for live payloads.

`make test` runs EXAMPLES=140 (seeded, the same models every run) in SHARDS files (`test_fuzz_<i>.py`), which
pytest-xdist runs on different workers; `make fuzz` runs 5,000.
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

EXAMPLES = int(os.environ.get("ARCHGEN_FUZZ_EXAMPLES", "140"))
SITE_EVERY = int(os.environ.get("ARCHGEN_FUZZ_SITE_EVERY", "35"))
SEED = int(os.environ.get("ARCHGEN_FUZZ_SEED", "20261202"))
SHARDS = 2  # the files test_fuzz_0.py and test_fuzz_1.py, each running EXAMPLES / SHARDS models
assert sorted(path.name for path in Path(__file__).parent.glob("test_fuzz_*.py")) == [
    f"test_fuzz_{index}.py" for index in range(SHARDS)], "one file per shard: else some models never run"
# A folder to keep every model's project in (model I-N in a lint finding is KEEP/I-N): for triage only.
KEEP = os.environ.get("ARCHGEN_FUZZ_KEEP")
# Shrinking a failing model takes minutes (each try generates a project); the failing model is printed
# whole anyway. ARCHGEN_FUZZ_SHRINK=1 shrinks it.
PHASES = tuple(Phase) if os.environ.get("ARCHGEN_FUZZ_SHRINK") else (Phase.explicit, Phase.reuse, Phase.generate)
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


def check_outputs(root: Path, model: Path, stats: collections.Counter[str], number: int) -> list[Path]:
    """Every check of one model's outputs but the lint; its templates, for the one lint run at the end."""
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
    if number % SITE_EVERY == 0:
        site = build_site(root).site
        live = {}
        for html in sorted(site.rglob("*.html")):
            parser = _Live()
            parser.feed(html.read_text("utf-8"))
            if parser.found:
                live[html.relative_to(site).as_posix()] = parser.found
        assert live == {}
        stats["sites built"] += 1
    return sorted((root / "deploy").glob("*.yaml"))


def shard_tests(index: int) -> tuple[Any, Any, Any]:
    """The fixture and the two tests of shard `index` of SHARDS: EXAMPLES / SHARDS models seeded SEED + 1000 *
    index, then one cfn-lint run over their templates. Each shard is a file of its own, so that
    pytest-xdist (`--dist loadfile`) runs the shards on different workers at once."""
    examples = -(-EXAMPLES // SHARDS)
    stats: collections.Counter[str] = collections.Counter()
    origin: dict[str, str] = {}  # a linted template's file name -> the model and template it came from

    @pytest.fixture(scope="module")
    def lint_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
        return tmp_path_factory.mktemp(f"fuzz-templates-{index}")

    @seed(SEED + 1000 * index)
    @settings(max_examples=examples, deadline=None, database=None, print_blob=True, phases=PHASES,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                     HealthCheck.data_too_large])
    @given(data=raw_model())
    def test_random_valid_models_generate(data: dict[str, Any], lint_folder: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="archgen-fuzz-") as scratch:
            root = Path(scratch)
            made = valid_project(root, data)
            if made is None:
                stats["rejected"] += 1
                reject()
            model, _ = made
            stats["models"] += 1
            stats["components"] += len(data["components"])
            stats["relations"] += len(data["relations"])
            stats["flows"] += len(data["flows"])
            stats.update(f"kind {c['kind']}" for c in data["components"].values())
            number = stats["models"]
            if KEEP:
                shutil.copytree(root, Path(KEEP) / f"{index}-{number}", dirs_exist_ok=True)
            for template in check_outputs(root, model, stats, number):
                digest = hashlib.sha256(template.read_bytes()).hexdigest()[:16]  # a template many models share
                origin.setdefault(digest, f"model {index}-{number}: {template.name}")  # is linted once
                shutil.copyfile(template, lint_folder / f"{digest}.yaml")

    def test_every_fuzzed_template_lints_clean(lint_folder: Path) -> None:
        """One cfn-lint run over the templates of every model above (cfn-lint's start-up is most of its time)."""
        templates = list(lint_folder.glob("*.yaml"))
        if not templates:
            pytest.skip("the fuzz test did not run in this process")
        # W2531 (a deprecated runtime) is what the model itself is warned of (rule W203): a valid model may
        # choose one
        findings = "\n".join(line for line in cfn_lint(lint_folder).splitlines() if ":W2531:" not in line)
        print(f"\nfuzz shard {index}: {dict(sorted(stats.items()))}, {len(templates)} distinct templates linted")
        for digest, where in origin.items():
            findings = findings.replace(f"{digest}.yaml", f"{digest}.yaml ({where})")
        assert findings == ""

    return lint_folder, test_random_valid_models_generate, test_every_fuzzed_template_lints_clean
