"""Grants: the IAM a relation gives, looked up in SAM's connector profiles rather than typed here.

`aws-sam-translator` ships `samtranslator/model/connector_profiles/profiles.json`, the data behind
SAM Connectors: for a (source type, destination type) pair, the statements of each access category
(Read, Write) with `%{Source.Arn}`-style placeholders, and which side's policy holds them (the
source's role, the destination's role, a queue or topic policy, or a Lambda permission). The file
is read from the pinned package, never copied. Where no profile exists for a pair, the kind that
accepts the relation writes the grant itself (`Side.grant`), and the grant says so (`origin`).

Placeholders are replaced as SAM does (`profile.py`): a whole-string placeholder becomes the value
itself; one inside a longer string makes the string a `Fn::Sub` with the value as a variable.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Literal

PROFILES_FILE = ("model", "connector_profiles", "profiles.json")
_PLACEHOLDER = re.compile(r"%\{([A-Za-z]+)\.([A-Za-z]+)\}")
_SUB_VARIABLE = re.compile(r"\$\{[^}]+\}")

# profiles.json `Type` -> what holds the statements here.
HOLDERS = {
    "AWS_IAM_ROLE_MANAGED_POLICY": "role",
    "AWS_SQS_QUEUE_POLICY": "queue-policy",
    "AWS_SNS_TOPIC_POLICY": "topic-policy",
    "AWS_LAMBDA_PERMISSION": "lambda-permission",
}
GrantType = Literal["role", "queue-policy", "topic-policy", "lambda-permission"]


class ProfileMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def profiles() -> dict[str, Any]:
    """SAM's connector profiles, from the installed aws-sam-translator (found without importing it)."""
    spec = importlib.util.find_spec("samtranslator")
    if spec is None or not spec.submodule_search_locations:
        raise ProfileMissing("aws-sam-translator is not installed: run 'make setup'")
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*PROFILES_FILE)
    return json.loads(path.read_text("utf-8"))  # type: ignore[no-any-return]


def profile(source_type: str | None, target_type: str | None) -> dict[str, Any] | None:
    if source_type is None or target_type is None:
        return None
    found = profiles()["Permissions"].get(source_type, {}).get(target_type)
    return copy.deepcopy(found) if found is not None else None


@dataclass(frozen=True)
class Grant:
    """What one relation grants, before its placeholders are filled for a stack."""

    type: GrantType
    holder: Literal["source", "target", "via"]  # whose role (or resource policy) holds the statements
    categories: tuple[str, ...]
    statements: tuple[dict[str, Any], ...]  # IAM statements; for a Lambda permission, its properties
    origin: Literal["sam", "kind", "model"]  # SAM's profiles, the kind (no profile exists), or the relation
    depended_by: str | None = None          # SAM's `DependedBy`: what must wait for the policy
    narrowed: tuple[str, ...] = field(default=())  # the relation's `actions:` when it narrows the grant

    @property
    def actions(self) -> list[str]:
        return sorted({action for statement in self.statements for action in _actions(statement)})

    def narrow(self, wanted: list[str]) -> Grant:
        """Only the calls the code makes (`actions:`); statements left with none are dropped."""
        keep = set(wanted)
        statements = []
        for statement in self.statements:
            actions = [a for a in _actions(statement) if a in keep]
            if actions:
                statements.append({**statement, "Action": actions if len(actions) > 1 else actions[0]})
        return Grant(self.type, self.holder, self.categories, tuple(statements), self.origin, self.depended_by,
                     tuple(sorted(keep)))

    def filled(self, values: Callable[[str, str], Any]) -> list[dict[str, Any]]:
        """The statements with every placeholder replaced: `values(side, name)`, side Source/Destination."""
        return [replace(statement, values) for statement in self.statements]


def _actions(statement: dict[str, Any]) -> list[str]:
    action = statement.get("Action", [])
    return [action] if isinstance(action, str) else list(action)


def from_profile(found: dict[str, Any], categories: tuple[str, ...] | None) -> Grant | None:
    """The grant of a profile for the categories a meaning asks (None: its valid set, else all)."""
    properties = found["Properties"]
    available = properties["AccessCategories"]
    if categories is None:
        valid = properties.get("ValidAccessCategories")
        categories = tuple(valid[0]) if valid else tuple(available)
    chosen = tuple(name for name in ("Read", "Write") if name in categories and name in available)
    if not chosen:
        return None
    kind = HOLDERS[found["Type"]]
    if kind == "lambda-permission":
        statements = tuple(available[name] for name in chosen)
    else:
        statements = tuple(s for name in chosen for s in available[name]["Statement"])
    holder: Literal["source", "target"] = "source" if properties.get("SourcePolicy") else "target"
    return Grant(kind, holder, chosen, statements, "sam", properties.get("DependedBy"))  # type: ignore[arg-type]


def replace(value: Any, values: Callable[[str, str], Any]) -> Any:
    """SAM's placeholder rule, on any JSON value."""
    if isinstance(value, dict):
        return {key: replace(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [replace(item, values) for item in value]
    if not isinstance(value, str):
        return value
    whole = _PLACEHOLDER.fullmatch(value)
    if whole:
        return values(whole[1], whole[2])
    variables: dict[str, Any] = {}

    def variable(match: re.Match[str]) -> str:
        found = values(match[1], match[2])
        # A value that is itself Sub text (an ARN spelled from a name) is written in place, not nested.
        if isinstance(found, dict) and isinstance(found.get("Fn::Sub"), str) and len(found) == 1:
            return str(found["Fn::Sub"])
        if isinstance(found, str) and "${" not in found:
            return found
        name = match[1] + match[2]
        variables[name] = found
        return "${" + name + "}"

    text = _PLACEHOLDER.sub(variable, value)
    if variables:
        return {"Fn::Sub": [text, variables]}
    # like SAM: any `${...}` left (`${AWS::AccountId}`) needs a Sub
    return {"Fn::Sub": text} if _SUB_VARIABLE.search(text) else text


def unreplaced(value: Any) -> list[str]:
    """Placeholders left anywhere in a value (SAM's `verify_profile_variables_replaced`)."""
    return re.findall(r"%\{[\w.]+\}", json.dumps(value))


# The pseudo parameters a hand-written grant's resource may name, `{region}` style (no `${` in model text).
PSEUDO = {"partition": "AWS::Partition", "region": "AWS::Region", "account": "AWS::AccountId",
          "url_suffix": "AWS::URLSuffix"}
_MODEL_PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9.]*)\}")


def from_model(actions: list[str], resources: list[str]) -> Grant:
    """A relation's own `grant:` as one statement on the source's role; `{Arn}` and the other exports of
    the target become SAM-style `%{Destination.Arn}` placeholders, `{region}` and its kin pseudo parameters."""
    def placeholders(text: str) -> str:
        return _MODEL_PLACEHOLDER.sub(lambda m: "${" + PSEUDO[m[1]] + "}" if m[1] in PSEUDO
                                      else "%{Destination." + m[1] + "}", text)

    targets = [placeholders(text) for text in resources]
    statement = {"Effect": "Allow", "Action": sorted(set(actions)) if len(set(actions)) > 1 else actions[0],
                 "Resource": targets if len(targets) > 1 else targets[0]}
    return Grant("role", "source", (), (statement,), "model")


def model_placeholders(resources: list[str]) -> list[str]:
    """The target exports a hand-written grant's resources name (`{Arn}` -> Arn), pseudo parameters left out."""
    return [name for text in resources for name in _MODEL_PLACEHOLDER.findall(text) if name not in PSEUDO]
