"""The images a worklog page shows: where its text names them, where they are, whether they are images.

A page names an image as `![alt](path)`, `<img src="path">` or `{{< figure src="path" >}}`. Hugo
finds a relative path beside the page (its bundle folder) and a `/path` in the site's `static/`
folder. The model keeps them the same way: `model/worklog/pages/<page folder>/<path>` and
`model/worklog/static/<path>`, so a page and its images stay together and export gives both back.

Only real raster images come in (PNG, JPEG, GIF, WebP, checked by their first bytes, not their name):
an SVG can carry script, and a file named `.png` can hold anything. Paths never leave their folder,
and a symlink counts as where it points.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

MAX_BYTES = 10 * 1024 * 1024
PAGES_DIR = "pages"
STATIC_DIR = "static"
# `![alt](path)`, or `![alt](<path with spaces>)` (CommonMark's pointy-bracket form)
_MARKDOWN_IMAGE = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\(\s*(?:<(?P<pointed>[^<>\n]+)>|(?P<src>[^)\s>]+))")
_HTML_IMAGE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']?(?P<src>[^\"'\s>]+)", re.I)
_FIGURE = re.compile(r"\{\{[<%]\s*figure\b[^}]*?\bsrc\s*=\s*[\"'](?P<src>[^\"']+)", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:|^//", re.I)
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"GIF87a", "gif"),
               (b"GIF89a", "gif"))


@dataclass(frozen=True)
class ImageRef:
    src: str    # as the page wrote it
    line: int   # 1-based line of the page text


def image_refs(text: str) -> list[ImageRef]:
    refs: list[ImageRef] = []
    for pattern in (_MARKDOWN_IMAGE, _HTML_IMAGE, _FIGURE):
        for match in pattern.finditer(text):
            src = match.groupdict().get("pointed") or match["src"]
            refs.append(ImageRef(src, text.count("\n", 0, match.start()) + 1))
    return sorted(set(refs), key=lambda ref: (ref.line, ref.src))


def is_external(src: str) -> bool:
    return bool(_SCHEME.match(src))


def model_path(src: str, page: str | None) -> str | None:
    """Where the model keeps the image a page (by its Hugo name) names; None when it cannot be inside."""
    # a URL's escapes name the file's own characters (`my%20shot.png` is `my shot.png`, as Hugo serves it)
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path or is_external(path) or "\\" in path or "\0" in path:
        return None
    if path.startswith("/"):
        target = posixpath.normpath(path.lstrip("/"))
        root = STATIC_DIR
    else:
        folder = posixpath.dirname(page or "")
        target = posixpath.normpath(posixpath.join(folder, path))
        root = PAGES_DIR
    if target.startswith("..") or target in (".", "") or target.startswith("/"):
        return None
    return f"{root}/{target}"


def image_kind(data: bytes) -> str | None:
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def _other_case(root: Path, path: Path) -> str:
    """` (the folder has 'Photo.JPG': ...)` when a file differs only in the case of its name: written on
    Windows or macOS, where case does not matter, the page breaks on Linux, where Hugo usually builds."""
    try:
        folder = path.parent.resolve(strict=True)
        if not folder.is_relative_to(root.resolve()):
            return ""
        same = sorted(entry.name for entry in folder.iterdir()
                      if entry.name.casefold() == path.name.casefold() and entry.is_file())
    except (OSError, RuntimeError):
        return ""
    return f" (the folder has '{same[0]}': write the name with the same capitals)" if same else ""


def read_inside(root: Path, relative: str) -> tuple[bytes | None, str]:
    """The bytes of `root/relative` when it is an image file really inside `root`, else (None, why)."""
    path = root / relative
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None, f"is not there{_other_case(root, path)}"
    if not real.is_relative_to(root.resolve()):
        return None, "is outside the folder (through '..' or a symlink): it is not brought in"
    if not real.is_file():
        return None, "is not a file"
    if real.stat().st_size > MAX_BYTES:
        return None, f"is larger than {MAX_BYTES // (1024 * 1024)} MB"
    data = real.read_bytes()
    if image_kind(data) is None:
        return None, "is not a PNG, JPEG, GIF or WebP image (SVG can carry script): convert it to PNG"
    return data, ""
