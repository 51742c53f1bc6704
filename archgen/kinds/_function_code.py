"""A function's code folder, checked before anything is generated: the handler's file must be in it.

Lambda finds the handler by its module: `handler.handler` is `handler.py` (or the package
`handler/__init__.py`) for Python, `index.handler` is `index.js`, `index.mjs` or `index.cjs` for
Node.js. A folder that holds none of them deploys, and fails on its first call; so it is an error at
the setting that names the handler (or the folder, for the default handler). A folder that does not
exist at all is left to the check of the model's paths (generate works without the code; deploy not).
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from archgen.errors import one_of

# The file endings of the other runtime family: seen in the folder, they explain the mistake.
FAMILY_ENDINGS = {"python": (".py",), "nodejs": (".js", ".mjs", ".cjs")}
SHOWN = 5  # code files named in the message, at most


def handler_problems(component: Any, model_dir: Path) -> list[tuple[tuple[Any, ...], str]]:
    settings = component.settings
    root = model_dir.resolve()
    folder = (model_dir / settings.source).resolve()
    if not folder.is_dir() or (folder != root and root not in folder.parents):
        return []
    wanted = settings.handler_files()
    if any((folder / name).is_file() for name in wanted):
        return []
    field = "handler" if settings.handler else "source"
    where = ("components", component.id, "settings", field)
    default = "" if settings.handler else " (the default handler)"
    message = (f"the handler '{settings.entry}'{default} needs {one_of(wanted)} "
               f"in {settings.source}/ for runtime {settings.runtime}, and none is there")
    return [(where, message + _hint(folder, settings.family))]


def _hint(folder: Path, family: str) -> str:
    """What is in the folder instead: its code files, and the runtime they would need."""
    code = sorted(path.relative_to(folder).as_posix() for path in folder.iterdir()
                  if path.is_file() and path.suffix in sum(FAMILY_ENDINGS.values(), ()))
    if not code:
        return ": add it, or point 'source' at the folder that holds the code"
    other = next((name for name, endings in FAMILY_ENDINGS.items()
                  if name != family and any(f.endswith(endings) for f in code)), None)
    shown = ", ".join(code[:SHOWN]) + (", ..." if len(code) > SHOWN else "")
    if other is not None and not any(f.endswith(FAMILY_ENDINGS[family]) for f in code):
        return f": the folder holds {shown}, code for a {other} runtime: set 'runtime' to match the code"
    return f": the folder holds {shown}: set 'handler' to module.function of one of them"


def runtime_support(component: Any, today: date) -> tuple[tuple[Any, ...], str] | None:
    """A deprecated runtime, from the lifecycle data cfn-lint keeps for its own rules (W2531, E2531)."""
    dates = _lifecycle().get(component.settings.runtime)
    if not dates or date.fromisoformat(dates["deprecated"]) > today:
        return None
    successor = f": move to {dates['successor']}" if dates.get("successor") else ""
    return (("components", component.id, "settings", "runtime"), (
        f"{component.settings.runtime} is deprecated since {dates['deprecated']} (no security patches); AWS "
        f"blocks creating functions with it from {dates['create-block']} and updating them from "
        f"{dates['update-block']}{successor}"))


@lru_cache(maxsize=1)
def _lifecycle() -> dict[str, dict[str, str]]:
    """cfn-lint's file, found without importing cfn-lint (its import alone takes a second)."""
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "AdditionalSpecs" / "LmbdRuntimeLifecycle.json"
    return json.loads(path.read_text("utf-8")) if path.is_file() else {}  # type: ignore[no-any-return]
