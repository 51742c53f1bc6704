"""Two corrections to Graphviz's layout of a view, made before it is drawn.

Edge labels where a reader expects them: beside their own arrow, clear of everything else.
Graphviz (dot 2.43) routes the labelled edges between the same two clusters and columns along
one path and then puts the later ones' labels at the middle of their curve, on top of whatever
is there (its `xlabel` placer, tried instead, gives up in tight spots). So a view is laid out once
(`dot -Tdot` for the positions, `-Tjson` for every label's drawn extent), each edge label that
covers a node, a cluster's title or another label, or sits on another edge's line, or is not
next to its own edge, is moved along its own edge to the nearest good place, and the corrected
layout is then drawn as it is (`neato -n2`).

Arrowheads at the right end: dot writes a same-column edge's curve from head to tail with the
arrow marked at its start, which a drawing of that layout reads as an arrow at the tail; such
curves are turned round.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

POINTS_PER_INCH = 72
ASCENT, DESCENT = 0.95, 0.25  # how far text reaches above and below its baseline, per point of font size
CLEARANCE = 2.0  # points kept free around a label
NEAR = 6.0  # points: a label this close to its edge reads as that edge's
SAMPLES = 8  # points sampled per Bézier segment of an edge

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box) -> bool:
        # min(rights) > max(lefts), and the same upward, spelled out: called ~10^5 times per big view
        return (self.right > other.left and other.right > self.left and self.right > self.left
                and other.right > other.left and self.top > other.bottom and other.top > self.bottom
                and self.top > self.bottom and other.top > other.bottom)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.left + dx, self.bottom + dy, self.right + dx, self.top + dy)

    def grown(self, margin: float) -> Box:
        return Box(self.left - margin, self.bottom - margin, self.right + margin, self.top + margin)

    def holds(self, point: Point) -> bool:
        return self.left <= point[0] <= self.right and self.bottom <= point[1] <= self.top

    def inside(self, other: Box) -> bool:
        return (self.left >= other.left and self.right <= other.right
                and self.bottom >= other.bottom and self.top <= other.top)

    @property
    def center(self) -> Point:
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


@dataclass(frozen=True)
class EdgeLabel:
    edge_id: str
    attribute: str  # "lp" or "xlp": where Graphviz keeps this label's position
    position: Point
    box: Box
    curve: tuple[Point, ...]


class PointGrid:
    """The points along every edge's line, filed by square cell: a box asks only the cells it covers
    (a view with a thousand arrows has tens of thousands of points, and each label tries many places)."""

    CELL = 48.0  # points

    def __init__(self, curves: dict[str, tuple[Point, ...]]) -> None:
        self._cells: dict[tuple[int, int], list[tuple[Point, str]]] = {}
        for edge_id, curve in curves.items():
            for point in curve:
                self._cells.setdefault(self._cell(point), []).append((point, edge_id))

    def _cell(self, point: Point) -> tuple[int, int]:
        return int(point[0] // self.CELL), int(point[1] // self.CELL)

    def any_in(self, box: Box, but: str) -> bool:
        """Whether a point of an edge other than `but` lies in the box (its border included)."""
        (left, bottom), (right, top) = self._cell((box.left, box.bottom)), self._cell((box.right, box.top))
        for column in range(left, right + 1):
            for row in range(bottom, top + 1):
                if any(edge_id != but and box.holds(point) for point, edge_id in self._cells.get((column, row), ())):
                    return True
        return False


@dataclass(frozen=True)
class Scene:
    """Everything a label must keep clear of, but the other labels."""

    fixed: list[Box]  # nodes, clusters' titles, the graph's label
    curves: dict[str, tuple[Point, ...]]  # edge id -> points along its line
    bounds: Box
    points: PointGrid  # the same points, filed for lookup


def clear_labels(laid_out: str, layout: dict[str, Any]) -> str:
    """The laid-out DOT with every badly placed edge label moved to a good place along its edge."""
    edges = [edge for edge in layout.get("edges", []) if "invis" not in edge.get("style", "")]
    curves = {e["id"]: _curve(e.get("pos", "")) for e in edges if "id" in e}
    scene = Scene(_fixed_boxes(layout), curves, _bounds(layout["bb"]), PointGrid(curves))
    labels = [label for edge in edges if (label := _edge_label(edge, scene)) is not None]
    boxes = [label.box for label in labels]
    for index, label in enumerate(labels):
        others = boxes[:index] + boxes[index + 1:]
        if _good(label.box, label, scene, others, strict=True):
            continue
        better = next((box for box in _candidates(label) if _good(box, label, scene, others, strict=True)), None)
        better = better or next((box for box in _candidates(label) if _good(box, label, scene, others)), None)
        if better is None:
            continue  # nowhere better: left where Graphviz put it (and the layout test says so)
        boxes[index] = better
        (x, y), (old_x, old_y) = better.center, label.box.center
        laid_out = _set_position(laid_out, label, label.position[0] + x - old_x, label.position[1] + y - old_y)
    return laid_out


def _good(box: Box, label: EdgeLabel, scene: Scene, labels: list[Box], strict: bool = False) -> bool:
    """Clear of nodes, titles and labels, inside the picture; if strict, also off other edges' lines
    and next to its own."""
    clear = box.grown(CLEARANCE)
    if not box.inside(scene.bounds) or any(clear.overlaps(other) for other in scene.fixed + labels):
        return False
    if not strict:
        return True
    near, core = box.grown(NEAR), box.grown(-CLEARANCE)  # its own line may touch it, not cross it
    return (any(near.holds(point) for point in label.curve)
            and not any(core.holds(point) for point in label.curve)
            and not scene.points.any_in(clear, but=label.edge_id))


def _fixed_boxes(layout: dict[str, Any]) -> list[Box]:
    """What no edge label may cover: the nodes, the clusters' titles and the graph's own label."""
    boxes = []
    for item in layout.get("objects", []):
        if "pos" in item and "bb" not in item:
            x, y = map(float, item["pos"].split(","))
            half_width = float(item["width"]) * POINTS_PER_INCH / 2
            half_height = float(item["height"]) * POINTS_PER_INCH / 2
            boxes.append(Box(x - half_width, y - half_height, x + half_width, y + half_height))
        elif "bb" in item and (box := _drawn_box(item.get("_ldraw_", []))) is not None:
            boxes.append(box)
    graph_label = _drawn_box(layout.get("_ldraw_", []))
    return boxes + ([graph_label] if graph_label else [])


def _edge_label(edge: dict[str, Any], scene: Scene) -> EdgeLabel | None:
    attribute = "lp" if "lp" in edge else "xlp" if "xlp" in edge else None
    box = _drawn_box(edge.get("_ldraw_", []))
    if attribute is None or box is None or "id" not in edge:
        return None
    x, y = map(float, edge[attribute].split(","))
    return EdgeLabel(edge["id"], attribute, (x, y), box, scene.curves[edge["id"]])


def _drawn_box(operations: list[dict[str, Any]]) -> Box | None:
    """The box around what a label draws: its texts and the cells of an HTML table."""
    boxes, size = [], 14.0
    for op in operations:
        if op.get("op") == "F":
            size = float(op["size"])
        elif op.get("op") == "T":
            x, y = op["pt"]
            width = float(op["width"])
            left = {"l": x, "c": x - width / 2, "r": x - width}[op.get("align", "c")]
            boxes.append(Box(left, y - DESCENT * size, left + width, y + ASCENT * size))
        elif "points" in op:
            xs, ys = [p[0] for p in op["points"]], [p[1] for p in op["points"]]
            boxes.append(Box(min(xs), min(ys), max(xs), max(ys)))
    if not boxes:
        return None
    return Box(min(b.left for b in boxes), min(b.bottom for b in boxes),
               max(b.right for b in boxes), max(b.top for b in boxes))


def _curve(pos: str) -> tuple[Point, ...]:
    """Points along an edge's line: its cubic Bézier segments (`pos`, arrow markers left out), sampled."""
    controls = [_point(part) for part in pos.split() if not part.startswith(("e,", "s,"))]
    points: list[Point] = []
    for start in range(0, len(controls) - 3, 3):
        p0, p1, p2, p3 = controls[start:start + 4]
        for step in range(SAMPLES):
            t = step / SAMPLES
            weights = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3)
            corners = (p0, p1, p2, p3)
            points.append((sum(w * p[0] for w, p in zip(weights, corners)),
                           sum(w * p[1] for w, p in zip(weights, corners))))
    return tuple(points + controls[-1:])


