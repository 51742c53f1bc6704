"""What a component kind is: its metadata, its typed settings and the relations it may start."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from diagrams import Node

from archgen.schema import ComponentBase, Layer

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

# CloudFront's certificate and web ACL exist only in this region, whatever the system's region.
GLOBAL_EDGE_REGION = "us-east-1"

# The relation fields whose presence a kind's `Allows` decides.
RELATION_FIELDS: tuple[str, ...] = ("access", "routes", "path", "protects")


@dataclass(frozen=True)
class Allows:
    """A relation this kind may start, to a component of kind `target`, and what it becomes."""

    target: str
    meaning: str
    becomes: str
    requires: tuple[str, ...] = ()
    accepts: tuple[str, ...] = ()

    def field_problems(self, present: set[str]) -> list[tuple[str, str]]:
        """(field, message) for each relation field that is missing or not meaningful here."""
        problems = [(name, f"required for a '{self.meaning}' relation to a {self.target}")
                    for name in self.requires if name not in present]
        allowed = set(self.requires) | set(self.accepts)
        problems += [(name, f"has no meaning on a '{self.meaning}' relation to a {self.target}: remove it")
                     for name in sorted(present - allowed)]
        return problems


class Kind:
    """Base of every kind module's class; the registry keeps one instance per kind."""

    name: ClassVar[str]
    title: ClassVar[str]
    layer: ClassVar[Layer]
    summary: ClassVar[str]
    icon: ClassVar[type[Node]]
    component: ClassVar[type[ComponentBase]]
    # Security controls on by default: id -> what it does. An exception names one of these.
    controls: ClassVar[dict[str, str]] = {}
    allows: ClassVar[tuple[Allows, ...]] = ()

    def allowed(self, target_kind: str) -> Allows | None:
        return next((rule for rule in self.allows if rule.target == target_kind), None)

    def region(self, component: Any, graph: SystemGraph) -> str:
        """The region this component lives in: the system's, unless AWS says otherwise."""
        return graph.system.region

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        """Short lines naming the protections in place, for the security view."""
        return []

    def key_settings(self, component: Any) -> dict[str, str]:
        """The settings a reader wants to see, as text (docs tables, diagram annotations)."""
        settings = getattr(component, "settings", None)
        if settings is None:
            return {}
        return {name: _text(value) for name, value in settings.model_dump().items() if value not in (None, [], {})}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)
