"""The function code as a deterministic zip: the same files always give the same bytes (and key)."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

from archgen.inside import is_inside

_EPOCH = (1980, 1, 1, 0, 0, 0)  # the zip format's earliest date: no build time leaks in
_SKIP = {"__pycache__", ".pytest_cache"}


class OutsideLink(FileNotFoundError):
    """A symlink in the code folder leads out of it: its target is never read, let alone uploaded."""


def package(folder: Path) -> bytes:
    """Every file under `folder`, sorted, with fixed dates and permissions. A symlink is followed only
    when it resolves inside `folder` (validation refuses the others first, at the model's line)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"function source {folder} is not a folder")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in _files(folder):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), date_time=_EPOCH)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def _files(folder: Path) -> list[Path]:
    found = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = [name for name in dirs if name not in _SKIP]
        for name in dirs + files:
            path = Path(here) / name
            if path.is_symlink() and not is_inside(path, folder):
                raise OutsideLink(f"{path.relative_to(folder).as_posix()} in {folder} is a symlink leading out "
                                  "of the code folder: replace it with a copy of the file")
        found.extend(Path(here) / name for name in files if (Path(here) / name).is_file())
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def code_key(component: str, data: bytes) -> str:
    """Content-addressed: a code change is a new key, so CloudFormation sees the function change."""
    return f"functions/{component}/{hashlib.sha256(data).hexdigest()[:16]}.zip"
