"""An S3 bucket: the frontend's static files, private, served only through CloudFront."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from diagrams.aws.storage import SimpleStorageServiceS3Bucket

from archgen.kinds._base import Kind
from archgen.schema import ComponentBase, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class S3BucketSettings(Strict):
    versioning: bool = True


class S3BucketComponent(ComponentBase):
    kind: Literal["s3.bucket"]
    settings: S3BucketSettings = S3BucketSettings()


class S3Bucket(Kind):
    name = "s3.bucket"
    title = "S3 bucket"
    layer = "frontend"
    summary = "Private object storage; the site's files, read by CloudFront only."
    icon = SimpleStorageServiceS3Bucket
    component = S3BucketComponent
    controls = {
        "encryption": "server-side encryption at rest",
        "block-public-access": "all four public-access blocks on",
        "tls-only": "the bucket policy denies requests without TLS",
        "versioning": "object versions kept, so a bad deploy can be rolled back",
        "access-logging": "server access logs to a logging bucket",
    }

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        readers = [r.source for r in graph.incoming(component.id)]
        notes = [f"OAC: only {', '.join(readers)}"] if readers else []
        return notes + ["public access blocked", "SSE at rest, TLS only"]


KIND = S3Bucket
