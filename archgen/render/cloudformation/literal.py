"""Model text stays text in a template: a `${` in a description never reads as a `Fn::Sub` variable.

A plain string is literal to CloudFormation (but for the `${` AWS reads itself: IAM policy variables, and a
Step Functions definition with its substitutions, which stay as written), but `${AWS::Region}` in one is what cfn-lint reports as a
forgotten `Fn::Sub` (E1029), and a reader cannot tell it from a variable. So, as the last step before
emission, every `${` of a string that is not a `Fn::Sub`'s own text is written `${!`, Sub's escape of
a literal `${` (wrapping the string in a `Fn::Sub` instead would render the exact text, but cfn-lint
then reports a Sub with no variable, W1020). Model text put into a `Fn::Sub`'s text (a dashboard body)
is escaped where it is put in (`escape.cfn_literal`).
"""

from __future__ import annotations

from typing import Any

import re

# `${` that AWS itself reads in a plain string, left as written: an IAM policy variable
# (`${aws:username}`, `${cognito-identity.amazonaws.com:sub}`: one colon, never CloudFormation's `::`).
_VARIABLE_START = re.compile(r"\$\{(?![A-Za-z0-9_.\-]+:[A-Za-z0-9_\-]+\})")
# Properties whose `${Name}` the service substitutes from a sibling (Step Functions' definition).
_SUBSTITUTED = {"DefinitionString": "DefinitionSubstitutions"}


def literal_text(value: Any) -> Any:
    """A copy of a template (or any part) with every `${` of plain text escaped."""
    if isinstance(value, str):
        return _VARIABLE_START.sub("${!", value) if "${" in value else value
    if isinstance(value, list):
        return [literal_text(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1 and "Fn::Sub" in value:
            return value  # Sub syntax already
        return {key: item if _SUBSTITUTED.get(key) in value else literal_text(item) for key, item in value.items()}
    return value
