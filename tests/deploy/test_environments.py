"""Two environments of the default model (dev in deploy/, qa in deploy/qa/) side by side in one local
account: every stack of both deploys, no physical name or domain is shared, the account's API Gateway
setting is dev's alone, and destroying qa leaves dev as it was."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from archgen.deploy.manifest import read_manifest
from tests.deploy.localaws import cli, client, local  # noqa: F401

Local = tuple[str, Path]
# Physical ids that are names inside their parent, not in the account: a stage is `v1` of its own API.
SCOPED_BY_PARENT = {"AWS::ApiGateway::Stage"}


def _physical_ids(endpoint: str, project: Path, folder: str) -> dict[str, str]:
    """physical id -> `stack/logical id`, over every stack of one environment."""
    found = {}
    for spec in read_manifest(project, folder).stacks:
        cfn = client(endpoint, "cloudformation", spec.region)
        for resource in cfn.describe_stack_resources(StackName=spec.stack_name)["StackResources"]:
            if resource["ResourceType"] in SCOPED_BY_PARENT:
                continue
            # the local AWS gives some resources (a bucket policy, a permission) no physical id
            physical = resource.get("PhysicalResourceId") or f"(none) {spec.stack_name}/{resource['LogicalResourceId']}"
            found[physical] = f"{spec.stack_name}/{resource['LogicalResourceId']}"
    return found


def _statuses(endpoint: str, project: Path, folder: str) -> set[str]:
    statuses = set()
    for spec in read_manifest(project, folder).stacks:
        summaries = client(endpoint, "cloudformation", spec.region).list_stacks()["StackSummaries"]
        statuses |= {s["StackStatus"] for s in summaries if s["StackName"] == spec.stack_name} - {"DELETE_COMPLETE"}
    return statuses or {"absent"}


def test_two_environments_deploy_side_by_side(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    times = {}
    for env in ("dev", "qa"):
        start = time.perf_counter()
        extra = ("--env", env) if env != "dev" else ()
        assert cli(project, endpoint, "deploy", "--yes", *extra) == 0, capsys.readouterr().err
        times[env] = time.perf_counter() - start
    with capsys.disabled():
        print(f"\nlocal deploy of dev {times['dev']:.1f} s, then qa beside it {times['qa']:.1f} s")
    assert _statuses(endpoint, project, "deploy") == _statuses(endpoint, project, "deploy/qa") == {"CREATE_COMPLETE"}
    dev, qa = _physical_ids(endpoint, project, "deploy"), _physical_ids(endpoint, project, "deploy/qa")
    assert len(dev) > 50 and len(qa) > 50
    shared = sorted(set(dev) & set(qa))
    assert shared == [], f"physical ids both environments hold: {[(p, dev[p], qa[p]) for p in shared]}"
    assert "items-app-qa-items-table" in qa and "items-app-dev-items-table" in dev
    # Each its own domain: the certificates (in us-east-1, where CloudFront takes them) name dev's and qa's.
    acm = client(endpoint, "acm", "us-east-1")
    domains = sorted(c["DomainName"] for c in acm.list_certificates()["CertificateSummaryList"])
    assert domains == ["items.example.com", "qa.items.example.com"]
    # The account's one API Gateway setting belongs to dev's stack; qa relies on it.
    assert any(name.endswith("/ApiAccount") for name in dev.values())
    assert not any(name.endswith("/ApiAccount") for name in qa.values())


def test_the_diff_of_one_environment_goes_to_its_folder(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    assert cli(project, endpoint, "diff", "--env", "qa") == 0, capsys.readouterr().err
    report = (project / "deploy" / "qa" / "diff" / "report.md").read_text()
    assert "## backend" in report and report.count("No changes.") == 8  # qa as deployed: nothing to change
    assert not (project / "deploy" / "diff").exists()


def test_destroying_one_environment_leaves_the_other(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    before = _physical_ids(endpoint, project, "deploy")
    assert cli(project, endpoint, "destroy", "--yes", "--env", "qa") == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "backend: ItemsTableTable (AWS::DynamoDB::Table) items-app-qa-items-table" in out
    assert _statuses(endpoint, project, "deploy/qa") == {"absent"}
    assert (project / "deploy" / "qa" / "last-deploy.json").is_file()
    assert _physical_ids(endpoint, project, "deploy") == before
    assert _statuses(endpoint, project, "deploy") == {"CREATE_COMPLETE"}


def test_an_unknown_environment_is_one_line(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    assert cli(project, endpoint, "deploy", "--yes", "--env", "prod") == 1
    err = capsys.readouterr().err
    assert err.strip() == ("error: unknown environment 'prod': the model has dev, qa (system.environments)")
