"""POST /uploads: a presigned POST the browser sends one PNG image with, straight to the uploads bucket.

After the aws-samples "amazon-s3-presigned-urls-aws-sam" (getSignedURL): the function signs with its
own role, which may put objects under uploads/ and nothing else. A presigned POST rather than PUT,
so that S3 itself enforces the size and the content type. The key is random: the user names nothing.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from typing import Any

import boto3

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

EXPIRES_S = 300
MAX_BYTES = 10 * 1024 * 1024
PREFIX = "uploads/"
CONTENT_TYPE = "image/png"
_s3: list[Any] = []


def _client() -> Any:
    if not _s3:
        _s3.append(boto3.client("s3"))
    return _s3[0]


def _response(status: int, body: dict[str, Any]) -> dict[str, Any]:
    # The API answers the browser's preflight; each answer names the same one origin.
    return {"statusCode": status, "body": json.dumps(body),
            "headers": {"Content-Type": "application/json", "Access-Control-Allow-Origin": os.environ["ALLOWED_ORIGIN"],
                        "Vary": "Origin"}}


def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}
    key = f"{PREFIX}{uuid.uuid4().hex}.png"
    post = _client().generate_presigned_post(
        Bucket=os.environ["UPLOAD_BUCKET_NAME"], Key=key, ExpiresIn=EXPIRES_S,
        Fields={"Content-Type": CONTENT_TYPE},
        Conditions=[{"Content-Type": CONTENT_TYPE}, ["content-length-range", 1, MAX_BYTES]])
    logger.info(json.dumps({"signed": key, "user": claims.get("sub")}))
    return _response(200, {"key": key, "url": post["url"], "fields": post["fields"], "expires_in": EXPIRES_S})
