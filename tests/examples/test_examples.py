"""Every design in examples/: its committed outputs are what its model generates, its templates lint
clean and pass checkov, the audit finds every relation drawn, realised and documented, and it deploys
on the local AWS (moto's server, with the project's adapters)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archgen.deploy.console import Console

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(path.parent.parent for path in (REPO / "examples").glob("*/model/system.yaml"))
IDS = [path.name for path in EXAMPLES]


def _generate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "generate.py", *args], cwd=REPO, capture_output=True, text=True)


def test_there_are_examples() -> None:
    assert len(EXAMPLES) >= 1


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_committed_outputs_are_what_the_model_generates(example: Path) -> None:
    run = _generate("--check", "--model", str(example.relative_to(REPO)))
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_audit_finds_everything(example: Path) -> None:
    run = _generate("audit", "--quiet", "--model", str(example.relative_to(REPO)))
    assert run.returncode == 0, run.stdout + run.stderr


def test_every_examples_templates_lint_clean() -> None:
    files = sorted(str(p) for example in EXAMPLES for p in (example / "deploy").glob("*.yaml"))
    run = subprocess.run([str(REPO / ".venv" / "bin" / "cfn-lint"), "--include-checks", "I", "--", *files],
                         capture_output=True, text=True)
    assert run.returncode == 0 and run.stdout == "", run.stdout


CHECKOV = REPO / ".venv-checkov" / "bin" / "checkov"


@pytest.mark.skipif(not CHECKOV.exists(), reason="checkov's virtualenv is not there: `make checkov-venv`")
def test_checkov_fails_nothing() -> None:
    """One checkov run over every example's templates: its start-up is most of its time (one run of 47
    templates takes 28 s, one run per example 200 s, with the same 1,224 checks passed and 98 skipped)."""
    files = sorted(str(p.relative_to(REPO)) for example in EXAMPLES for p in (example / "deploy").glob("*.yaml"))
    run = subprocess.run([str(CHECKOV), "--framework", "cloudformation", "--skip-download", "--output", "json",
                          "--file", *files], cwd=REPO, capture_output=True, text=True)
    report = json.loads(run.stdout)
    report = report[0] if isinstance(report, list) else report
    results = report["results"]
    assert report["summary"]["failed"] == 0, [(c["check_id"], c["file_path"]) for c in results["failed_checks"]]
    checked = {c["file_abs_path"] for c in results["passed_checks"] + results["skipped_checks"]}
    assert len(checked) >= len(EXAMPLES), "checkov checked hardly any template: " + run.stderr[-2000:]
    for skipped in results["skipped_checks"]:
        assert len(skipped["check_result"].get("suppress_comment", "")) > 20, (skipped["check_id"],
                                                                              skipped["file_path"])


@pytest.mark.parametrize("example", EXAMPLES, ids=IDS)
def test_deploys_on_the_local_aws(example: Path, tmp_path: Path) -> None:
    from archgen.deploy.try_local import deploy_locally

    # a copy: a deploy records its outputs beside the model, and the repository's copy stays as committed
    project = tmp_path / example.name
    shutil.copytree(example, project, ignore=shutil.ignore_patterns("last-deploy.json", "diff"))
    # without deploy's gates, half of this test's time: this file's other tests are the same two checks
    # (the committed outputs are what the model generates, the templates lint clean)
    outputs, _ = deploy_locally(project, Console(quiet=True), checks=False)
    manifest = json.loads((example / "deploy" / "manifest.json").read_text("utf-8"))
    assert set(outputs) == {entry["name"] for entry in manifest["stacks"]}
    for entry in manifest["stacks"]:
        assert set(entry["outputs"]) <= set(outputs[entry["name"]]), entry["name"]
