"""Files the model names stay inside the model folder: symlinks are resolved before anything is read.

A model arrives in a merge request with its files, and a symlink is a file too: `functions/api/x`
pointing at `~/.aws/credentials` would be zipped into the function's code and uploaded. So a path the
model names must resolve inside the model folder, and a folder it names (a function's code) must hold
no symlink that leads out of it; the packager refuses such a link too, whatever validation said.
"""

from __future__ import annotations

import os
from pathlib import Path

SHOWN = 3  # escaping links named in a message, at most


def is_inside(path: Path, folder: Path) -> bool:
    """`path`, every symlink on its way resolved, is `folder` or under it (also resolved)."""
    return path.resolve().is_relative_to(folder.resolve())


def links_out(folder: Path, root: Path) -> list[str]:
    """The symlinks under `folder` (relative, sorted) whose targets resolve outside `root`; symlinked
    folders are not walked into (their own target is what is checked)."""
    found = []
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(here) / name
            if path.is_symlink() and not is_inside(path, root):
                found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def path_problem(model_dir: Path, relative: str) -> str | None:
    """Why the model's `relative` path is refused, or None: it leaves the model folder (an absolute path,
    `..`, a symlink), or it is a folder holding symlinks that lead out of it."""
    target = model_dir / relative
    if not is_inside(target, model_dir):
        real = target.resolve()
        return (f"'{relative}' resolves to {real.name!r} outside the model folder (a symlink or '..'): "
                f"keep the files inside the model folder, as a copy rather than a link")
    if target.is_dir():
        escaping = links_out(target, model_dir)
        if escaping:
            shown = ", ".join(escaping[:SHOWN]) + (", ..." if len(escaping) > SHOWN else "")
            return (f"'{relative}/' holds {len(escaping)} symlink(s) leading outside the model folder "
                    f"({shown}): replace each with a copy of the file, or remove it")
    return None
