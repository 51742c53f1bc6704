"""What the outputs depend on, as one hash: the model files, this generator's code, and the versions of the tools whose bytes end up in the outputs.

When it equals the last run's and every output is on disk as that run wrote it, the outputs are
what a full run would write again (generation is deterministic), so a no-op run can stop there
without loading a single kind: the same idea as make's timestamps, made exact with hashes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from typing import Callable

PACKAGE = Path(__file__).resolve().parent
# Libraries whose output is in our bytes: icons and DOT (diagrams, graphviz), YAML and JSON Schema text,
# the IAM of SAM's connector profiles.
LIBRARIES = ("diagrams", "graphviz", "pyyaml", "pydantic", "jinja2", "aws-sam-translator",
             "markdown-it-py", "nh3")


def inputs_fingerprint(model_dir: Path) -> str:
    dot = _dot_version()  # Graphviz answers while the files are hashed
    digest = hashlib.sha256()
    # Every file in the model folder is an input (definitions, mapping templates, schemas, build specs, the
    # worklog's pages and images), except the JSON Schema the generator writes into it.
    model_files = [p for p in model_dir.rglob("*")
                   if p.is_file() and p.relative_to(model_dir).parts[0] != "schema"]
    groups = [(model_dir, model_files),
              (PACKAGE, list(PACKAGE.rglob("*.py")))]
    # Named relative to their group, in a fixed order: the same inputs give the same hash whether the
    # model was named by an absolute or a relative path, on any machine.
    for group, (base, paths) in enumerate(groups):
        for path in sorted(paths, key=lambda p: p.relative_to(base).as_posix()):
            digest.update(f"{group}/{path.relative_to(base).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(_tool_versions(dot()).encode())
    return digest.hexdigest()


def code_fingerprint(files: list[Path]) -> str:
    """What outputs reused across runs were made with: the given code files and the tools' versions.
    A cache keyed on a renderer's input alone (a view's DOT) would keep images drawn by older code."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(f"{path.name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update(_tool_versions(_dot_version()()).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _tool_versions(dot: str) -> str:
    installed = _installed()
    versions = [f"{name}={installed.get(_normal(name), 'absent')}" for name in LIBRARIES]
    return "\n".join([*versions, dot] if dot else versions)


def _dot_version() -> Callable[[], str]:
    """`dot -V` started now, read when called ("" without Graphviz)."""
    dot = shutil.which("dot")
    if not dot:
        return lambda: ""
    process = subprocess.Popen([dot, "-V"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return lambda: process.communicate()[1].strip()


def _installed() -> dict[str, str]:
    """Each installed distribution's version, read from its `<name>-<version>.dist-info` folder's name (what
    importlib.metadata reads too, without the ~30 ms of importing it and parsing every METADATA file)."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            children = list(os.scandir(entry or "."))
        except OSError:
            continue
        for child in sorted(children, key=lambda c: c.name):
            if child.name.endswith(".dist-info"):
                name, _, version = child.name.removesuffix(".dist-info").partition("-")
                found.setdefault(_normal(name), version)
    return found


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "_", name).lower()
