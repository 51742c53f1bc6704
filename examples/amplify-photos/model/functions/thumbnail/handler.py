"""S3 object-created events -> a thumbnail of the photo, under the same private key, in the thumbnails bucket.

After the aws-samples "amplify-photo-gallery-workshop" (its thumbnail function): each photo a user puts
under private/<identity id>/ is read, shrunk (PNG, see png.py) and written to the thumbnails bucket
under the same key, so that the user (and only the user: the identity pool's policy is scoped to their
own prefix) can read it. Never back to the photos bucket, which would trigger it again.
"""

from __future__ import annotations

import json
import logging
import os
from typing import Any
from urllib.parse import unquote_plus

import boto3

import png

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

MAX_OBJECT_BYTES = 20 * 1024 * 1024
SIZE = 256
_clients: dict[str, Any] = {}


def _client(name: str) -> Any:
    if name not in _clients:
        _clients[name] = boto3.client(name)
    return _clients[name]


def handle_record(record: dict[str, Any]) -> str | None:
    bucket = record["s3"]["bucket"]["name"]
    key = unquote_plus(record["s3"]["object"]["key"])
    if bucket != os.environ["PHOTOS_BUCKET_NAME"] or not key.startswith("private/"):
        logger.warning(json.dumps({"skipped": key, "reason": f"not a private photo of {bucket}"}))
        return None
    obj = _client("s3").get_object(Bucket=bucket, Key=key)
    if obj["ContentLength"] > MAX_OBJECT_BYTES:
        logger.warning(json.dumps({"skipped": key, "reason": "too large", "bytes": obj["ContentLength"]}))
        return None
    small = png.encode(png.shrink(png.decode(obj["Body"].read()), SIZE))
    _client("s3").put_object(Bucket=os.environ["THUMBNAILS_BUCKET_NAME"], Key=key, Body=small,
                             ContentType="image/png")
    logger.info(json.dumps({"thumbnail": key, "bytes": len(small)}))
    return key


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    done = [key for key in (handle_record(r) for r in event.get("Records", [])) if key]
    return {"thumbnails": done}
