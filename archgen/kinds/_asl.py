"""A state machine's definition (Amazon States Language), read from a file in the model folder.

The file is JSON or YAML (`.json`, `.yaml`, `.yml`), found strictly inside the model folder (symlinks
resolved first, `archgen.paths.model_file`). It is checked when the model loads, the way Step Functions
would refuse it on deploy: it parses to a mapping, `StartAt` names one of its `States`, every `Next`,
`Default` and `Catch` target is a state of the same scope (a Parallel branch and a Map's item processor
are scopes of their own), every state but Choice, Succeed and Fail goes somewhere (`Next` or `End`), and
a Task's `Resource` is a service integration (`arn:aws:states:::...`) or a placeholder, never a
function's ARN typed by hand.

Placeholders name the model's components: `${process-order}` is the component's ARN and
`${orders-table.Name}` another of its exports. Each one must be a component the state machine has a
relation to (rule E130): the relation grants the call, and the placeholder becomes a
`DefinitionSubstitutions` entry with the component's ARN or name, so the definition never names an
account, a region or a stack.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterator

from archgen.errors import ModelInvalid, format_path, suggest
from archgen.load import Document, display_name, load_bytes
from archgen.paths import OutsideModel, model_file
from archgen.render.cloudformation.scope import logical_id

PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
# `${component-id}` or `${component-id.Attribute}`: the id's own pattern, an export's name.
NAMED = re.compile(r"^([a-z][a-z0-9-]{0,40})(?:\.([A-Z][A-Za-z]*))?$")
TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
TERMINAL = ("Choice", "Succeed", "Fail")  # they never take `Next`/`End` (Choice chooses, the others end)
SERVICE_INTEGRATION = re.compile(r"^arn:aws(-[a-z]+)*:states:::")
MAX_STATES = 1000
SUFFIXES = (".json", ".yaml", ".yml")


class DefinitionProblem(ValueError):
    """What is wrong with a definition file: one message per problem, each naming file:line:col."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def read(model_dir: Path, relative: str) -> tuple[dict[str, Any], Document]:
    """The definition and its marks; DefinitionProblem when it cannot be read or is not a mapping."""
    if not relative.endswith(SUFFIXES):
        raise DefinitionProblem([f"'{relative}' is no definition file: name a .json, .yaml or .yml file of Amazon "
                                 "States Language in the model folder"])
    try:
        path = model_file(model_dir, relative)
    except OutsideModel as outside:
        raise DefinitionProblem([str(outside)]) from None
    raw, shown = path.read_bytes(), display_name(model_dir / relative)  # model/workflows/...: clickable
    if path.suffix == ".json":
        try:
            json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as bad:
            where = f"{shown}:{bad.lineno}:{bad.colno}" if isinstance(bad, json.JSONDecodeError) else shown
            raise DefinitionProblem([f"{where}: not JSON ({_reason(bad)}): fix the file"]) from None
        raw = raw.replace(b"\t", b" ")  # JSON may indent with tabs; YAML (read for the marks) may not
    try:
        document = load_bytes(raw, shown)
    except ModelInvalid as invalid:
        raise DefinitionProblem([str(error) for error in invalid.errors]) from None
    if not isinstance(document.data, dict):
        raise DefinitionProblem([f"{shown}:1:1: a state machine definition is a mapping with StartAt and States"])
    return document.data, document


def _reason(bad: Exception) -> str:
    return bad.msg if isinstance(bad, json.JSONDecodeError) else "not UTF-8 text"


def problems(model_dir: Path, relative: str) -> list[str]:
    """Every structural problem of the definition, each as `file:line:col: message`."""
    try:
        definition, document = read(model_dir, relative)
    except DefinitionProblem as problem:
        return problem.messages
    found = list(_scope(definition, (), document))
    found += [at(document, path, f"'${{{text}}}' is not a placeholder: write ${{component-id}} for a "
                                   "component's ARN or ${component-id.Name} for another of its exports")
              for path, text in placeholders(definition) if not NAMED.match(text)]
    return found


def at(document: Document, path: tuple[Any, ...], message: str) -> str:
    mark = document.locate(path)
    where = f" {format_path(path)}:" if path else ""
    return f"{document.file}:{mark.line}:{mark.column}:{where} {message}"


