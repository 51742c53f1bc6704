"""An S3 bucket: the frontend's static files, private, served only through CloudFront."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from diagrams.aws.storage import SimpleStorageServiceS3Bucket

from archgen.kinds._base import BUCKET_DEPLOY_ACTIONS, Kind
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

    checks = {
        "encryption": ("CKV_AWS_19",),
        "block-public-access": ("CKV_AWS_53", "CKV_AWS_54", "CKV_AWS_55", "CKV_AWS_56"),
        "versioning": ("CKV_AWS_21",),
        "access-logging": ("CKV_AWS_18",),
    }
    waivers = {"CKV_AWS_18": "the bucket that receives access logs does not log its own access (it would log "
                             "its own log writes without end)"}
    exports = {"Name": ("Bucket", None), "Arn": ("Bucket", "Arn"),
               "RegionalDomainName": ("Bucket", "RegionalDomainName")}
    deploy_actions = BUCKET_DEPLOY_ACTIONS

    def template_context(self, component: Any, graph: SystemGraph) -> dict[str, Any]:
        """A bucket has one policy: when a reader's wiring writes it (with TLS-only in it), the bucket does not."""
        from archgen.stacks import has_wiring

        return {"policy_elsewhere": any(has_wiring(r, graph) for r in graph.incoming(component.id))}

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        readers = [graph.components[r.source].label for r in graph.incoming(component.id)]
        notes = [f"OAC: read by {', '.join(readers)} only"] if readers else []
        on = {c.id for c in graph.controls(component.id) if c.on}
        said = {"block-public-access": "public access blocked", "encryption": "encrypted at rest",
                "tls-only": "TLS-only bucket policy"}
        return notes + [text for control, text in said.items() if control in on]

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        # only its access-log bucket fails the check, and that bucket exists only while logging is on
        logging = next((c for c in graph.controls(component.id) if c.id == "access-logging"), None)
        return ("CKV_AWS_18",) if logging is not None and logging.on else ()


KIND = S3Bucket
