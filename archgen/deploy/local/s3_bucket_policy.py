"""AWS::S3::BucketPolicy: e.g. only the CloudFront distribution may read, only over TLS."""

from __future__ import annotations

import json
from typing import Any, Self

from moto.s3.models import S3Backend, s3_backends

from archgen.deploy.local._adapter import Adapter, Context


def _backend(context: Context) -> S3Backend:
    return s3_backends[context.account_id][context.partition]


class S3BucketPolicy(Adapter):
    TYPE = "AWS::S3::BucketPolicy"

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        bucket = properties["Bucket"]
        document = properties["PolicyDocument"]
        text = document if isinstance(document, str) else json.dumps(document)
        _backend(context).put_bucket_policy(bucket, text.encode())
        # CloudFormation's physical id for a bucket policy is the bucket's name.
        return cls(context, properties, bucket)

    def remove(self) -> None:
        _backend(self.context).delete_bucket_policy(self.physical_id)
