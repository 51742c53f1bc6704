"""Two types moto's CloudFormation creates but with some of their properties dropped, mended so that what
the templates say is what the local APIs answer:

- AWS::StepFunctions::StateMachine keeps only its name, definition, role and tags: the type (STANDARD or
  EXPRESS), the logging, the tracing and the key are passed on here, and `DefinitionSubstitutions` are
  applied to the definition as CloudFormation does (moto stores the `${...}` placeholders as they are);
- AWS::Kinesis::Stream keeps its name and retention: its capacity mode and its encryption are set here.
"""

from __future__ import annotations

from typing import Any

from moto.kinesis.models import Stream, kinesis_backends
from moto.stepfunctions.models import StateMachine, stepfunctions_backends
from moto.stepfunctions.utils import cfn_to_api_tags

_MOTO_CREATE_STREAM = Stream.create_from_cloudformation_json.__func__  # type: ignore[attr-defined]


def substituted(definition: str, substitutions: dict[str, Any]) -> str:
    """The definition with each `${Key}` of DefinitionSubstitutions replaced by its value."""
    for key, value in substitutions.items():
        definition = definition.replace("${" + key + "}", str(value))
    return definition


def _create_state_machine(cls: type[StateMachine], resource_name: str, cloudformation_json: dict[str, Any],
                          account_id: str, region_name: str, **kwargs: Any) -> StateMachine:
    properties = cloudformation_json["Properties"]
    definition = substituted(properties.get("DefinitionString", ""), properties.get("DefinitionSubstitutions") or {})
    encryption = properties.get("EncryptionConfiguration")
    return stepfunctions_backends[account_id][region_name].create_state_machine(
        properties.get("StateMachineName", resource_name), definition, properties.get("RoleArn", ""),
        tags=cfn_to_api_tags(properties.get("Tags", [])),
        loggingConfiguration=_lower(properties.get("LoggingConfiguration")),
        tracingConfiguration=_lower(properties.get("TracingConfiguration")),
        encryptionConfiguration=_lower(encryption), sm_type=properties.get("StateMachineType", "STANDARD"))


def _lower(value: Any) -> Any:
    """CloudFormation's PascalCase keys as the API's camelCase (`IncludeExecutionData` -> `includeExecutionData`)."""
    if isinstance(value, dict):
        return {key[:1].lower() + key[1:]: _lower(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower(item) for item in value]
    return value


def _create_stream(cls: type[Stream], resource_name: str, cloudformation_json: dict[str, Any],
                   account_id: str, region_name: str, **kwargs: Any) -> Stream:
    stream = _MOTO_CREATE_STREAM(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    properties, backend = cloudformation_json.get("Properties", {}), kinesis_backends[account_id][region_name]
    if "StreamModeDetails" in properties:
        backend.update_stream_mode(stream.arn, properties["StreamModeDetails"])
    encryption = properties.get("StreamEncryption")
    if encryption:
        backend.start_stream_encryption(stream.arn, stream.stream_name, encryption["EncryptionType"],
                                        encryption["KeyId"])
    return stream


def install_stream_fixes() -> None:
    """Idempotent: the same two methods, set each time."""
    StateMachine.create_from_cloudformation_json = classmethod(  # type: ignore[method-assign,assignment]
        _create_state_machine)
    Stream.create_from_cloudformation_json = classmethod(_create_stream)  # type: ignore[method-assign,assignment]
