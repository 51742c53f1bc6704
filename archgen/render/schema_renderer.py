"""The JSON Schema of the model files, generated from the typed model (editors validate as you type)."""

from __future__ import annotations

import json
from typing import Any

from archgen.graph import SystemGraph
from archgen.kinds import Registry
from archgen.render import RenderContext
from archgen.schema import root_model
from archgen.worklog.model import Week
from archgen.write import Outputs

SYSTEM_SCHEMA = "schema/system.schema.json"
WORKLOG_SCHEMA = "schema/worklog.schema.json"


def schemas(kinds: Registry) -> dict[str, dict[str, Any]]:
    return kinds.memo(("schemas",), lambda: _schemas(kinds))


def _schemas(kinds: Registry) -> dict[str, dict[str, Any]]:
    system = root_model(kinds.component_classes).model_json_schema(by_alias=True)
    system["title"] = "System model"
    worklog = Week.model_json_schema(by_alias=True)
    return {SYSTEM_SCHEMA: system, WORKLOG_SCHEMA: worklog}


def schema_bytes(schema: dict[str, Any]) -> bytes:
    return (json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


class SchemaRenderer:
    name = "schema"

    def render(self, graph: SystemGraph, context: RenderContext) -> Outputs:
        kinds = graph.registry
        texts = kinds.memo(("schema bytes",), lambda: {path: schema_bytes(schema)
                                                        for path, schema in schemas(kinds).items()})
        return {f"{context.model_dir}/{path}": text for path, text in texts.items()}
