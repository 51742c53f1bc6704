"""The architecture rules: one module per rule, found by walking this folder (helpers start with `_`)."""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache

from archgen.rules._base import Finding, Rule

__all__ = ["Finding", "Rule", "rules", "RULE_ID"]

RULE_ID = re.compile(r"^[EWI][0-9]{3}$")


@lru_cache(maxsize=1)
def rules() -> tuple[Rule, ...]:
    found: dict[str, Rule] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        rule = importlib.import_module(f"{__name__}.{info.name}").RULE()
        if not RULE_ID.match(rule.id):
            raise ValueError(f"rule id '{rule.id}' of {info.name} is not like E101")
        if rule.id in found:
            raise ValueError(f"duplicate rule id '{rule.id}'")
        found[rule.id] = rule
    return tuple(found[key] for key in sorted(found))
