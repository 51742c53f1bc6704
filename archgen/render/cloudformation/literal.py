"""Model text stays text in a template: a `${` in a description never reads as a `Fn::Sub` variable.

A plain string is literal to CloudFormation, but `${AWS::Region}` in one is what cfn-lint reports as a
forgotten `Fn::Sub` (E1029), and a reader cannot tell it from a variable. So, as the last step before
emission, every `${` of a string that is not a `Fn::Sub`'s own text is written `${!`, Sub's escape of
a literal `${` (wrapping the string in a `Fn::Sub` instead would render the exact text, but cfn-lint
then reports a Sub with no variable, W1020). Model text put into a `Fn::Sub`'s text (a dashboard body)
is escaped where it is put in (`escape.cfn_literal`).
"""

from __future__ import annotations

from typing import Any

from archgen.escape import cfn_literal


def literal_text(value: Any) -> Any:
    """A copy of a template (or any part) with every `${` of plain text escaped."""
    if isinstance(value, str):
        return cfn_literal(value) if "${" in value else value
    if isinstance(value, list):
        return [literal_text(item) for item in value]
    if isinstance(value, dict):
        if len(value) == 1 and "Fn::Sub" in value:
            return value  # Sub syntax already
        return {key: literal_text(item) for key, item in value.items()}
    return value
