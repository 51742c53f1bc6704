"""The kind registry: one module per kind, names that match, and relations that point at real kinds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diagrams import Node

from archgen.kinds import Registry, discover, registry
from archgen.kinds._base import RELATION_FIELDS, Kind
from archgen.schema import LAYERS, ComponentBase

KINDS_DIR = Path(__file__).resolve().parents[2] / "archgen" / "kinds"


def test_one_module_per_kind_named_after_it() -> None:
    modules = sorted(p.stem for p in KINDS_DIR.glob("[!_]*.py"))
    assert modules == sorted(kind.name.replace(".", "_") for kind in registry())


@pytest.mark.parametrize("kind", list(registry()), ids=lambda k: k.name)
def test_kind_metadata_is_complete(kind: Kind) -> None:
    assert re.fullmatch(r"[a-z0-9]+\.[a-z0-9_]+", kind.name)
    assert kind.layer in LAYERS
    assert kind.title and kind.summary
    assert issubclass(kind.icon, Node) and kind.icon._icon
    assert issubclass(kind.component, ComponentBase)
    assert kind.component.model_fields["kind"].annotation.__args__ == (kind.name,)
    for control in kind.controls:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", control)


@pytest.mark.parametrize("kind", list(registry()), ids=lambda k: k.name)
def test_allowed_relations_point_at_registered_kinds(kind: Kind) -> None:
    targets = [rule.target for rule in kind.allows]
    assert len(targets) == len(set(targets)), "one rule per target kind"
    for rule in kind.allows:
        assert registry().get(rule.target) is not None, f"{kind.name} allows unknown kind {rule.target}"
        assert set(rule.requires) | set(rule.accepts) <= set(RELATION_FIELDS)
        assert rule.meaning and rule.becomes


def test_duplicate_kind_names_are_rejected() -> None:
    kind = registry()["lambda.function"]
    with pytest.raises(ValueError, match="duplicate kind 'lambda.function'"):
        Registry([kind, kind])


def test_discovery_is_stable() -> None:
    assert discover().names == registry().names
