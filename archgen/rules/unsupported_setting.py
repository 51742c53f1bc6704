"""W203: nothing the model sets is past AWS's end of support (a function runtime that is deprecated)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


def today() -> date:
    """The day the model is checked on (a function, so that tests can set it)."""
    return date.today()


class UnsupportedSetting(Rule):
    id = "W203"
    shortdesc = "Setting past AWS's end of support"
    description = ("A setting AWS has deprecated (a Lambda runtime past its deprecation date, from the lifecycle "
                   "data cfn-lint ships; an Aurora engine version cfn-lint lists as deprecated) deploys for a while "
                   "at most, without security patches: move off it.")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        day = today()
        for component in graph.components.values():
            found = graph.kind(component.id).support_problem(component, day)
            if found is not None:
                yield Finding(found[0], found[1], component.id)


RULE = UnsupportedSetting
