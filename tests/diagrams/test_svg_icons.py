"""Icons are inlined once per SVG, however many nodes show them, and the dark copy tiles each one."""

from __future__ import annotations

import re
from collections import Counter

from archgen.render.diagram_svg import TILE, dark
from archgen.render.diagrams_renderer import draw_svg

LAMBDA, TABLE = "aws/compute/lambda.png", "aws/database/dynamodb.png"


def _view(icons: list[str]) -> bytes:
    nodes = "".join(f'n{i} [label=<<TABLE BORDER="0"><TR><TD><IMG SRC="{icon}"/></TD></TR></TABLE>> shape=plain]\n'
                    for i, icon in enumerate(icons))
    return f"digraph v {{\n{nodes}}}\n".encode()


def test_one_copy_of_each_icon_however_many_nodes_show_it() -> None:
    svg = draw_svg(_view([LAMBDA, LAMBDA, LAMBDA, TABLE])).decode()
    assert svg.count("data:image/png;base64,") == 2
    defined = re.findall(r'<image id="([a-z0-9-]+)" xlink:href="data:image/png;base64,', svg)
    used = re.findall(r'<use xlink:href="#([a-z0-9-]+)" x="-?[0-9.]+" y="-?[0-9.]+"/>', svg)
    assert set(used) == set(defined) and sorted(Counter(used).values()) == [1, 3]
    assert not re.search(r'xlink:href="[^"#d][^"]*\.png"', svg), "an icon left as a file reference"


def test_the_dark_copy_puts_a_tile_under_every_shown_icon() -> None:
    svg = draw_svg(_view([LAMBDA, LAMBDA, TABLE]))
    shaded = dark(svg).decode()
    assert shaded.count(f'fill="{TILE}"') == 3
    tile_then_use = re.findall(rf'<rect [^>]*fill="{TILE}"/><use xlink:href="#', shaded)
    assert len(tile_then_use) == 3
