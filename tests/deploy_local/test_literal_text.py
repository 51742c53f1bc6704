"""Model text deploys as the text the model wrote: a `${name}` in a parameter's value reaches SSM as
`${name}` (not Sub's escape `${!name}`), and a `{{resolve:...}}` in model text is never resolved, so a
merge request cannot read a parameter or a secret into the stack."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archgen.cli import main
from tests.deploy_local.stacks import REGION, Clients, create_by_change_set
from tests.safety.test_generation import cfn_lint

VALUE = "Dear ${name}, ${AWS::Region} $${x} ${aws:username} {{resolve:ssm:/other/parameter}} end"
DESCRIPTION = "Greets ${name} with {{resolve:secretsmanager:prod/db:SecretString:password}}"
# what SSM holds: the value as written, the dynamic reference cut so that CloudFormation leaves it as text
DEPLOYED = VALUE.replace("{{resolve:", "{ {resolve:")

MODEL = {
    "system": {"name": "greeter", "title": "Greeter", "description": "One parameter.", "region": REGION,
               "environment": "dev", "domain": "greeter.example.org"},
    "components": {"greeting": {"kind": "ssm.parameter", "label": "Greeting", "description": DESCRIPTION,
                                "settings": {"value": VALUE}}},
    "relations": [],
}


@pytest.fixture(scope="module")
def synthesized(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("literal-text")
    (root / "model").mkdir()
    (root / "model" / "system.yaml").write_text(yaml.safe_dump(MODEL, allow_unicode=True), "utf-8")
    assert main(["--quiet", "--model", str(root / "model"), "synth"]) == 0
    return root / "deploy"


def test_the_templates_hold_no_live_dynamic_reference_and_lint_clean(synthesized: Path) -> None:
    texts = "".join(path.read_text("utf-8") for path in sorted(synthesized.glob("*.yaml")))
    assert "{{resolve:" not in texts
    assert "{ {resolve:ssm:/other/parameter}}" in texts
    assert cfn_lint(synthesized) == ""


def test_the_parameter_deploys_with_exactly_the_models_value(synthesized: Path, aws: Clients) -> None:
    [path] = [p for p in synthesized.glob("*.yaml") if "AWS::SSM::Parameter" in p.read_text("utf-8")]
    create_by_change_set(aws("cloudformation"), "greeter-literal", path.read_text("utf-8"))
    parameter = aws("ssm").get_parameter(Name="/greeter/dev/greeting")["Parameter"]
    assert parameter["Value"] == DEPLOYED
