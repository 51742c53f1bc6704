"""The local AWS for these tests: one server per test module on a free loopback port, fake
credentials only (no profile, no config file: nothing here can reach a real account)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from archgen.deploy.local.server import local_aws
from tests.deploy_local.stacks import REGION, Clients

FAKE_ENVIRONMENT = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
}
UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FAKE_ENVIRONMENT.items():
            patch.setenv(name, value)
        for name in UNSET:
            patch.delenv(name, raising=False)
        with local_aws() as url:
            yield url


@pytest.fixture(scope="module")
def aws(endpoint: str) -> Clients:
    """aws("cloudformation") -> a boto3 client of the local endpoint (REGION unless told)."""
    def client(service: str, region: str = REGION) -> Any:
        return boto3.client(service, endpoint_url=endpoint, region_name=region,
                            aws_access_key_id="testing", aws_secret_access_key="testing")
    return client