def _point(text: str) -> Point:
    x, y = text.split(",")
    return float(x), float(y)


def _candidates(label: EdgeLabel) -> Iterator[Box]:
    """Places along the label's own edge, from its middle outward: beside the line, then on it."""
    width, height = label.box.right - label.box.left, label.box.top - label.box.bottom
    middle = (len(label.curve) - 1) / 2
    cx, cy = label.box.center
    by_distance = [label.curve[i] for i in sorted(range(len(label.curve)), key=lambda i: (abs(i - middle), i))]
    beside = ((0, height / 2 + 4), (0, -height / 2 - 4), (width / 2 + 4, 0), (-width / 2 - 4, 0))
    for offsets in (beside, ((0, 0),)):
        for x, y in by_distance:
            for dx, dy in offsets:
                yield label.box.moved(x + dx - cx, y + dy - cy)


def _bounds(bb: str) -> Box:
    left, bottom, right, top = map(float, bb.split(","))
    return Box(left, bottom, right, top)


def orient_arrows(laid_out: str, layout: dict[str, Any]) -> str:
    """The laid-out DOT with every curve running from the edge's tail to its head, as `dir` says."""
    for edge in layout.get("edges", []):
        parts = edge.get("pos", "").split()
        if "id" not in edge or not parts:
            continue
        marker = "e," if edge.get("dir", "forward") == "forward" else "s,"
        wrong = "s," if marker == "e," else "e,"
        if parts[0].startswith(wrong) and not any(part.startswith(marker) for part in parts):
            turned = " ".join([marker + parts[0][2:], *reversed(parts[1:])])
            laid_out = _set_attribute(laid_out, edge["id"], "pos", turned)
    return laid_out


def _set_position(laid_out: str, label: EdgeLabel, x: float, y: float) -> str:
    return _set_attribute(laid_out, label.edge_id, label.attribute, f"{x:.2f},{y:.2f}")


def _set_attribute(laid_out: str, edge_id: str, name: str, value: str) -> str:
    """`laid_out` with one attribute of one edge set (edges are found by their unique id)."""
    start = laid_out.find(f'id="{edge_id}"')
    end = laid_out.find("];\n", start)
    if start < 0 or end < 0:
        return laid_out
    fixed = re.sub(rf'\b{name}="[^"]*"', lambda _: f'{name}="{value}"', laid_out[start:end], count=1)
    return laid_out[:start] + fixed + laid_out[end:]
