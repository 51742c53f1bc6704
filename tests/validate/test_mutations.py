"""Bad inputs the corpus does not list: random mutations of the default model.

Whatever the mutation, validation either accepts the model or raises ModelInvalid whose
every error names the file and a line inside it; it never crashes with another exception.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml

from archgen.errors import ModelInvalid
from archgen.validate import load_model

REPO = Path(__file__).resolve().parents[2]
ODD_VALUES: list[Any] = [None, 0, -1, 10**12, 3.5, True, "", "x" * 500, "Bad Id!", [], {}, [1, 2], {"a": 1}]


def paths_of(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_of(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_of(value, prefix + (index,))
    return found


def mutate(data: Any, rng: random.Random) -> Any:
    path = rng.choice(paths_of(data)[1:])
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    action = rng.choice(["replace", "delete", "rename"])
    if action == "delete":
        del parent[key]
    elif action == "rename" and isinstance(parent, dict):
        parent[str(key)[:-1] + "q"] = parent.pop(key)
    else:
        parent[key] = rng.choice(ODD_VALUES)
    return data


@pytest.mark.parametrize("seed", range(200))
def test_any_mutation_is_accepted_or_reported_cleanly(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    data = yaml.safe_load((REPO / "model" / "system.yaml").read_text("utf-8"))
    for _ in range(rng.randint(1, 3)):
        data = mutate(data, rng)
    (tmp_path / "model").mkdir()
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    (tmp_path / "model" / "system.yaml").write_text(text, "utf-8")
    try:
        load_model(tmp_path / "model")
    except ModelInvalid as invalid:
        assert invalid.errors
        lines = text.count("\n") + 1
        for error in invalid.errors:
            assert error.file.endswith("model/system.yaml")
            assert 1 <= error.line <= lines
            assert error.message