def _scope(machine: Any, path: tuple[Any, ...], document: Document) -> Iterator[str]:
    """One state machine, or a Parallel branch, or a Map's item processor: its own set of states."""
    if not isinstance(machine, dict):
        yield at(document, path, "expected a mapping with StartAt and States")
        return
    states = machine.get("States")
    if not isinstance(states, dict) or not states:
        yield at(document, path + ("States",) if "States" in machine else path,
                  "'States' must be a mapping of state names to states, with at least one state")
        return
    if len(states) > MAX_STATES:
        yield at(document, path + ("States",), f"{len(states)} states, over the {MAX_STATES} allowed")
        return
    start = machine.get("StartAt")
    if not isinstance(start, str) or start not in states:
        yield at(document, path + ("StartAt",) if "StartAt" in machine else path,
                  f"'StartAt' must name one of the states{_near(start, states)}")
    for name, state in states.items():
        yield from _state(str(name), state, path + ("States", name), states, document)


def _near(name: Any, states: dict[str, Any]) -> str:
    hint = suggest(name, [str(s) for s in states])
    return hint or f" ({', '.join(sorted(str(s) for s in states)[:8])})"


def _state(name: str, state: Any, path: tuple[Any, ...], states: dict[str, Any], document: Document) -> Iterator[str]:
    if not isinstance(state, dict):
        yield at(document, path, f"state '{name}' must be a mapping with a Type")
        return
    kind = state.get("Type")
    if kind not in TYPES:
        yield at(document, path + ("Type",) if "Type" in state else path,
                  f"state '{name}' has Type {kind!r}: it must be one of {', '.join(TYPES)}")
        return
    for field, target in _targets(state, path):
        if not isinstance(target, str) or target not in states:
            yield at(document, field, f"'{format_path(field[-1:]) or 'Next'}' of state '{name}' names no state "
                                       f"of its scope{_near(target, states)}")
    if kind not in TERMINAL and "Next" not in state and state.get("End") is not True:
        yield at(document, path, f"state '{name}' ({kind}) goes nowhere: give it 'Next' or 'End: true'")
    if kind == "Choice" and not state.get("Choices"):
        yield at(document, path, f"Choice state '{name}' has no 'Choices'")
    if kind == "Task":
        yield from _resource(name, state, path, document)
    for index, branch in enumerate(state.get("Branches", []) if kind == "Parallel" else []):
        yield from _scope(branch, path + ("Branches", index), document)
    if kind == "Map":
        field = "ItemProcessor" if "ItemProcessor" in state else "Iterator"
        yield from _scope(state.get(field), path + (field,), document)


def _targets(state: dict[str, Any], path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(model path, state name) of every transition the state names."""
    if "Next" in state:
        yield path + ("Next",), state["Next"]
    if "Default" in state:
        yield path + ("Default",), state["Default"]
    for group in ("Choices", "Catch"):
        for index, item in enumerate(state.get(group) or []):
            if isinstance(item, dict) and "Next" in item:
                yield path + (group, index, "Next"), item["Next"]


def _resource(name: str, state: dict[str, Any], path: tuple[Any, ...], document: Document) -> Iterator[str]:
    resource = state.get("Resource")
    if not isinstance(resource, str) or not resource:
        yield at(document, path, f"Task state '{name}' needs a 'Resource'")
    elif not SERVICE_INTEGRATION.match(resource) and not PLACEHOLDER.fullmatch(resource):
        yield at(document, path + ("Resource",), (
            f"Task state '{name}' names its resource directly: write ${{component-id}} for a component the "
            "state machine relates to, or a service integration such as arn:aws:states:::lambda:invoke"))


def placeholders(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """(path, text inside `${}`) of every placeholder in the definition, keys included."""
    if isinstance(value, dict):
        for key, item in value.items():
            for match in PLACEHOLDER.finditer(str(key)):
                yield path + (key,), match[1]
            yield from placeholders(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from placeholders(item, path + (index,))
    elif isinstance(value, str):
        for match in PLACEHOLDER.finditer(value):
            yield path, match[1]


def named(text: str) -> tuple[str, str]:
    """(component id, export) a well-formed placeholder names; the export is Arn when none is given."""
    match = NAMED.match(text)
    assert match is not None, text
    return match[1], match[2] or "Arn"


def substitution_key(text: str) -> str:
    """The DefinitionSubstitutions key of a placeholder: `orders-table.Name` -> `OrdersTableName`."""
    component, attribute = named(text)
    return logical_id(component, attribute)


def rewrite(value: Any) -> Any:
    """The definition with each `${component.Attribute}` spelled as its DefinitionSubstitutions key."""
    if isinstance(value, dict):
        return {PLACEHOLDER.sub(_key, str(k)): rewrite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rewrite(item) for item in value]
    if isinstance(value, str):
        return PLACEHOLDER.sub(_key, value)
    return value


def _key(match: re.Match[str]) -> str:
    return "${" + substitution_key(match[1]) + "}"
