"""The upload pipeline example's code: the PNG thumbnailer (standard library only), the thumbnail
function against a moto S3, DynamoDB and SSM, and the upload URL function's presigned POST."""

from __future__ import annotations

import base64
import importlib.util
import json
import struct
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import boto3
import pytest
from moto import mock_aws

FUNCTIONS = Path(__file__).resolve().parents[2] / "examples" / "upload-pipeline" / "model" / "functions"
REGION = "eu-west-1"


def _load(folder: str, name: str) -> ModuleType:
    path = FUNCTIONS / folder / f"{name}.py"
    sys.path.insert(0, str(path.parent))  # the handler imports its neighbours, as Lambda lets it
    try:
        spec = importlib.util.spec_from_file_location(f"{folder}_{name}_under_test", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(path.parent))
        sys.modules.pop("png", None)  # the handler's own import of its neighbour: not left for others


png = _load("thumbnail", "png")


def _png(width: int, height: int, colour: int = 2, filters: tuple[int, ...] = (0, 1, 2, 3, 4)) -> bytes:
    """A PNG written the long way, with every row filter, so decoding is checked against the spec."""
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    rows = [bytes((x * 7 + y * 3 + c * 50) % 256 for x in range(width) for c in range(channels)) for y in range(height)]
    raw, previous = b"", bytes(width * channels)
    for y, row in enumerate(rows):
        kind = filters[y % len(filters)]
        encoded = bytearray()
        for i, value in enumerate(row):
            a = row[i - channels] if i >= channels else 0
            b, c = previous[i], previous[i - channels] if i >= channels else 0
            predictor = [0, a, b, (a + b) >> 1, _paeth(a, b, c)][kind]
            encoded.append((value - predictor) & 0xFF)
        raw += bytes([kind]) + bytes(encoded)
        previous = row

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, 0)
    return png.SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


@pytest.mark.parametrize("colour", [0, 2, 4, 6])
def test_every_row_filter_decodes_to_the_pixels_written(colour: int) -> None:
    image = png.decode(_png(9, 7, colour))
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    assert (image.width, image.height, image.channels) == (9, 7, channels)
    assert image.pixels[:channels] == bytes((c * 50) % 256 for c in range(channels))
    last = ((8 * 7 + 6 * 3 + (channels - 1) * 50) % 256)
    assert image.pixels[-1] == last


def test_a_thumbnail_keeps_the_aspect_and_averages_the_pixels() -> None:
    flat = png.Image(4, 2, 1, bytes([0, 100, 200, 50, 10, 110, 210, 60]))
    small = png.shrink(flat, 2)
    assert (small.width, small.height) == (2, 1)
    assert small.pixels == bytes([(0 + 100 + 10 + 110) // 4, (200 + 50 + 210 + 60) // 4])
    again = png.decode(png.encode(small))
    assert again == small
    assert png.shrink(flat, 10) is flat  # never enlarged


@pytest.mark.parametrize(("data", "reason"), [
    (b"GIF89a", "not a PNG"),
    (_png(4, 4)[:-20], "truncated"),
    (_png(4, 4).replace(struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0), struct.pack(">IIBBBBB", 4, 4, 16, 2, 0, 0, 0)),
     "bit depth 16"),
    (_png(4, 4).replace(struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0), struct.pack(">IIBBBBB", 5000, 5000, 8, 2, 0, 0, 0)),
     "pixel limit"),
])
def test_what_it_cannot_shrink_is_refused_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(png.PngError, match=reason):
        png.decode(data)


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {"AWS_DEFAULT_REGION": REGION, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "UPLOADS_BUCKET_NAME": "uploads",
                        "THUMBNAILS_BUCKET_NAME": "thumbnails", "TABLE_NAME": "images",
                        "THUMBNAIL_SIZE_RESOURCE": "photos-dev-thumbnail-size", "UPLOAD_BUCKET_NAME": "uploads",
                        "ALLOWED_ORIGIN": "https://photos.example.org"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    with mock_aws():
        s3 = boto3.client("s3")
        for bucket in ("uploads", "thumbnails"):
            s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        boto3.client("dynamodb").create_table(TableName="images", BillingMode="PAY_PER_REQUEST",
                                              KeySchema=[{"AttributeName": "key", "KeyType": "HASH"}],
                                              AttributeDefinitions=[{"AttributeName": "key", "AttributeType": "S"}])
        boto3.client("ssm").put_parameter(Name="photos-dev-thumbnail-size", Type="String", Value="16")
        yield


def _event(bucket: str, key: str) -> dict[str, Any]:
    return {"Records": [{"s3": {"bucket": {"name": bucket}, "object": {"key": key}}}]}


def test_a_new_image_gets_its_thumbnail_and_its_record(aws: None) -> None:
    handler = _load("thumbnail", "handler")
    boto3.client("s3").put_object(Bucket="uploads", Key="uploads/cat%201.png", Body=_png(64, 32))
    result = handler.handler(_event("uploads", "uploads/cat%25201.png"), None)
    assert result == {"thumbnails": [{"key": "uploads/cat%201.png", "thumbnail": "thumbnails/cat%201.png"}]}
    thumbnail = boto3.client("s3").get_object(Bucket="thumbnails", Key="thumbnails/cat%201.png")["Body"].read()
    small = png.decode(thumbnail)
    assert (small.width, small.height) == (16, 8)  # the SSM parameter's size, the aspect kept
    item = boto3.client("dynamodb").get_item(TableName="images", Key={"key": {"S": "uploads/cat%201.png"}})["Item"]
    assert (item["width"]["N"], item["height"]["N"], item["thumbnail"]["S"]) == ("64", "32", "thumbnails/cat%201.png")


def test_what_is_not_an_image_it_can_shrink_is_skipped_and_logged(aws: None, caplog: pytest.LogCaptureFixture) -> None:
    handler = _load("thumbnail", "handler")
    boto3.client("s3").put_object(Bucket="uploads", Key="uploads/notes.png", Body=b"not a png at all")
    assert handler.handler(_event("uploads", "uploads/notes.png"), None) == {"thumbnails": []}
    assert "not a PNG file" in caplog.text
    assert handler.handler(_event("thumbnails", "thumbnails/x.png"), None) == {"thumbnails": []}


def test_the_upload_url_is_a_presigned_post_under_uploads_limited_in_size_and_type(aws: None) -> None:
    handler = _load("upload_url", "handler")
    answer = handler.handler({"requestContext": {"authorizer": {"claims": {"sub": "user-1"}}}}, None)
    assert answer["statusCode"] == 200
    assert answer["headers"]["Access-Control-Allow-Origin"] == "https://photos.example.org"
    body = json.loads(answer["body"])
    assert body["key"].startswith("uploads/") and body["key"].endswith(".png")
    assert body["fields"]["key"] == body["key"] and body["fields"]["Content-Type"] == "image/png"
    policy = json.loads(base64.b64decode(body["fields"]["policy"]))
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy["conditions"]
