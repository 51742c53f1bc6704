"""The kind registry: one module per component kind, found by walking this folder.

A kind module defines one `Kind` subclass and names it `KIND`. Helper modules start
with `_` and are skipped. Nothing registers itself on import: `discover()` collects.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any, Callable, Iterator, TypeVar

from archgen.kinds._base import Kind, Side
from archgen.schema import ComponentBase

__all__ = ["Kind", "Registry", "Side", "registry"]

T = TypeVar("T")


class Registry:
    def __init__(self, kinds: list[Kind]) -> None:
        self._kinds: dict[str, Kind] = {}
        for kind in kinds:
            if kind.name in self._kinds:
                raise ValueError(f"duplicate kind '{kind.name}'")
            self._kinds[kind.name] = kind
        self._memo: dict[tuple[Any, ...], Any] = {}

    def memo(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """What depends on the kinds alone (the JSON Schema, the kinds reference): computed once per registry,
        so a process that generates many models (serve, the tests) pays for it once. Callers must not mutate it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[Kind]:
        return iter(sorted(self._kinds.values(), key=lambda k: k.name))

    def __len__(self) -> int:
        return len(self._kinds)

    def get(self, name: str) -> Kind | None:
        return self._kinds.get(name)

    def __getitem__(self, name: str) -> Kind:
        return self._kinds[name]

    @property
    def names(self) -> list[str]:
        return sorted(self._kinds)

    @property
    def component_classes(self) -> list[type[ComponentBase]]:
        return [kind.component for kind in self]


def discover() -> Registry:
    kinds = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        kinds.append(module.KIND())
    return Registry(kinds)


@lru_cache(maxsize=1)
def registry() -> Registry:
    """The registry of this installation (the kinds do not change while a process runs)."""
    return discover()
