"""The function code as a deterministic zip: the same files always give the same bytes (and key)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: no build time leaks in
_SKIP = {"__pycache__", ".pytest_cache"}


def package(folder: Path) -> bytes:
    """Every file under `folder`, sorted, with fixed dates and permissions."""
    if not folder.is_dir():
        raise FileNotFoundError(f"function source {folder} is not a folder")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _SKIP & set(p.parts)):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def code_key(component: str, data: bytes) -> str:
    """Content-addressed: a code change is a new key, so CloudFormation sees the function change."""
    return f"functions/{component}/{hashlib.sha256(data).hexdigest()[:16]}.zip"
