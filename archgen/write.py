"""Write: outputs land atomically, only when their bytes change, and only files we made are removed.

The manifest (`.generated.json` beside the model folder) records, per renderer, each
output's path and hash. It is how a later run knows which files are its own: a file
the generator did not make is never touched, and a file it made that someone edited
since is left in place with a warning rather than deleted.

The manifest is a tracked file anyone can edit, so it is not trusted with paths: a run touches only
files inside the output folders the generator owns (`owned_folders`), named by a plain relative path
whose folders are real folders (no `..`, no absolute path, no symlinked folder on the way). Any other
entry is ignored with a warning, whatever hash it carries.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".generated.json"
Outputs = dict[str, bytes]
# What the generator writes, beside the model folder; the model folder's own `schema/` is added per model.
OUTPUT_FOLDERS = ("diagrams", "docs", "deploy")
OUTPUT_FILES = ("mkdocs.yml",)


def owned_folders(model_dir: str) -> tuple[str, ...]:
    """The folders (and top-level files) whose contents a run may write and remove."""
    return (*OUTPUT_FOLDERS, *OUTPUT_FILES, f"{model_dir}/schema")


def owned(root: Path, path: str, owners: tuple[str, ...]) -> bool:
    """`path` is a plain relative path inside one of `owners`, and no folder on its way under `root`
    is a symlink (a symlinked `deploy/` could point anywhere)."""
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or "\\" in path or any(part in ("..", ".", "") for part in parts):
        return False
    if not any(path == name or path.startswith(name.rstrip("/") + "/") for name in owners):
        return False
    here = root
    for part in parts[:-1]:
        here = here / part
        if here.is_symlink():
            return False
    return not (root / path).is_symlink()


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    """renderer name -> {relative path -> sha256}, and the fingerprint of the inputs that made them."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    inputs: dict[str, str] = field(default_factory=dict)  # renderer -> archgen.fingerprint it last ran on
    # renderer -> the code fingerprint its outputs were made with, for a renderer that reuses last run's
    # outputs (the diagrams, where a view's DOT is unchanged): they are reused only under the same code
    reuse: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Manifest:
        try:
            data = json.loads((root / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        outputs = data.get("outputs") if isinstance(data, dict) else None
        if not isinstance(outputs, dict):
            return cls()
        return cls({str(k): dict(v) for k, v in outputs.items() if isinstance(v, dict)},
                   _strings(data.get("inputs")), _strings(data.get("reuse")))

    def to_bytes(self) -> bytes:
        return (json.dumps({"inputs": self.inputs, "outputs": self.entries, "reuse": self.reuse},
                           indent=2, sort_keys=True) + "\n").encode()

    def reusable(self, renderer: str, key: str | None) -> bool:
        """Last run's outputs of `renderer` may be reused: it needs no key, or they were made under `key`."""
        return key is None or self.reuse.get(renderer) == key

    def up_to_date(self, root: Path, renderers: set[str] | None, inputs: str) -> bool:
        """The renderers (all recorded ones when None) last ran on these inputs, and every output they
        recorded is on disk with exactly the bytes recorded: running them again would change nothing."""
        names = set(self.entries) if renderers is None else renderers
        return bool(names) and all(
            self.inputs.get(name) == inputs and name in self.entries
            and all(self.previous(root, name, path) is not None for path in self.entries[name])
            for name in names)

    def paths(self, renderers: set[str] | None = None) -> list[str]:
        return sorted(path for name, paths in self.entries.items() if renderers is None or name in renderers
                      for path in paths)

    def previous(self, root: Path, renderer: str, path: str) -> bytes | None:
        """The bytes we wrote last time for `path`, if the file still holds exactly them."""
        expected = self.entries.get(renderer, {}).get(path)
        if expected is None:
            return None
        try:
            data = (root / path).read_bytes()
        except OSError:
            return None
        return data if digest(data) == expected else None


def _strings(value: object) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # ours, edited by hand, no longer produced
    refused: list[str] = field(default_factory=list)  # manifest entries or outputs outside the owned folders


def atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_outputs(root: Path, produced: dict[str, Outputs], manifest: Manifest,
                  inputs: str | None = None, owners: tuple[str, ...] | None = None,
                  reuse: dict[str, str] | None = None) -> WriteReport:
    """Write what each renderer produced; remove what a renderer made before and no longer does.

    `inputs` is the fingerprint of the inputs the renderers ran on (recorded per renderer); `owners`
    the folders a run may touch (`owned_folders`; None: anywhere under root, for tests of one folder);
    `reuse` the code fingerprint of each renderer that reuses outputs (`Manifest.reuse`).
    """
    report = WriteReport()
    may = (lambda path: True) if owners is None else (lambda path: owned(root, path, owners))
    for renderer in produced:
        _record(manifest.inputs, renderer, inputs)
        _record(manifest.reuse, renderer, (reuse or {}).get(renderer))
    for renderer, outputs in sorted(produced.items()):
        for path, data in sorted(outputs.items()):
            target = root / path
            if not may(path):
                report.refused.append(f"{path}: not written: outside the output folders, or under a symlink")
            elif target.is_file() and target.read_bytes() == data:
                report.unchanged.append(path)
            else:
                atomic_write(target, data)
                report.written.append(path)
        for path in sorted(set(manifest.entries.get(renderer, {})) - set(outputs)):
            if may(path):
                _remove_stale(root, renderer, path, manifest, report)
            else:
                report.refused.append(f"{MANIFEST} lists {path!r}: ignored, it is not inside the output "
                                      f"folders this generator owns")
        manifest.entries[renderer] = {path: digest(data) for path, data in outputs.items() if may(path)}
    manifest_bytes = manifest.to_bytes()
    if not (root / MANIFEST).is_file() or (root / MANIFEST).read_bytes() != manifest_bytes:
        atomic_write(root / MANIFEST, manifest_bytes)
    return report


def _record(record: dict[str, str], renderer: str, value: str | None) -> None:
    if value is None:
        record.pop(renderer, None)
    else:
        record[renderer] = value


def _remove_stale(root: Path, renderer: str, path: str, manifest: Manifest, report: WriteReport) -> None:
    target = root / path
    if not target.exists():
        return
    if manifest.previous(root, renderer, path) is None:
        report.kept.append(path)
        return
    target.unlink()
    report.removed.append(path)
    parent = target.parent
    while parent != root and parent.is_dir() and not parent.is_symlink() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


def stale_outputs(root: Path, produced: dict[str, Outputs], manifest: Manifest,
                  owners: tuple[str, ...] | None = None) -> list[str]:
    """What `--check` reports: outputs missing or different on disk, and ours that should be gone."""
    problems = []
    for renderer, outputs in sorted(produced.items()):
        for path, data in sorted(outputs.items()):
            target = root / path
            if not target.is_file():
                problems.append(f"missing: {path}")
            elif target.read_bytes() != data:
                problems.append(f"stale: {path}")
        for path in sorted(set(manifest.entries.get(renderer, {})) - set(outputs)):
            if (owners is None or owned(root, path, owners)) and manifest.previous(root, renderer, path) is not None:
                problems.append(f"no longer produced: {path}")
    return problems
