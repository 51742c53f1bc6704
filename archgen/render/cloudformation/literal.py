"""Model text stays text in a template: a `${` never reads as a `Fn::Sub` variable, and a `{{resolve:` never
reads as a dynamic reference.

`${`: a plain string is literal to CloudFormation, but `${AWS::Region}` in one is what cfn-lint reports
as a forgotten `Fn::Sub` (E1029), and a reader cannot tell it from a variable. So, as the last step before
emission, a string holding `${` is rewritten:
- in a resource's `Properties`, where the value is data (a parameter's value, a mapping template, an event
  pattern), as an `Fn::Join` on `$` of the text cut at each `${` (`exact_text`): it deploys as exactly
  the model's text, and no part reads as a variable;
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


def literal_text(value: Any) -> Any:
    """A copy of a template (or of any part: a stack's resources) with the text of every string made
    literal (see the module's docstring)."""
    return _literal(value, exact=False)


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
        resource = isinstance(value.get("Type"), str) and "Properties" in value
        return {key: _unresolved(item) if _SUBSTITUTED.get(key) in value
                else _literal(item, exact or (resource and key == "Properties")) for key, item in value.items()}
    return value


def _string(text: str, exact: bool) -> Any:
    text = text.replace(_RESOLVE, _UNRESOLVED)
    if "${" not in text:
        return text
    if not exact:
        return _VARIABLE_START.sub("${!", text)
    return exact_text(text) if _VARIABLE_START.search(text) else text


def exact_text(text: str) -> dict[str, Any]:
    """The text as CloudFormation deploys it, `${` and all: joined again on `$`, no `${` in any piece
    (cfn-lint takes a `${` outside a Sub for a mistake, E1029, a Sub with no variable for needless, W1020,
    and a Join on '' too, I1022)."""
    head, *rest = text.split("${")
    return {"Fn::Join": ["$", [head, *("{" + piece for piece in rest)]]}


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
