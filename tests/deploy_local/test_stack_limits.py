"""A model past each of CloudFormation's per-stack limits: split stacks that lint clean and deploy.

The backend of the limits model (105 units) would hold over 500 resources, 200 outputs and 1 MB of
template in one stack; its monitoring stack would take over 200 parameters. Each splits into ordered sub-stacks,
every one within the limits, cfn-lint finds nothing, and the whole deploys on the local AWS, the
templates over 51,200 bytes passed as TemplateURL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from archgen.cli import main
from archgen.deploy.console import Console
from archgen.stack_limits import LIMITS, usage

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
from synthetic_model import HANDLER, limits_model  # noqa: E402

pytestmark = pytest.mark.long(2)  # minutes: cfn-lint on 3 MB of templates, then a deploy of 48 units

UNITS = 105  # the fewest that pass all four limits at once
# Deploying all 105 units' stacks on the local AWS takes minutes (18 on a busy 2-core machine): the
# suite deploys a model past the resource limit (two backend sub-stacks, both sent as TemplateURL),
# and the whole limits model when ARCHGEN_SLOW_TESTS=1.
DEPLOY_UNITS = UNITS if os.environ.get("ARCHGEN_SLOW_TESTS") == "1" else 48


def _write(root: Path, units: int) -> Path:
    model = root / "model"
    model.mkdir()
    data = limits_model(units)
    (model / "system.yaml").write_text(yaml.safe_dump(data, sort_keys=False, width=120), "utf-8")
    for entry in data["components"].values():
        source = entry.get("settings", {}).get("source")
        if source:
            (model / source).mkdir(parents=True)
            (model / source / "handler.py").write_text(HANDLER, "utf-8")
    assert main(["--quiet", "--model", str(model), "synth"]) == 0
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(tmp_path_factory.mktemp("limits"), UNITS)


def templates(project: Path) -> dict[str, dict[str, object]]:
    return {path.stem: yaml.load(path.read_text("utf-8"), Loader=yaml.CSafeLoader)
            for path in sorted((project / "deploy").glob("*.yaml"))}


def test_each_limit_is_passed_whole_and_met_by_every_part(project: Path) -> None:
    found = templates(project)
    assert "backend" not in found and "monitoring" not in found  # both split
    backend = [name for name in found if name.startswith("backend-")]
    assert len(backend) >= 3 and any(name.startswith("monitoring-") and name[-1].isdigit() for name in found)
    whole = {"resources": 0, "outputs": 0, "bytes": 0}
    for name in backend:
        used = usage(found[name])  # type: ignore[arg-type]
        assert all(used[k] <= LIMITS[k] for k in LIMITS), (name, used)
        whole = {k: whole[k] + used[k] for k in whole}
    assert all(whole[k] > LIMITS[k] for k in whole), whole  # one stack would have passed all three
    monitoring = [usage(found[n]) for n in found if n.startswith("monitoring-") and n[-1].isdigit()]  # type: ignore[arg-type]
    assert sum(u["parameters"] for u in monitoring) > LIMITS["parameters"]
    assert all(u["parameters"] <= LIMITS["parameters"] for u in monitoring)


def test_the_parts_deploy_in_order_and_wire_through_the_manifest(project: Path) -> None:
    manifest = json.loads((project / "deploy" / "manifest.json").read_text("utf-8"))
    order = [entry["name"] for entry in manifest["stacks"]]
    for entry in manifest["stacks"]:
        for parameter in entry["parameters"].values():
            if "stack" in parameter:
                assert order.index(parameter["stack"]) < order.index(entry["name"]), (entry["name"], parameter)


def test_split_stacks_lint_clean(project: Path) -> None:
    files = sorted(str(p) for p in (project / "deploy").glob("*.yaml"))
    run = subprocess.run([str(REPO / ".venv" / "bin" / "cfn-lint"), "--include-checks", "I", "--", *files],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "", run.stdout[:2000]


def test_split_stacks_deploy_on_the_local_aws(tmp_path: Path) -> None:
    from archgen.deploy.try_local import deploy_locally

    project = _write(tmp_path, DEPLOY_UNITS)
    assert any(p.name.startswith("backend-") for p in (project / "deploy").glob("*.yaml"))
    console = Console(quiet=True)
    said: list[str] = []
    console.say = said.append  # type: ignore[method-assign]
    # without deploy's gates: the templates were just generated, and the lint test above lints the same
    # units' templates (105 of them, where these are 48)
    outputs, _ = deploy_locally(project / "model", console, checks=False)
    manifest = json.loads((project / "deploy" / "manifest.json").read_text("utf-8"))
    assert set(outputs) == {entry["name"] for entry in manifest["stacks"]}
    big = [entry["name"] for entry in manifest["stacks"] if (project / entry["template"]).stat().st_size > 51_200]
    assert big and all(any(line.startswith(f"{name}: template over") and "TemplateURL" in line for line in said)
                       for name in big)
