"""Deploy is safe to run again after any failure, on the local AWS, with the default model.

One scenario in order (a module on one worker): a first deploy that fails and is fixed, a change
set left for review, an update that fails and rolls back, a rollback that fails and is continued,
an AWS 500, stale templates, a replacement diffed; then destroy -> deploy with the data kept.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from moto.cloudformation.models import CloudFormationBackend
from moto.s3.models import s3_backends

from archgen.deploy.gates import check_lint
from archgen.deploy.manifest import DeployError, StackSpec
from archgen.deploy.state import read_retained
from archgen.pipeline import run
from tests.deploy.localaws import add_resource, cli, client, failing, local, stack_status  # noqa: F401

REGION = "ap-southeast-1"
Local = tuple[str, Path]


def deploy(project: Path, endpoint: str, *args: str) -> int:
    return cli(project, endpoint, "deploy", *args)


def test_a_change_set_left_for_review_does_not_block_the_next_deploy(local: Local) -> None:
    endpoint, project = local
    assert deploy(project, endpoint, "--no-execute", "--stack", "auth") == 0
    assert stack_status(endpoint, project)["auth"] == "REVIEW_IN_PROGRESS"
    assert deploy(project, endpoint, "--yes", "--stack", "auth") == 0
    assert stack_status(endpoint, project)["auth"] == "CREATE_COMPLETE"


# The stacks the frontend stack needs (its bucket policy names the distribution), deployed first.
NEEDED_BY_FRONTEND = ("edge-us-east-1", "auth", "backend", "edge")


def test_a_failed_first_deploy_is_deleted_and_created_again(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    assert deploy(project, endpoint, "--yes", *(f"--stack={name}" for name in NEEDED_BY_FRONTEND)) == 0
    original = add_resource(project, "frontend", "Broken", failing("the first deploy breaks"))
    assert deploy(project, endpoint, "--yes", "--skip-checks", "--stack", "frontend") == 1
    assert "the first deploy breaks" in capsys.readouterr().err
    assert stack_status(endpoint, project)["frontend"] == "ROLLBACK_COMPLETE"
    (project / "deploy" / "frontend.yaml").write_text(original)
    assert deploy(project, endpoint, "--stack", "frontend") == 1  # no terminal, no --yes: nothing deleted
    err = capsys.readouterr().err
    assert "ROLLBACK_COMPLETE" in err and "deploy --yes deletes it and creates it again" in err
    assert stack_status(endpoint, project)["frontend"] == "ROLLBACK_COMPLETE"
    assert deploy(project, endpoint, "--yes", "--stack", "frontend") == 0
    # A rollback keeps what DeletionPolicy retains, as CloudFormation's does: the bucket is adopted.
    assert "frontend: adopting what an earlier destroy kept: SiteBucketBucket" in capsys.readouterr().out
    assert stack_status(endpoint, project)["frontend"] == "UPDATE_COMPLETE"


def test_every_stack_deploys(local: Local) -> None:
    endpoint, project = local
    assert deploy(project, endpoint, "--yes") == 0
    assert set(stack_status(endpoint, project).values()) <= {"CREATE_COMPLETE", "UPDATE_COMPLETE"}


def test_a_failed_update_rolls_back_and_the_next_deploy_succeeds(local: Local,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    original = add_resource(project, "frontend", "Broken", failing("the update breaks"))
    assert deploy(project, endpoint, "--yes", "--skip-checks", "--stack", "frontend") == 1
    assert "left in UPDATE_ROLLBACK_COMPLETE" in capsys.readouterr().err
    (project / "deploy" / "frontend.yaml").write_text(original)
    assert deploy(project, endpoint, "--yes", "--stack", "frontend") == 0
    assert "frontend: no changes" in capsys.readouterr().out  # the rollback restored exactly the template


def test_a_rollback_that_fails_is_continued_by_the_next_deploy(local: Local,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    original = add_resource(project, "frontend", "Fragile", failing("kept", fail_on="Never"))
    assert deploy(project, endpoint, "--yes", "--skip-checks", "--stack", "frontend") == 0
    add_resource(project, "frontend", "Fragile", failing("changed outside", fail_on="UpdateAndRollback"))
    assert deploy(project, endpoint, "--yes", "--skip-checks", "--stack", "frontend") == 1
    assert stack_status(endpoint, project)["frontend"] == "UPDATE_ROLLBACK_FAILED"
    capsys.readouterr()
    (project / "deploy" / "frontend.yaml").write_text(original)
    assert deploy(project, endpoint, "--yes", "--stack", "frontend") == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "continuing the rollback" in out and "Remove" in out and "Fragile" in out
    assert stack_status(endpoint, project)["frontend"] == "UPDATE_COMPLETE"


def test_an_aws_500_is_one_line_and_no_traceback(local: Local, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint, project = local

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("injected server fault")

    monkeypatch.setattr(CloudFormationBackend, "create_change_set", broken)
    system = project / "model" / "system.yaml"
    before = system.read_text()
    system.write_text(before.replace("memory_mb: 256", "memory_mb: 384"))
    run(project / "model")
    capsys.readouterr()
    logging.disable(logging.CRITICAL)  # the server's own log of the fault (same process) is not the CLI's output
    try:
        assert deploy(project, endpoint, "--yes", "--stack", "backend") == 1
    finally:
        logging.disable(logging.NOTSET)
        system.write_text(before)
        run(project / "model")
    err = capsys.readouterr().err
    [line] = err.strip().splitlines()
    assert "Traceback" not in err and "stack backend (items-app-dev-backend" in line
    assert "CreateChangeSet failed" in line and "HTTP 500" in line


def test_an_unreachable_endpoint_is_one_line(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    _, project = local
    assert deploy(project, "http://127.0.0.1:9", "--yes", "--stack", "frontend") == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1 and "127.0.0.1:9" in err


def test_stale_templates_are_refused_before_aws(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    template = project / "deploy" / "backend.yaml"
    original = template.read_text()
    template.write_text(original.replace("MemorySize: 256", "MemorySize: 100000"))
    cfn = client(endpoint, "cloudformation", REGION)
    events = len(cfn.describe_stack_events(StackName="items-app-dev-backend")["StackEvents"])
    try:
        assert deploy(project, endpoint, "--yes") == 1
    finally:
        template.write_text(original)
    err = capsys.readouterr().err
    assert "stale: deploy/backend.yaml" in err and "run 'python generate.py'" in err
    assert len(cfn.describe_stack_events(StackName="items-app-dev-backend")["StackEvents"]) == events


def test_a_template_that_does_not_lint_is_refused(tmp_path: Path) -> None:
    (tmp_path / "deploy").mkdir()
    (tmp_path / "deploy" / "bad.yaml").write_text(
        "Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 100000\n")
    spec = StackSpec("bad", "bad", "deploy/bad.yaml", REGION, 1, ())
    with pytest.raises(DeployError, match=r"deploy/bad.yaml:5:\d+: E\d+"):
        check_lint(tmp_path, [spec])


def test_diff_names_each_property_and_what_a_change_replaces(local: Local, capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    template = project / "deploy" / "backend.yaml"
    original = template.read_text()
    template.write_text(original.replace("FunctionName: items-app-dev-items-fn", "FunctionName: items-app-dev-renamed")
                        .replace("MemorySize: 256", "MemorySize: 320"))
    capsys.readouterr()
    try:
        assert cli(project, endpoint, "diff", "--stack", "backend") == 0
    finally:
        template.write_text(original)
    out = capsys.readouterr().out
    assert "ItemsFnFunction.FunctionName changed: items-app-dev-items-fn -> items-app-dev-renamed" in out
    assert "replaces the resource" in out and "ItemsFnFunction.MemorySize changed: 256 -> 320" in out
    assert "backend: will replace ItemsFnFunction (True)" in out
    report = (project / "deploy" / "diff" / "report.md").read_text()
    assert "| Modify | ItemsFnFunction | AWS::Lambda::Function | True |" in report
    assert "Will replace: ItemsFnFunction (True)." in report


def test_destroy_keeps_the_data_and_the_next_deploy_adopts_it(local: Local,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    endpoint, project = local
    dynamodb = client(endpoint, "dynamodb", REGION)
    # The bucket's policy denies plain HTTP (the local endpoint's): its object goes in through moto itself.
    s3 = s3_backends["123456789012"]["global"]
    dynamodb.put_item(TableName="items-app-dev-items-table", Item={"id": {"S": "kept-1"}, "name": {"S": "kept"}})
    bucket = f"items-app-dev-site-bucket-123456789012-{REGION}"
    s3.put_object(bucket, "index.html", b"<h1>kept</h1>")
    capsys.readouterr()
    start = time.perf_counter()
    assert cli(project, endpoint, "destroy", "--yes") == 0
    destroyed = time.perf_counter() - start
    out = capsys.readouterr().out
    assert "backend: ItemsTableTable (AWS::DynamoDB::Table) items-app-dev-items-table" in out
    assert f"frontend: SiteBucketBucket (AWS::S3::Bucket) {bucket}" in out
    assert "auth: UserPoolUserPool (AWS::Cognito::UserPool)" in out
    assert set(stack_status(endpoint, project).values()) == {"absent"}
    assert read_retained(project)["backend"]["ItemsTableTable"]["physical_id"] == "items-app-dev-items-table"
    start = time.perf_counter()
    assert deploy(project, endpoint, "--yes") == 0, capsys.readouterr().err
    redeployed = time.perf_counter() - start
    out = capsys.readouterr().out
    with capsys.disabled():
        print(f"\nlocal destroy {destroyed:.1f} s, redeploy adopting the kept resources {redeployed:.1f} s")
    assert "backend: adopting what an earlier destroy kept: ItemsTableTable (items-app-dev-items-table)" in out
    item = dynamodb.get_item(TableName="items-app-dev-items-table", Key={"id": {"S": "kept-1"}})["Item"]
    assert item["name"] == {"S": "kept"}
    assert s3.get_object(bucket, "index.html").value == b"<h1>kept</h1>"
    cfn = client(endpoint, "cloudformation", REGION)
    table = cfn.describe_stack_resource(StackName="items-app-dev-backend", LogicalResourceId="ItemsTableTable")
    assert table["StackResourceDetail"]["PhysicalResourceId"] == "items-app-dev-items-table"
    pools = client(endpoint, "cognito-idp", REGION).list_user_pools(MaxResults=60)["UserPools"]
    assert [p["Name"] for p in pools].count("items-app-dev-user-pool") == 1  # adopted, not duplicated
    statuses = stack_status(endpoint, project)
    assert statuses["backend"] == statuses["frontend"] == statuses["auth"] == "UPDATE_COMPLETE"
    assert set(statuses.values()) <= {"CREATE_COMPLETE", "UPDATE_COMPLETE"}
    assert read_retained(project) == {}
