"""E124: a JWT authorizer on a user pool has an audience: the pool's app clients."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from archgen.rules._base import Finding, Rule

if TYPE_CHECKING:
    from archgen.graph import SystemGraph


class JwtWithoutAudience(Rule):
    id = "E124"
    shortdesc = "JWT authorizer on a user pool without app clients"
    description = ("An HTTP API's JWT authorizer accepts the tokens a user pool issues to its app clients (their "
                   "ids are the audience): the pool needs an app client relating to it (`authenticate`).")

    def check(self, graph: SystemGraph) -> Iterator[Finding]:
        for relation in graph.relations:
            if not relation.protects or graph.components[relation.source].kind != "apigatewayv2.http_api" \
                    or graph.components[relation.target].kind != "cognito.user_pool":
                continue
            clients = [r for r in graph.incoming(relation.target)
                       if graph.components[r.source].kind == "cognito.app_client"]
            if not clients:
                yield Finding(("relations", relation.index, "to"), (
                    f"'{relation.target}' has no app client, so the JWT authorizer of '{relation.source}' has no "
                    f"audience: add a cognito.app_client with a relation to '{relation.target}' (the app's "
                    "client, whose tokens the API accepts)"))


RULE = JwtWithoutAudience
