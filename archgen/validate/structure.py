"""Structure: each section of the document against its typed model, every error kept.

Sections and entries are validated one at a time, so that one bad component does not
hide the errors of the next, and so that cross-reference checks can still run on
everything that was valid.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import TypeAdapter, ValidationError

from archgen.errors import ModelError, one_of, suggest
from archgen.kinds import Registry
from archgen.load import Document
from archgen.schema import ID_PATTERN, REQUIRED_SECTIONS, SECTION_MODELS, ComponentBase
from archgen.validate.pydantic_errors import convert
from archgen.validate.unknown_kind import unknown_kind

SECTIONS = ("system", "components", "relations", "flows", "views", "exceptions")


def check_root(document: Document, errors: list[ModelError]) -> dict[str, Any]:
    data = document.data
    if not isinstance(data, dict):
        errors.append(document.error((), f"the model must be a mapping of sections ({one_of(SECTIONS)}), "
                                         f"not a {type(data).__name__}"))
        return {}
    for key in data:
        if key not in SECTIONS:
            errors.append(document.error((key,), f"unknown section '{key}'{suggest(key, SECTIONS)}; "
                                                 f"sections are {one_of(SECTIONS)}", at_key=True))
    for key in REQUIRED_SECTIONS:
        if key not in data:
            errors.append(document.error((), f"missing required section '{key}'"))
    return data


def check_section(document: Document, data: dict[str, Any], name: str, errors: list[ModelError]) -> Any:
    """A plain section (system, relations, flows, views, exceptions); None when invalid or absent."""
    annotation = SECTION_MODELS[name]
    origin = typing.get_origin(annotation)
    if name not in data:
        return None if name in REQUIRED_SECTIONS else origin()
    value = data[name]
    if origin is list and isinstance(value, list):
        return _check_items(document, name, value, annotation, errors)
    if origin is dict and isinstance(value, dict):
        return _check_entries(document, name, value, annotation, errors)
    try:
        return TypeAdapter(annotation).validate_python(value)
    except ValidationError as exc:
        errors.extend(convert(document, (name,), exc, annotation))
        return None


def _check_items(document: Document, name: str, items: list[Any], annotation: Any,
                 errors: list[ModelError]) -> list[Any]:
    item_type = typing.get_args(annotation)[0]
    adapter = TypeAdapter(item_type)
    valid = []
    for index, item in enumerate(items):
        try:
            parsed = adapter.validate_python(item)
        except ValidationError as exc:
            errors.extend(convert(document, (name, index), exc, item_type))
            continue
        if hasattr(parsed, "_index"):
            parsed._index = index
        valid.append(parsed)
    return valid


def _check_entries(document: Document, name: str, entries: dict[str, Any], annotation: Any,
                   errors: list[ModelError]) -> dict[str, Any]:
    value_type = typing.get_args(annotation)[1]
    adapter = TypeAdapter(value_type)
    valid = {}
    for key, entry in entries.items():
        if not _check_id(document, (name, key), errors):
            continue
        try:
            valid[key] = adapter.validate_python(entry)
        except ValidationError as exc:
            errors.extend(convert(document, (name, key), exc, value_type))
    return valid


def _check_id(document: Document, path: tuple[str, str], errors: list[ModelError]) -> bool:
    if re.match(ID_PATTERN, path[1]):
        return True
    errors.append(document.error(path, f"id '{path[1]}' is not allowed: use lowercase letters, digits and "
                                       "'-', starting with a letter, at most 41 characters "
                                       "(ids become file names and CloudFormation ids)", at_key=True))
    return False


def check_components(document: Document, data: dict[str, Any], registry: Registry,
                     errors: list[ModelError]) -> dict[str, ComponentBase]:
    components = data.get("components")
    if components is None:
        return {}
    if not isinstance(components, dict):
        errors.append(document.error(("components",), "must be a mapping of component id to component"))
        return {}
    valid: dict[str, ComponentBase] = {}
    for component_id, entry in components.items():
        path = ("components", component_id)
        if not _check_id(document, path, errors):
            continue
        kind = _kind_of(document, path, entry, registry, errors)
        if kind is None:
            continue
        try:
            component = kind.component.model_validate(entry)
        except ValidationError as exc:
            errors.extend(convert(document, path, exc, kind.component))
            continue
        component._id = component_id
        if component.layer is None:
            component.layer = kind.default_layer(component)
        valid[component_id] = component
    return valid


def _kind_of(document: Document, path: tuple[str, str], entry: Any, registry: Registry,
             errors: list[ModelError]) -> Any:
    if not isinstance(entry, dict):
        errors.append(document.error(path, "a component must be a mapping with kind, label and description"))
        return None
    name = entry.get("kind")
    if name is None:
        errors.append(document.error(path, f"missing required field 'kind' (one of {one_of(registry.names)})"))
        return None
    kind = registry.get(name) if isinstance(name, str) else None
    if kind is None:
        errors.append(document.error(path + ("kind",), unknown_kind(name, registry)))
    return kind
