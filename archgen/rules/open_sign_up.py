"""E107: a user pool anyone may sign up to says why: self sign-up is off unless the model waives this rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule, component_path

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class OpenSignUp(Rule):
    id = "E107"
    waivable = True  # self sign-up is a product choice the reason states
    shortdesc = "User pool open to self sign-up"
    description = ("A user pool whose `self_sign_up` setting is on lets anyone create an account; that is a "
                   "decision the model states with its reason (an exception naming this rule).")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for component in graph.components.values():
            if component.kind == "cognito.user_pool" and component.settings.self_sign_up:  # type: ignore[attr-defined]
                yield Finding(component_path(component.id) + ("settings", "self_sign_up"), (
                    f"'{component.id}' lets anyone sign up: say why with an exception "
                    f"{{component: {component.id}, control: E107, reason: ...}}, or turn self_sign_up off"),
                    component.id)


RULE = OpenSignUp
