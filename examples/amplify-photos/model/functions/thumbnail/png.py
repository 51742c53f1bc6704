"""PNG thumbnails with the standard library only (zlib): decode, shrink by box averaging, encode.

The AWS tutorial resizes with Pillow, a native wheel that would have to be built for Lambda's
platform and packaged with the code; PNG needs nothing but zlib, which every Python runtime has.
Handles 8-bit greyscale, grey+alpha, RGB, RGBA and palette images, not interlaced (what browsers,
phones and editors write); anything else is refused with a clear error, never guessed at.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel as stored
MAX_PIXELS = 4_000_000  # bounds the work (and memory) per image: a Lambda of 1 GB decodes this in seconds


class PngError(ValueError):
    """The bytes are not a PNG this module can shrink (the message says why)."""


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    channels: int  # 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA
    pixels: bytes  # rows top to bottom, `channels` bytes per pixel


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG file (bad signature)")
    chunks, offset = [], len(SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset:offset + 8])
        body = data[offset + 8:offset + 8 + length]
        if len(body) != length:
            raise PngError("truncated chunk")
        chunks.append((kind, body))
        offset += 12 + length
        if kind == b"IEND":
            return chunks
    raise PngError("no IEND chunk: the file is truncated")


def decode(data: bytes) -> Image:
    chunks = _chunks(data)
    if not chunks or chunks[0][0] != b"IHDR":
        raise PngError("IHDR is not the first chunk")
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    if depth != 8 or colour not in CHANNELS:
        raise PngError(f"bit depth {depth}, colour type {colour}: only 8-bit images are shrunk")
    if interlace:
        raise PngError("interlaced PNG: save it without interlacing")
    if not 0 < width * height <= MAX_PIXELS:
        raise PngError(f"{width}x{height} is over the {MAX_PIXELS} pixel limit")
    stored = CHANNELS[colour]
    raw = _inflate(b"".join(body for kind, body in chunks if kind == b"IDAT"), (width * stored + 1) * height)
    rows = _unfilter(raw, width * stored, height, stored)
    if colour != 3:
        return Image(width, height, stored, rows)
    palette = next((body for kind, body in chunks if kind == b"PLTE"), b"")
    if not palette:
        raise PngError("palette image without a PLTE chunk")
    colours = [palette[i:i + 3] for i in range(0, len(palette) - 2, 3)]
    try:
        return Image(width, height, 3, b"".join(colours[index] for index in rows))
    except IndexError:
        raise PngError("a pixel names a colour the palette does not have") from None


def _inflate(data: bytes, expected: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, expected)  # never more than the image's size: no zip bomb
    except zlib.error as failed:
        raise PngError(f"corrupt image data ({failed})") from None
    if len(raw) != expected:
        raise PngError("image data shorter than its size")
    return raw


def _unfilter(raw: bytes, stride: int, height: int, bpp: int) -> bytes:
    """PNG's five row filters undone (the specification's section 9)."""
    out = bytearray(stride * height)
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + previous[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = previous[i], previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise PngError(f"unknown row filter {kind}")
        out[y * stride:(y + 1) * stride] = line
        previous = line
    return bytes(out)


def shrink(image: Image, largest: int) -> Image:
    """At most `largest` pixels on its longer side, each the average of the pixels it covers."""
    scale = max(image.width, image.height) / largest
    if scale <= 1:
        return image
    width, height, ch = max(1, round(image.width / scale)), max(1, round(image.height / scale)), image.channels
    out = bytearray(width * height * ch)
    for y in range(height):
        top, bottom = y * image.height // height, max((y + 1) * image.height // height, y * image.height // height + 1)
        for x in range(width):
            left, right = x * image.width // width, max((x + 1) * image.width // width, x * image.width // width + 1)
            sums, count = [0] * ch, (bottom - top) * (right - left)
            for row in range(top, bottom):
                base = (row * image.width + left) * ch
                block = image.pixels[base:base + (right - left) * ch]
                for c in range(ch):
                    sums[c] += sum(block[c::ch])
            out[(y * width + x) * ch:(y * width + x + 1) * ch] = bytes(s // count for s in sums)
    return Image(width, height, ch, bytes(out))


def encode(image: Image) -> bytes:
    colour = {1: 0, 2: 4, 3: 2, 4: 6}[image.channels]
    stride = image.width * image.channels
    raw = b"".join(b"\x00" + image.pixels[y * stride:(y + 1) * stride] for y in range(image.height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", image.width, image.height, 8, colour, 0, 0, 0)
    return SIGNATURE + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
