"""What the outputs depend on, as one hash: the model files, this generator's code, and the versions of the tools whose bytes end up in the outputs.

When it equals the last run's and every output is on disk as that run wrote it, the outputs are
what a full run would write again (generation is deterministic), so a no-op run can stop there
without loading a single kind: the same idea as make's timestamps, made exact with hashes.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# Libraries whose output is in our bytes: icons and DOT (diagrams, graphviz), YAML and JSON Schema text,
# the IAM of SAM's connector profiles.
LIBRARIES = ("diagrams", "graphviz", "pyyaml", "pydantic", "jinja2", "aws-sam-translator",
             "markdown-it-py", "nh3")


def inputs_fingerprint(model_dir: Path) -> str:
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
    digest.update(_tool_versions().encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _tool_versions() -> str:
    versions = [f"{name}={_version(name)}" for name in LIBRARIES]
    dot = shutil.which("dot")
    if dot:
        versions.append(subprocess.run([dot, "-V"], capture_output=True, text=True).stderr.strip())
    return "\n".join(versions)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "absent"
