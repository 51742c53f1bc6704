"""A `cloudformation.resource`'s settings against cfn-lint's own schema of its type, at generate time.

cfn-lint ships the CloudFormation registry's resource schemas, per region, patched where the registry
is wrong; the same data its lint of the templates uses. Checked here, a wrong property is an error at
the model's line, not a lint finding in a generated file: the type exists in the system's region, its
properties have the names, types and values the schema allows, the required ones are there, none is
read-only, and the attributes others reference exist. Placeholders (`{region}`) are checked as the
values they stand for. The schemas are read from cfn-lint's data files, without importing cfn-lint.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from archgen.errors import one_of, suggest
from archgen.kinds import _cfn_schemas as schemas
from archgen.kinds._cfn import function_keys

MAX_PROBLEMS = 20  # per component: past that, the type is likely the mistake
SAMPLE = {"partition": "aws", "account": "123456789012", "url_suffix": "amazonaws.com", "name": "sys-env-resource"}
_PLACEHOLDER = re.compile(r"\{(partition|region|account|url_suffix|name)\}")
Problem = tuple[tuple[Any, ...], str]
# Types that would step around what the relations and the stacks guarantee.
REFUSED = (
    ("AWS::IAM::", "IAM comes from the relations (each grant one relation, least privilege); a role or policy "
                   "written as a resource would grant what no relation says"),
    ("AWS::CloudFormation::", "stacks are the layers the generator deploys; a nested stack, stack set, macro or "
                              "custom resource would run templates or code the model does not describe"),
)


def property_problems(component: Any, region: str) -> list[Problem]:
    settings, base = component.settings, ("components", component.id, "settings")
    refused = next((why for prefix, why in REFUSED if settings.type.startswith(prefix)), None)
    if refused is not None:
        return [(base + ("type",), f"{settings.type} cannot be declared as a resource: {refused}")]
    problems = list(_intrinsics(settings.properties, base + ("properties",)))
    schema = schemas.schema(region, settings.type)
    if schema is None:
        known = list(schemas.types(region))
        return problems + [(base + ("type",), (
            f"'{settings.type}' is no CloudFormation resource type in {region}{suggest(settings.type, known)} "
            "(the types are cfn-lint's schemas of the CloudFormation registry)"))]
    writable = set(schema.get("properties", {})) - _read_only(schema)
    problems += _name_property(settings, base, writable)
    if not problems:
        problems += _schema_problems(schema, _sample(settings, region), base + ("properties",), settings.type)
    for index, attribute in enumerate(settings.attributes):
        exists, attributes = schemas.attribute_exists(region, settings.type, attribute)
        if not exists:
            problems.append((base + ("attributes", index), (
                f"'{attribute}' is no attribute of {settings.type}{suggest(attribute, attributes)}: it has "
                f"{one_of(attributes) if attributes else 'none'}")))
    if settings.arn and "{name}" in settings.arn and not settings.name_property:
        problems.append((base + ("arn",), "the ARN names {name}, the component's name: give 'name_property', "
                                          "the property that takes that name"))
    return problems[:MAX_PROBLEMS]


def _read_only(schema: dict[str, Any]) -> set[str]:
    return {pointer.split("/")[-1] for pointer in schema.get("readOnlyProperties", [])
            if pointer.count("/") == 2}


def _name_property(settings: Any, base: tuple[Any, ...], writable: set[str]) -> list[Problem]:
    name = settings.name_property
    if name is None:
        return []
    if name not in writable:
        return [(base + ("name_property",), (
            f"'{name}' is no property of {settings.type} that takes a value{suggest(name, writable)}"))]
    if name in settings.properties:
        return [(base + ("properties", name), (
            f"'{name}' is the name property: the component's name is given to it, remove it from properties"))]
    return []


def _intrinsics(value: Any, path: tuple[Any, ...]) -> Iterator[Problem]:
    """`Ref` and `Fn::` keys would make data into CloudFormation functions: refused wherever they are."""
    for where, key in function_keys(value, path):
        yield (where, f"'{key}' would be a CloudFormation function: properties are data here; write the value, "
                      "or {partition}, {region}, {account}, {url_suffix} or {name} inside a string")


def _sample(settings: Any, region: str) -> dict[str, Any]:
    """The properties as CloudFormation would see them: placeholders as values, the name given."""
    values = {**SAMPLE, "region": region}

    def fill(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return _PLACEHOLDER.sub(lambda m: values[m[1]], value) if isinstance(value, str) else value

    properties = fill(settings.properties)
    if settings.name_property:
        properties[settings.name_property] = SAMPLE["name"]
    return properties  # type: ignore[no-any-return]


def _schema_problems(schema: dict[str, Any], properties: dict[str, Any], base: tuple[Any, ...],
                     type_name: str) -> list[Problem]:
    import jsonschema

    read_only = _read_only(schema)
    problems = [(base + (name,), f"'{name}' is set by AWS (read-only): remove it")
                for name in properties if name in read_only]
    validator = jsonschema.Draft7Validator({key: value for key, value in schema.items()
                                            if key != "readOnlyProperties"})
    for error in sorted(validator.iter_errors(properties), key=lambda e: [str(p) for p in e.absolute_path]):
        path = base + tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            top = not error.absolute_path  # read-only properties are the type's own, at the top level only
            allowed = [name for name in error.schema.get("properties", {}) if not (top and name in read_only)]
            patterns = list(error.schema.get("patternProperties", {}))
            for name in error.instance:
                if name not in allowed and not any(re.search(p, name) for p in patterns) and name not in read_only:
                    problems.append((path + (name,), (
                        f"'{name}' is no property here{suggest(name, allowed)}; allowed: {', '.join(sorted(allowed))}")))
        else:
            problems.append((path, f"{error.message} (by the schema of {type_name})"))
    return problems
