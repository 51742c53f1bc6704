"""An AppSync API's schema file, read with graphql-core: its fields, for the relations that resolve them.

The file is the model folder's (archgen/kinds/_model_files.py keeps it inside); a schema that does
not parse is reported at the setting's line with graphql-core's own message and position.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# AppSync's own scalars and directives, which a plain GraphQL schema does not know.
APPSYNC_PRELUDE = "\n".join([
    *(f"scalar {name}" for name in ("AWSDate", "AWSTime", "AWSDateTime", "AWSTimestamp", "AWSEmail", "AWSJSON",
                                    "AWSURL", "AWSPhone", "AWSIPAddress")),
    *(f"directive @{name} on OBJECT | FIELD_DEFINITION" for name in (
        "aws_api_key", "aws_iam", "aws_lambda", "aws_oidc")),
    "directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION",
    "directive @aws_auth(cognito_groups: [String]) on FIELD_DEFINITION",
    "directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION",
])


@lru_cache(maxsize=32)
def _fields(text: str) -> tuple[frozenset[str], str | None]:
    # imported here: graphql-core (and the asyncio it imports) costs ~70 ms, and only a model with an AppSync
    # API reads a schema
    from graphql import GraphQLError, GraphQLObjectType, build_schema

    try:
        schema = build_schema(APPSYNC_PRELUDE + "\n" + text)
    except GraphQLError as error:
        where = ""
        if error.locations:
            line = error.locations[0].line - APPSYNC_PRELUDE.count("\n") - 1
            where = f" (line {line}, column {error.locations[0].column})"
        return frozenset(), f"{error.message}{where}"
    fields = {f"{name}.{field}" for name, kind in schema.type_map.items()
              if isinstance(kind, GraphQLObjectType) and not name.startswith("__") for field in kind.fields}
    return frozenset(fields), None


def schema_fields(path: Path) -> tuple[frozenset[str], str | None]:
    """Every `Type.field` of the object types in the schema, or the reason it does not parse."""
    return _fields(path.read_text("utf-8"))
