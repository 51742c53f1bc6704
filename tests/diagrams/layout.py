"""A view's drawing read back from Graphviz itself: nodes, edges, clusters and every label as a box.

`-Tjson` gives the positions Graphviz drew and the drawing operations of every label
(`_ldraw_`), from which each label's box is computed as it is drawn. Written apart from the
generator's own label placement on purpose, so the tests do not share its assumptions.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from typing import Any

POINTS_PER_INCH = 72
# How far a text reaches above and below its baseline, as a share of its font size (DejaVu Sans).
ASCENT, DESCENT = 0.93, 0.24


@dataclass(frozen=True)
class Box:
    left: float
    bottom: float
    right: float
    top: float

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        """Whether the two boxes share more than `slack` points in both directions."""
        return (min(self.right, other.right) - max(self.left, other.left) > slack
                and min(self.top, other.top) - max(self.bottom, other.bottom) > slack)

    @property
    def center(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


@dataclass(frozen=True)
class Label:
    owner: str  # what the label belongs to: "node X", "edge ID", "cluster NAME", "graph"
    box: Box
    texts: tuple[tuple[str, float], ...]  # each piece of text and its font size

    @property
    def text(self) -> str:
        return " ".join(text for text, _ in self.texts)


@dataclass(frozen=True)
class Edge:
    id: str
    tail: str
    head: str
    attrs: dict[str, Any]
    label: Label | None

    @property
    def arrow(self) -> tuple[str, str]:
        """(from, to) as the arrowhead shows it: `dir=back` puts the head at the DOT tail."""
        return (self.head, self.tail) if self.attrs.get("dir") == "back" else (self.tail, self.head)

    def line(self) -> list[tuple[float, float]]:
        """Points along the drawn line: its cubic Bézier segments sampled (arrow markers left out)."""
        controls = [tuple(map(float, part.split(","))) for part in self.attrs.get("pos", "").split()
                    if not part.startswith(("e,", "s,"))]
        points = []
        for start in range(0, len(controls) - 3, 3):
            p0, p1, p2, p3 = controls[start:start + 4]
            for step in range(11):
                t = step / 10
                weights = ((1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3)
                points.append((sum(w * p[0] for w, p in zip(weights, (p0, p1, p2, p3))),
                               sum(w * p[1] for w, p in zip(weights, (p0, p1, p2, p3)))))
        return points

    def drawn_arrowhead(self) -> tuple[float, float] | None:
        """Where Graphviz drew the arrowhead (the middle of its polygon), whichever end it is at."""
        for key in ("_hdraw_", "_tdraw_"):
            points = [p for op in self.attrs.get(key, []) if op.get("op") in ("P", "p") for p in op["points"]]
            if points:
                return sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        return None

    @property
    def invisible(self) -> bool:
        return "invis" in self.attrs.get("style", "")

    @property
    def dashed(self) -> bool:
        return "dashed" in self.attrs.get("style", "")


@dataclass(frozen=True)
class Cluster:
    name: str
    title: str
    box: Box
    nodes: frozenset[str]  # every node inside it, nested clusters' included
    parent: str | None


@dataclass
class Layout:
    width: float  # points, as drawn: margins included
    height: float
    nodes: dict[str, Box]
    labels: list[Label]
    edges: list[Edge]
    clusters: dict[str, Cluster]
    node_texts: dict[str, str] = field(default_factory=dict)
    node_contents: dict[str, Box] = field(default_factory=dict)  # what a node draws: its box down to its last text

    def nearest_node(self, point: tuple[float, float]) -> str:
        def distance(box: Box) -> float:
            dx = max(box.left - point[0], 0.0, point[0] - box.right)
            dy = max(box.bottom - point[1], 0.0, point[1] - box.top)
            return (dx * dx + dy * dy) ** 0.5

        return min(self.nodes, key=lambda name: distance(self.nodes[name]))

    def innermost_cluster(self, node: str) -> Cluster:
        holding = [c for c in self.clusters.values() if node in c.nodes]
        return min(holding, key=lambda c: len(c.nodes))


def layout(laid_out: str, imagepath: str) -> Layout:
    """The drawing of a DOT text with positions, as `neato -n2` draws it; icons found in `imagepath`."""
    result = subprocess.run(["neato", "-n2", f"-Gimagepath={imagepath}", "-Tjson"], input=laid_out.encode(),
                            capture_output=True, check=True)
    data = json.loads(result.stdout)
    objects = data.get("objects", [])
    names = {o["_gvid"]: o["name"] for o in objects}
    parents = {child: o["name"] for o in objects for child in o.get("subgraphs", [])}
    nodes, node_texts, clusters, labels, contents = {}, {}, {}, [], {}
    for item in objects:
        if item["name"].startswith("cluster"):
            title = _label(f"cluster {item['name']}", item)
            labels += [title] if title else []
            clusters[item["name"]] = Cluster(item["name"], title.text if title else "", _bb(item["bb"]),
                                             frozenset(names[n] for n in item.get("nodes", [])),
                                             parents.get(item["_gvid"]))
        elif "nodes" not in item:  # a node (other subgraphs only group ranks)
            nodes[item["name"]] = _node_box(item)
            text = _label(f"node {item['name']}", item)
            contents[item["name"]] = _content_box(nodes[item["name"]], text)
            node_texts[item["name"]] = " ".join(text.text.split()) if text else ""  # lines joined
            labels += [text] if text else []
    edges = []
    for item in data.get("edges", []):
        label = _label(f"edge {item.get('id')}", item)
        edges.append(Edge(item.get("id", ""), names[item["tail"]], names[item["head"]], item, label))
        labels += [label] if label else []
    graph_label = _label("graph", data)
    labels += [graph_label] if graph_label else []
    bb = _bb(data["bb"])
    margin = 2 * float(data.get("pad", 0.0555)) * POINTS_PER_INCH  # the drawing's margin, both sides
    return Layout(bb.right - bb.left + margin, bb.top - bb.bottom + margin, nodes, labels, edges, clusters,
                  node_texts, contents)


def _bb(text: str) -> Box:
    left, bottom, right, top = map(float, text.split(","))
    return Box(left, bottom, right, top)


def _content_box(box: Box, label: Label | None) -> Box:
    """The part of a node's box that holds what it draws (icon on top, texts under it): blank space
    under the last line of text is not drawn on."""
    if label is None:
        return box
    return Box(box.left, max(box.bottom, label.box.bottom), box.right, box.top)


def _node_box(node: dict[str, Any]) -> Box:
    x, y = map(float, node["pos"].split(","))
    half_width = float(node["width"]) * POINTS_PER_INCH / 2
    half_height = float(node["height"]) * POINTS_PER_INCH / 2
    return Box(x - half_width, y - half_height, x + half_width, y + half_height)


def _label(owner: str, item: dict[str, Any]) -> Label | None:
    """The label's box: around its texts and whatever it draws (an HTML table's cells)."""
    boxes, texts, size = [], [], 14.0
    for op in item.get("_ldraw_", []):
        if op.get("op") == "F":
            size = float(op["size"])
        elif op.get("op") == "T":
            boxes.append(_text_box(op, size))
            texts.append((op["text"], size))
        elif "points" in op:
            xs, ys = [p[0] for p in op["points"]], [p[1] for p in op["points"]]
            boxes.append(Box(min(xs), min(ys), max(xs), max(ys)))
    if not texts:
        return None
    return Label(owner, Box(min(b.left for b in boxes), min(b.bottom for b in boxes),
                            max(b.right for b in boxes), max(b.top for b in boxes)), tuple(texts))


def _text_box(op: dict[str, Any], size: float) -> Box:
    x, y = op["pt"]
    width = float(op["width"])
    left = {"l": x, "c": x - width / 2, "r": x - width}[op.get("align", "c")]
    return Box(left, y - DESCENT * size, left + width, y + ASCENT * size)
