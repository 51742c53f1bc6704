"""E161: an AppSync API's relations resolve fields its schema has, each once, with the code a DynamoDB
resolver needs beside the schema; and its callers are checked (a user pool, or an API key)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from archgen.kinds._graphql import schema_fields
from archgen.kinds._model_files import file_problem, inside
from archgen.rules._base import Finding, Rule, component_path

if TYPE_CHECKING:
    from archgen.graph import SystemGraph

KIND = "appsync.graphql_api"


class GraphqlFields(Rule):
    id = "E161"
    shortdesc = "GraphQL field unresolved, unknown or resolved twice, or an API checking no caller"
    description = ("Each field a relation of an AppSync API names (`fields: [Query.getNote]`) is in the API's "
                   "schema file and resolved by one relation only; a DynamoDB data source's field has its resolver "
                   "code `resolvers/<Type>.<field>.js` beside the schema; the API relates to a user pool or has "
                   "an `api_key`.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        model_dir = Path(graph.model.root) / graph.model.folder
        for component in graph.components.values():
            if component.kind != KIND:
                continue
            settings = component.settings  # type: ignore[attr-defined]
            schema = inside(model_dir, settings.schema_file)
            if schema is None or not schema.is_file():
                continue  # reported at the setting already
            known, _ = schema_fields(schema)
            yield from _fields(graph, component.id, known, model_dir, settings.resolvers)
            pools = [r for r in graph.outgoing(component.id) if graph.components[r.target].kind == "cognito.user_pool"]
            if not pools and settings.api_key is None:
                yield Finding(component_path(component.id), (
                    f"'{component.id}' checks no caller: relate it to a user pool ({{from: {component.id}, to: "
                    "user-pool, label: verify JWT}) or give it settings.api_key with its expiry"), component.id)


def _fields(graph: SystemGraph, api: str, known: frozenset[str], model_dir: Path, folder: object) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for relation in graph.outgoing(api):
        for index, field in enumerate(relation.fields or []):
            where = ("relations", relation.index, "fields", index)
            if field not in known:
                near = sorted(f for f in known if f.split(".")[0] == field.split(".")[0])
                yield Finding(where, f"'{field}' is not a field of the schema: its {field.split('.')[0]} fields are "
                                     + (", ".join(near) if near else "none"), api)
                continue
            if field in seen:
                yield Finding(where, f"'{field}' is resolved by relations[{seen[field]}] already: one data source "
                                     "resolves a field", api)
            seen.setdefault(field, relation.index)
            if graph.components[relation.target].kind == "dynamodb.table":
                problem = file_problem(model_dir, f"{folder}/{field}.js", "resolver code", (".js",))
                if problem is not None:
                    yield Finding(where, problem + " (an APPSYNC_JS resolver: request and response functions)", api)


RULE = GraphqlFields
