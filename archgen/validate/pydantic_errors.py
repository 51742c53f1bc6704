"""Pydantic's errors, said the way this product says errors: a path, the problem, the fix."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from archgen.errors import ModelError, Path_, one_of, suggest
from archgen.load import Document


def convert(document: Document, base: Path_, exc: ValidationError, annotation: Any) -> list[ModelError]:
    errors = exc.errors(include_url=False)
    # 'lable' unknown + 'label' missing is one mistake: say it once, as the typo.
    typos = {(tuple(e["loc"][:-1]), suggestion) for e in errors if e["type"] == "extra_forbidden"
             for suggestion in _close(e["loc"][-1], field_names(annotation, tuple(e["loc"][:-1])))}
    return [_convert_one(document, base, error, annotation) for error in errors
            if not (error["type"] == "missing" and (tuple(error["loc"][:-1]), error["loc"][-1]) in typos)]


def _close(word: Any, candidates: list[str]) -> list[str]:
    hint = suggest(word, candidates)
    return [hint.split("'")[1]] if hint else []


def _convert_one(document: Document, base: Path_, error: Any, annotation: Any) -> ModelError:
    loc: Path_ = tuple(error["loc"])
    path = base + loc
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = field_names(annotation, loc[:-1])
        hint = suggest(loc[-1], allowed) or (f"; allowed here: {', '.join(allowed)}" if allowed else "")
        return document.error(path, f"unknown field '{loc[-1]}'{hint}", at_key=True)
    if kind == "missing":  # said of the mapping that lacks it (the field has no place of its own)
        return document.error(path[:-1] or path, f"missing required field '{loc[-1]}'{_needs(annotation, loc)}")
    if kind == "literal_error":
        expected = _literal_values(annotation, loc)
        got = error.get("input")
        return document.error(path, f"must be {one_of(expected) if expected else error['ctx']['expected']}"
                                    f" (got {_show(got)}){suggest(str(got), expected)}")
    description = _description(annotation, loc)
    if kind == "string_pattern_mismatch" and description:
        got = error.get("input")
        return document.error(path, f"is not in the expected form: {_as_clause(description)} "
                                    f"(got {_show(got)}){_recased(got, error.get('ctx', {}).get('pattern'))}")
    message = str(error["msg"])
    for old, new in (("Input should be", "must be"), ("String should", "must"), ("List should", "must"),
                     ("Dictionary should", "must"), ("Value error, ", "")):
        message = message.replace(old, new)
    detail = f" ({description})" if description else ""
    got = error.get("input")
    if kind == "value_error" and isinstance(got, (dict, list)):  # a check of the whole mapping: it names what
        return document.error(path, f"{message}{detail}")
    return document.error(path, f"{message}{detail} (got {_show(got)})")


def _recased(value: Any, pattern: Any) -> str:
    """` (did you mean 'POST /items'?)` when only the letters' case is wrong: a lowercase method, a capital in
    a domain or an environment name are the usual slips, and the generic form alone does not point at them."""
    if not isinstance(value, str) or not isinstance(pattern, str):
        return ""
    first, space, rest = value.partition(" ")
    for candidate in (first.upper() + space + rest, value.lower()):
        if candidate != value and re.fullmatch(pattern, candidate):
            return f" (did you mean {_show(candidate)}?)"
    return ""


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated and Optional, keep the interesting type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


def _walk(annotation: Any, loc: Path_) -> tuple[Any, Any]:
    """The annotation found at `loc` below `annotation`, and the pydantic field info there."""
    info = None
    current = annotation
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _field(current, str(part))
            if field is None:
                return None, None
            current, info = field.annotation, field
        elif origin is list and isinstance(part, int):
            current, info = typing.get_args(current)[0], None
        elif origin is dict:
            current, info = typing.get_args(current)[1], None
        else:
            return None, None
    return current, info


def _field(model: type[BaseModel], name: str) -> Any:
    for field_name, field in model.model_fields.items():
        if (field.alias or field_name) == name:
            return field
    return None


def field_names(annotation: Any, loc: Path_) -> list[str]:
    found, _ = _walk(annotation, loc)
    found = _unwrap(found)
    if isinstance(found, type) and issubclass(found, BaseModel):
        return [field.alias or name for name, field in found.model_fields.items()]
    return []


def _needs(annotation: Any, loc: Path_) -> str:
    """What the missing field at `loc` must hold: its own required fields, or its description."""
    found, _ = _walk(annotation, loc)
    found = _unwrap(found)
    if isinstance(found, type) and issubclass(found, BaseModel):
        required = [field.alias or name for name, field in found.model_fields.items() if field.is_required()]
        return f" (which needs {', '.join(required)})" if required else ""
    description = _description(annotation, loc)
    return f" ({description})" if description else ""


def _literal_values(annotation: Any, loc: Path_) -> list[str]:
    found, _ = _walk(annotation, loc)
    found = _unwrap(found)
    if typing.get_origin(found) is typing.Literal:
        return [str(v) for v in typing.get_args(found)]
    return []


def _as_clause(description: str) -> str:
    """A field's description as the middle of a sentence: 'Folder of the code.' -> 'folder of the code'
    (an acronym such as 'ARN' or 'URL' keeps its capitals)."""
    text = description.rstrip(". ")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _description(annotation: Any, loc: Path_) -> str:
    """The description of the field or the annotated type at `loc`."""
    found, info = _walk(annotation, loc)
    for candidate in [info, *(typing.get_args(found)[1:] if typing.get_origin(found) is typing.Annotated else [])]:
        text = getattr(candidate, "description", None)
        if text:
            return str(text)
    return ""
