"""Model text stays text in a template: a `${` never reads as a `Fn::Sub` variable, and a `{{resolve:` never
reads as a dynamic reference.

`${`: a plain string is literal to CloudFormation, but `${AWS::Region}` in one is what cfn-lint reports
as a forgotten `Fn::Sub` (E1029), and a reader cannot tell it from a variable. So, as the last step before
emission, a string holding `${` is rewritten:
- in a resource's `Properties`, where the value is data (a parameter's value, a mapping template, an event
  pattern), as an `Fn::Join` cut between `$` and `{`: it deploys as exactly the model's text, and no
  part reads as a variable;
- elsewhere (descriptions of the template, its parameters and outputs, metadata), where CloudFormation
  takes literal strings only, with Sub's escape `${!` (the text is shown, never used).
The `${` AWS reads itself stays as written: IAM policy variables, and a Step Functions definition with its
substitutions. Model text put into a `Fn::Sub`'s text (a dashboard body) is escaped where it is put in
(`escape.cfn_literal`).

`{{resolve:`: CloudFormation resolves `{{resolve:ssm:...}}` and `{{resolve:secretsmanager:...}}` in any
resource property at deploy time, so model text holding one would read a parameter or a secret into the
stack (a description that shows a password). It has no escape, so every one is cut `{ {resolve:` (which
CloudFormation leaves as text), but those the generator writes itself, marked `DynamicReference`.
"""

from __future__ import annotations

import re
from typing import Any

# `${` that AWS itself reads in a plain string, left as written: an IAM policy variable
# (`${aws:username}`, `${cognito-identity.amazonaws.com:sub}`: one colon, never CloudFormation's `::`).
_VARIABLE_START = re.compile(r"\$\{(?![A-Za-z0-9_.\-]+:[A-Za-z0-9_\-]+\})")
# Properties whose `${Name}` the service substitutes from a sibling (Step Functions' definition).
_SUBSTITUTED = {"DefinitionString": "DefinitionSubstitutions"}
_RESOLVE = "{{resolve:"
_UNRESOLVED = "{ {resolve:"


class DynamicReference(str):
    """A dynamic reference the generator writes on purpose (a secret CloudFormation reads at deploy time)."""


def literal_text(template: dict[str, Any]) -> dict[str, Any]:
    """A copy of a template with the text of every string made literal (see the module's docstring)."""
    return {section: {lid: _resource(resource) for lid, resource in body.items()}
            if section == "Resources" and isinstance(body, dict) else _literal(body, exact=False)
            for section, body in template.items()}


def _resource(resource: Any) -> Any:
    if not isinstance(resource, dict):
        return resource
    return {key: _literal(item, exact=key == "Properties") for key, item in resource.items()}


def _literal(value: Any, exact: bool) -> Any:
    if isinstance(value, DynamicReference):
        return str(value)
    if isinstance(value, str):
        return _string(value, exact)
    if isinstance(value, list):
        return [_literal(item, exact) for item in value]
    if isinstance(value, dict):
        if len(value) == 1 and "Fn::Sub" in value:
            return {"Fn::Sub": _unresolved(value["Fn::Sub"])}  # Sub syntax already
        return {key: _unresolved(item) if _SUBSTITUTED.get(key) in value else _literal(item, exact)
                for key, item in value.items()}
    return value


def _string(text: str, exact: bool) -> Any:
    text = text.replace(_RESOLVE, _UNRESOLVED)
    if "${" not in text:
        return text
    if not exact:
        return _VARIABLE_START.sub("${!", text)
    cuts = [match.start() + 1 for match in _VARIABLE_START.finditer(text)]
    if not cuts:
        return text
    return {"Fn::Join": ["", [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)])]]}


def _unresolved(value: Any) -> Any:
    """Text whose `${` is meant as written: only its dynamic references are cut."""
    if isinstance(value, DynamicReference):
        return str(value)
    if isinstance(value, str):
        return value.replace(_RESOLVE, _UNRESOLVED)
    if isinstance(value, list):
        return [_unresolved(item) for item in value]
    if isinstance(value, dict):
        return {key: _unresolved(item) for key, item in value.items()}
    return value
