"""The site's copies of a drawn view: an SVG that fills the box the page gives it, and a dark one.

Graphviz draws one SVG per view (`diagrams/<view>.svg`, self-contained). The site shows it in an
`<object>` (so its nodes are links and its edges have tooltips), which needs the drawing to scale to
the object's box: its fixed `width`/`height` become 100% and its viewBox stays. The dark drawing is
the same SVG with the palette swapped colour for colour, and a light tile under every icon (some
icons are black line art that would vanish on a dark page). Nothing here adds text or links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ROOT_SIZE = re.compile(r'<svg width="[0-9.]+pt" height="[0-9.]+pt"\n viewBox="([0-9. ]+)"')
_VIEW_BOX = re.compile(r'viewBox="0\.00 0\.00 ([0-9.]+) ([0-9.]+)"')
_COLOR = re.compile(r'(fill|stroke)="(#[0-9a-fA-F]{6}|white)"')
# An icon inlined once (`diagrams_renderer.standalone_svg`) and where each node shows it.
_ICON = re.compile(r'<image id="([a-z0-9-]+)" xlink:href="data:image/png;base64,[A-Za-z0-9+/=]+" '
                   r'width="([0-9.]+)px" height="([0-9.]+)px"')
_ICON_USE = re.compile(r'<use xlink:href="#([a-z0-9-]+)" x="(-?[0-9.]+)" y="(-?[0-9.]+)"/>')
TILE = "#E8EDF3"
# light colour -> dark colour: page and layer backgrounds, text, and each arrow colour made lighter
DARK = {
    "white": "#1E2129", "#ffffff": "#262A34", "#23313f": "#E3E8EE", "#1e6b3a": "#7EDC9F",
    "#5a6b7b": "#A9B6C3", "#c0c8d0": "#4A5361", "#aeb6be": "#5A6472",
    "#f4f6f8": "#2A2E37", "#eaf2fb": "#1F2C3D", "#eef8ee": "#1F3326", "#fbf3e6": "#3A3020",
    "#f3eefa": "#2D2540", "#eef6f7": "#1D3235", "#fcefef": "#3A2224",
    "#4a5560": "#B5C0CC", "#2b6cb0": "#7FB2EE", "#2f855a": "#7EDC9F", "#b7791f": "#F0C36A",
    "#6b46c1": "#B79CF5", "#2c7a7b": "#6FD3D0", "#c53030": "#FF8A8A", "#c2255c": "#F06595",
}


@dataclass(frozen=True)
class Size:
    width: float   # the drawing's own units: one per CSS pixel when shown at its natural size
    height: float


def size(svg: bytes) -> Size:
    found = _VIEW_BOX.search(svg[:2000].decode("utf-8", "replace"))
    if found is None:
        raise ValueError("not a Graphviz SVG: no viewBox")
    return Size(float(found[1]), float(found[2]))


def fitted(svg: bytes) -> bytes:
    """The SVG scaled to whatever box shows it (its aspect ratio kept by the viewBox)."""
    text = svg.decode("utf-8")
    return _ROOT_SIZE.sub(r'<svg width="100%" height="100%"\n viewBox="\1"', text, count=1).encode("utf-8")


def dark(svg: bytes) -> bytes:
    """The fitted SVG in the dark palette, every icon on a light tile."""
    text = fitted(svg).decode("utf-8")
    text = _COLOR.sub(lambda m: f'{m[1]}="{DARK.get(m[2].lower(), m[2])}"', text)
    sizes = {icon_id: (float(width), float(height)) for icon_id, width, height in _ICON.findall(text)}
    return _ICON_USE.sub(lambda use: _tiled(use, sizes), text).encode("utf-8")


def _tiled(use: re.Match[str], sizes: dict[str, tuple[float, float]]) -> str:
    icon_id, x, y = use[1], float(use[2]), float(use[3])
    if icon_id not in sizes:
        return use[0]
    width, height = sizes[icon_id]
    pad = 2.0
    tile = (f'<rect x="{x - pad:g}" y="{y - pad:g}" width="{width + 2 * pad:g}" height="{height + 2 * pad:g}" '
            f'rx="6" fill="{TILE}"/>')
    return tile + use[0]
