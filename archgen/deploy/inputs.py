"""The values no stack produces: the function code, the artifact buckets, the hosted zone; and the templates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from archgen.deploy.aws import Aws
from archgen.deploy.changes import MAX_BODY
from archgen.deploy.manifest import DeployError, Manifest, ParameterSource, StackSpec
from archgen.deploy.package import code_key, package
from archgen.graph import SystemGraph
from archgen.inside import is_inside

_BUCKET_PARAMETER = re.compile(r"^ArtifactBucket(?P<region>[A-Za-z]+\d+)$")


class Inputs:
    def __init__(self, aws: Aws, graph: SystemGraph, manifest: Manifest,
                 region_of: Callable[[StackSpec], str]) -> None:
        self.aws = aws
        self.graph = graph
        self.manifest = manifest
        self.region_of = region_of
        self.root = Path(graph.model.root)
        self._buckets: dict[str, str] = {}

    def bucket(self, region: str) -> str:
        if region not in self._buckets:
            self._buckets[region] = self.aws.artifact_bucket(self.manifest.system, self.manifest.environment,
                                                             region)
        return self._buckets[region]

    def template(self, spec: StackSpec) -> dict[str, str]:
        """TemplateBody, or TemplateURL through the artifact bucket when the body is over the API's limit."""
        body = (self.root / spec.template).read_bytes()
        if len(body) <= MAX_BODY:
            return {"TemplateBody": body.decode("utf-8")}
        region = self.region_of(spec)
        bucket = self.bucket(region)
        key = code_key(f"templates/{spec.name}", body).removeprefix("functions/").replace(".zip", ".yaml")
        self.aws.upload(bucket, key, body, region)
        return {"TemplateURL": f"https://{bucket}.s3.{region}.amazonaws.com/{key}"}

    def value(self, spec: StackSpec, name: str, source: ParameterSource) -> str:
        region = self.region_of(spec)
        if source.input == "code-bucket":
            return self.bucket(region)
        if source.input == "code-key":
            return self._code(region, source)
        if name == "HostedZoneId":
            return self.aws.hosted_zone(self.graph.system.domain, region)
        match = _BUCKET_PARAMETER.match(name)
        if match:
            return self.bucket(_region_name(match["region"]))
        raise DeployError(f"stack {spec.name}: no way to fill parameter {name} ({source.input}): "
                          "this is a bug in the templates renderer")

    def _code(self, region: str, source: ParameterSource) -> str:
        folder = self.root / str(source.source)
        if not is_inside(folder, self.root):
            raise DeployError(f"{source.component}: {source.source} resolves outside the project (a symlink): "
                              "fix settings.source in the model")
        try:
            data = package(folder)
        except FileNotFoundError as exc:
            raise DeployError(f"{source.component}: {exc}: fix settings.source in the model") from None
        key = code_key(str(source.component), data)
        self.aws.upload(self.bucket(region), key, data, region)
        return key


def _region_name(camel: str) -> str:
    """`UsEast1` -> `us-east-1`."""
    return "-".join(part.lower() for part in re.findall(r"[A-Z][a-z]*|\d+", camel))


