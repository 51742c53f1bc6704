"""Shared translations: CloudFormation's property shapes into the shapes moto's backends take."""

from __future__ import annotations

from typing import Any


def camel_keys(value: Any, keep: frozenset[str] = frozenset(), renames: dict[str, str] | None = None) -> Any:
    """PascalCase keys (CloudFormation) to camelCase keys (the JSON APIs of CodeBuild, CodePipeline).

    The values under a key in `keep` are the user's own maps (e.g. an action's Configuration) and
    stay as they are; `renames` covers keys whose API name is not the plain camelCase one.
    """
    renames = renames or {}
    if isinstance(value, list):
        return [camel_keys(item, keep, renames) for item in value]
    if not isinstance(value, dict):
        return value
    converted = {}
    for key, item in value.items():
        name = renames.get(key, key[:1].lower() + key[1:])
        converted[name] = item if key in keep else camel_keys(item, keep, renames)
    return converted


def tag_list(properties: dict[str, Any], key: str = "Key", value: str = "Value") -> list[dict[str, str]]:
    """CloudFormation's `Tags: [{Key, Value}]` in the spelling a backend wants."""
    return [{key: tag["Key"], value: tag["Value"]} for tag in properties.get("Tags") or []]


def tag_map(properties: dict[str, Any]) -> dict[str, str]:
    return {tag["Key"]: tag["Value"] for tag in properties.get("Tags") or []}


def flag(value: Any, default: bool = False) -> bool:
    """A CloudFormation boolean: templates may carry true, "true" or "True"."""
    if value is None:
        return default
    return value if isinstance(value, bool) else str(value).lower() == "true"


def error_reason(error: BaseException) -> str:
    """The message a person should read for a failed resource (moto's errors keep it in .message)."""
    if isinstance(error, KeyError):  # moto reads required properties with [...]
        return f"{error.args[0]!r} is required here (moto found no such property or field)"
    message = getattr(error, "message", None)
    if isinstance(message, str) and message:
        code = getattr(error, "code", None) or getattr(error, "error_type", None)
        return f"{code}: {message}" if isinstance(code, str) and code else message
    return str(error) or type(error).__name__
