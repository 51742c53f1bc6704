"""Draws every view: DOT from `diagram.view_dot`, then Graphviz in parallel, only where the DOT changed.

Each view yields `diagrams/<view>.dot` (for review diffs), `.png` (for the site) and
`.svg` with its icons inlined, so the SVG stands alone on any machine.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from archgen.graph import SystemGraph
from archgen.render import RenderContext
from archgen.render.diagram import ICON_ROOT, view_dot
from archgen.write import Outputs

OUT_DIR = "diagrams"
_IMAGE_REF = re.compile(r'xlink:href="([^"]+\.png)"')


class GraphvizMissing(RuntimeError):
    pass


class DiagramRenderer:
    name = "diagrams"

    def render(self, graph: SystemGraph, context: RenderContext) -> Outputs:
        dots = {view_id: view_dot(graph, view).encode() for view_id, view in graph.views.items()}
        outputs: Outputs = {}
        to_draw = []
        for view_id, dot in dots.items():
            previous = _previous_images(context, view_id, dot)
            if previous is None:
                to_draw.append(view_id)
            else:
                outputs.update(previous)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for view_id, images in zip(to_draw, pool.map(lambda v: draw(dots[v]), to_draw)):
                outputs[f"{OUT_DIR}/{view_id}.png"], outputs[f"{OUT_DIR}/{view_id}.svg"] = images
        outputs.update({f"{OUT_DIR}/{view_id}.dot": dot for view_id, dot in dots.items()})
        return outputs


def _previous_images(context: RenderContext, view_id: str, dot: bytes) -> Outputs | None:
    """Last run's PNG and SVG when its DOT is the same as now and both files are intact."""
    if context.previous(f"{OUT_DIR}/{view_id}.dot") != dot:
        return None
    paths = [f"{OUT_DIR}/{view_id}.{ext}" for ext in ("png", "svg")]
    images = {path: context.previous(path) for path in paths}
    if any(data is None for data in images.values()):
        return None
    return images  # type: ignore[return-value]


def dot_command() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizMissing("Graphviz's 'dot' is not installed: run 'make generate' "
                              "(it installs it) or 'apt-get install graphviz'")
    return found


def draw(dot: bytes) -> tuple[bytes, bytes]:
    """One Graphviz layout, written as PNG and as SVG (with its icons inlined)."""
    with tempfile.TemporaryDirectory(prefix="archgen-") as folder:
        source = Path(folder) / "view.dot"
        source.write_bytes(dot)
        subprocess.run([dot_command(), f"-Gimagepath={ICON_ROOT}", "-Tpng", "-Tsvg", "-O", source.name],
                       cwd=folder, check=True, capture_output=True)
        png = (Path(folder) / "view.dot.png").read_bytes()
        svg = (Path(folder) / "view.dot.svg").read_bytes()
    return png, inline_icons(svg)


def inline_icons(svg: bytes) -> bytes:
    """Replace each icon file reference by the icon itself, as a data URI."""
    def embed(match: re.Match[str]) -> str:
        data = base64.b64encode((ICON_ROOT / match.group(1)).read_bytes()).decode()
        return f'xlink:href="data:image/png;base64,{data}"'

    return _IMAGE_REF.sub(embed, svg.decode("utf-8")).encode("utf-8")
