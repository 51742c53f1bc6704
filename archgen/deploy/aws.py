"""AWS access for deploy: one boto3 session, clients per service and region, and the artifact buckets.

Credentials come from the usual places (environment, profile, instance role); they are never
printed or written. `--endpoint-url` points every client at any AWS-compatible endpoint.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

from archgen.deploy.manifest import DeployError



def _retries() -> Config:
    """Throttling and 5xx answers are retried (AWS_MAX_ATTEMPTS, as every AWS tool reads it; default 8)."""
    attempts = os.environ.get("AWS_MAX_ATTEMPTS", "")
    return Config(retries={"max_attempts": int(attempts) if attempts.isdigit() else 8, "mode": "standard"})


# Everything boto3 raises for a failed call: AWS's refusal, no answer, or an answer that is not AWS's.
AWS_ERRORS: tuple[type[Exception], ...] = (ClientError, BotoCoreError, ResponseParserError)
_TITLE = re.compile(r"<title>([^<]{1,120})</title>", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    profile: str | None = None
    endpoint_url: str | None = None
    region: str | None = None  # replaces the system's region; regions AWS pins (us-east-1) stay


@dataclass
class Aws:
    target: Target
    _session: Any = None
    _clients: dict[tuple[str, str], Any] = field(default_factory=dict)
    last_call: str = ""  # the API operation in flight, for an error that does not name it

    @property
    def session(self) -> Any:
        if self._session is None:
            try:
                self._session = boto3.Session(profile_name=self.target.profile)
            except BotoCoreError as exc:
                raise DeployError(f"AWS profile: {exc}") from None
        return self._session

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self._clients:
            client = self.session.client(service, region_name=region, config=_retries(),
                                         endpoint_url=self.target.endpoint_url)
            client.meta.events.register("before-call", self._remember_call)
            self._clients[key] = client
        return self._clients[key]

    def _remember_call(self, model: Any, **_: Any) -> None:
        self.last_call = str(model.name)

    def account(self, region: str) -> str:
        try:
            return str(self.client("sts", region).get_caller_identity()["Account"])
        except (ClientError, BotoCoreError) as exc:
            raise DeployError(f"cannot reach AWS to identify the account ({_reason(exc)}): check your "
                              "credentials (AWS_PROFILE / --profile) or --endpoint-url") from None

    def artifact_bucket(self, system: str, environment: str, region: str) -> str:
        """The private, encrypted bucket deploy keeps code and large templates in (made when missing)."""
        name = f"{system}-{environment}-artifacts-{self.account(region)}-{region}"[:63]
        s3 = self.client("s3", region)
        try:
            s3.head_bucket(Bucket=name)
            return name
        except ClientError:
            pass
        create: dict[str, Any] = {"Bucket": name}
        if region != "us-east-1":
            create["CreateBucketConfiguration"] = {"LocationConstraint": region}
        s3.create_bucket(**create)
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True})
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        return name

    def upload(self, bucket: str, key: str, data: bytes, region: str) -> None:
        s3 = self.client("s3", region)
        try:
            s3.head_object(Bucket=bucket, Key=key)
            return  # content-addressed keys: present means identical
        except ClientError:
            s3.put_object(Bucket=bucket, Key=key, Body=data)

    def hosted_zone(self, domain: str, region: str) -> str:
        """The id of the Route 53 zone that holds `domain` (the longest matching zone name)."""
        zones = self.client("route53", region).list_hosted_zones()["HostedZones"]
        matches = [z for z in zones if f"{domain}.".endswith("." + z["Name"]) or f"{domain}." == z["Name"]]
        if not matches:
            raise DeployError(f"no Route 53 hosted zone holds {domain}: create the zone of its parent domain "
                              "first (Route 53 console or `aws route53 create-hosted-zone`)")
        best = max(matches, key=lambda z: len(z["Name"]))
        return str(best["Id"]).rsplit("/", 1)[-1]


def _reason(exc: Exception) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Message", exc))
    return str(exc)


def aws_error(exc: Exception, call: str = "") -> str:
    """One line for any error boto3 raises: the call, AWS's code and HTTP status, and its message."""
    if isinstance(exc, ResponseParserError):  # e.g. a proxy's or server's HTML error page
        text = str(exc)
        title = _TITLE.search(text)
        status = re.search(r"\b([45]\d\d)\b", title.group(1) if title else text)
        what = title.group(1).strip() if title else " ".join(text.split())[:100]
        where = f" (HTTP {status.group(1)})" if status else ""
        return f"{call or 'the call'} failed{where}: the endpoint answered with something that is not AWS's " \
               f"answer: {what}"
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        code = str(error.get("Code") or "error")
        message = " ".join(str(error.get("Message") or "").split()) or "(AWS gave no message)"
        if code == str(status):  # an answer boto3 could not parse (an HTML error page): only the status is known
            code = "HTTP error"
        where = f" (HTTP {status})" if status else ""
        return f"{exc.operation_name} failed: {code}{where}: {message}"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
