"""After a local deploy of the default model, every key setting read back through the services' APIs is
the template's: the adapters and `_service_settings` keep what moto's CloudFormation dropped (PITR, SSE
with the table's key, tracing, KMS on functions and log groups, JSON logs, access logging)."""

from __future__ import annotations

from pathlib import Path

from archgen.deploy.aws import Target
from archgen.deploy.console import Console
from archgen.deploy.runner import Options, Runner
from archgen.graph import SystemGraph
from archgen.validate import load_model
from tests.deploy.localaws import cli, local  # noqa: F401

Local = tuple[str, Path]


def test_every_setting_read_back_is_the_templates(local: Local) -> None:
    endpoint, project = local
    assert cli(project, endpoint, "deploy", "--yes") == 0
    runner = Runner(SystemGraph(load_model(project / "model")), Options(target=Target(endpoint_url=endpoint)),
                    Console(quiet=True))
    read, gaps = runner.read_back()
    assert read >= 26
    assert [gap.line() for gap in gaps] == []
