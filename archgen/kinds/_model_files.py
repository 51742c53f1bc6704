"""Files a component's settings name inside the model folder (an Amplify build spec, a GraphQL schema).

A path is resolved with its symlinks first and must then still be inside the model folder: a link out
of it, `..`, or an absolute path is refused at the setting's line, before anything reads the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

MAX_BYTES = 256 * 1024
ModelFile = Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_./-]*$", max_length=512,
                                 description="A file inside the model folder, relative to it.")]


def inside(model_dir: Path, relative: str) -> Path | None:
    """The file, its symlinks resolved, when it is inside the model folder; None when it leaves it."""
    root = model_dir.resolve()
    found = (model_dir / relative).resolve()
    return found if root in found.parents else None


def file_problem(model_dir: Path, relative: str, what: str, suffixes: tuple[str, ...]) -> str | None:
    """What is wrong with a named file, for its setting's line; None when it can be read."""
    found = inside(model_dir, relative)
    if found is None:
        return f"'{relative}' leaves the model folder (after its links are followed): keep the {what} inside it"
    if not found.is_file():
        return f"the {what} '{relative}' is not in the model folder: create it, or fix the path"
    if found.suffix not in suffixes:
        return f"the {what} '{relative}' should end in {' or '.join(suffixes)}"
    if found.stat().st_size > MAX_BYTES:
        return f"the {what} '{relative}' is over {MAX_BYTES // 1024} KiB"
    try:
        found.read_text("utf-8")
    except UnicodeDecodeError:
        return f"the {what} '{relative}' is not UTF-8 text"
    return None


def read(graph: Any, relative: str) -> str:
    """The text of a file validation has checked (`file_problem`), from the graph's model folder."""
    model_dir = Path(graph.model.root) / graph.model.folder
    found = inside(model_dir, relative)
    assert found is not None, f"{relative} leaves the model folder: validation should have refused it"
    return found.read_text("utf-8")
