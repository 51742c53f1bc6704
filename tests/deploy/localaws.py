"""The local AWS with a generated copy of the default model, for the deploy command's tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
import yaml

from archgen.cli import main
from archgen.deploy.manifest import read_manifest
from archgen.graph import SystemGraph
from archgen.pipeline import run
from archgen.validate import load_model
from tests.conftest import MODEL

# AWS_MAX_ATTEMPTS: an injected 500 is retried once, not eight times with back-off.
FAKE = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_MAX_ATTEMPTS": "2",
        "AWS_CONFIG_FILE": "/nonexistent/aws-config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials"}


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The local AWS and a generated copy of the default model, with its hosted zone made."""
    from archgen.deploy.local.server import local_aws

    project = tmp_path_factory.mktemp("deployed")
    shutil.copytree(MODEL, project / "model", ignore=shutil.ignore_patterns("__pycache__"))
    run(project / "model")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FAKE.items():
            patch.setenv(name, value)
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
            patch.delenv(name, raising=False)
        with local_aws() as endpoint:
            graph = SystemGraph(load_model(project / "model"))
            client(endpoint, "route53", graph.system.region).create_hosted_zone(
                Name=graph.system.domain.split(".", 1)[1], CallerReference="tests")
            yield endpoint, project


def client(endpoint: str, service: str, region: str) -> Any:
    return boto3.client(service, endpoint_url=endpoint, region_name=region,
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def cli(project: Path, endpoint: str, *args: str) -> int:
    return main([*args, "--model", str(project / "model"), "--endpoint-url", endpoint])


def stack_status(endpoint: str, project: Path) -> dict[str, str]:
    statuses = {}
    for spec in read_manifest(project).stacks:
        stacks = client(endpoint, "cloudformation", spec.region).list_stacks()["StackSummaries"]
        live = [s for s in stacks if s["StackName"] == spec.stack_name and s["StackStatus"] != "DELETE_COMPLETE"]
        statuses[spec.name] = live[0]["StackStatus"] if live else "absent"
    return statuses




def add_resource(project: Path, stack: str, logical_id: str, body: dict[str, Any]) -> str:
    """Hand-edit one generated template (as a failure test must); returns the original text."""
    template = project / "deploy" / f"{stack}.yaml"
    original = template.read_text()
    data = yaml.safe_load(original)
    data["Resources"][logical_id] = body
    template.write_text(yaml.safe_dump(data, sort_keys=False))
    return original


def failing(reason: str, fail_on: str = "Create", component: str = "site-bucket") -> dict[str, Any]:
    return {"Type": "Archgen::Test::Fail", "Metadata": {"archgen": {"component": component}},
            "Properties": {"Reason": reason, "FailOn": fail_on}}
