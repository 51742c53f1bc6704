"""S3 object-created events -> a thumbnail in the thumbnails bucket and the image's record in the table.

After the AWS tutorial "Using an Amazon S3 trigger to create thumbnail images": for each new object
under uploads/ the function reads it, shrinks it (PNG, see png.py), writes thumbnails/<name>.png to
the other bucket (never back to the uploads bucket, which would trigger it again) and records the
image in DynamoDB. The thumbnail's size is an SSM parameter, read once per container.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote_plus

import boto3

import png

logger = logging.getLogger(__name__)
logger.setLevel(os.environ.get("LOG_LEVEL", "INFO"))

MAX_OBJECT_BYTES = 20 * 1024 * 1024  # the upload URL's own limit is 10 MB; anything larger was not ours
DEFAULT_SIZE = 128
_clients: dict[str, Any] = {}
_size: list[int] = []


def _client(name: str) -> Any:
    if name not in _clients:
        _clients[name] = boto3.client(name)
    return _clients[name]


def thumbnail_size() -> int:
    """The longer side of a thumbnail, in pixels, from the parameter the model declares."""
    if not _size:
        value = _client("ssm").get_parameter(Name=os.environ["THUMBNAIL_SIZE_RESOURCE"])["Parameter"]["Value"]
        _size.append(int(value) if value.isdigit() and 16 <= int(value) <= 1024 else DEFAULT_SIZE)
    return _size[0]


def thumbnail_key(key: str) -> str:
    name = key.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return f"thumbnails/{name}.png"


def handle_record(record: dict[str, Any]) -> dict[str, Any] | None:
    bucket = record["s3"]["bucket"]["name"]
    key = unquote_plus(record["s3"]["object"]["key"])
    if bucket != os.environ["UPLOADS_BUCKET_NAME"]:
        logger.warning(json.dumps({"skipped": key, "reason": f"event from bucket {bucket}"}))
        return None
    head = _client("s3").head_object(Bucket=bucket, Key=key)
    if head["ContentLength"] > MAX_OBJECT_BYTES:
        logger.warning(json.dumps({"skipped": key, "reason": "too large", "bytes": head["ContentLength"]}))
        return None
    body = _client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()
    try:
        image = png.decode(body)
    except png.PngError as refused:
        logger.warning(json.dumps({"skipped": key, "reason": str(refused)}))
        return None
    small = png.shrink(image, thumbnail_size())
    target = thumbnail_key(key)
    _client("s3").put_object(Bucket=os.environ["THUMBNAILS_BUCKET_NAME"], Key=target, Body=png.encode(small),
                             ContentType="image/png")
    item = {"key": {"S": key}, "thumbnail": {"S": target}, "width": {"N": str(image.width)},
            "height": {"N": str(image.height)}, "bytes": {"N": str(len(body))},
            "created": {"S": datetime.now(timezone.utc).isoformat(timespec="seconds")}}
    _client("dynamodb").put_item(TableName=os.environ["TABLE_NAME"], Item=item)
    logger.info(json.dumps({"thumbnail": target, "from": key, "size": [small.width, small.height]}))
    return {"key": key, "thumbnail": target}


def handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    done = [result for record in event.get("Records", []) if (result := handle_record(record))]
    return {"thumbnails": done}
