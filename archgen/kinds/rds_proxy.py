"""An RDS Proxy: pooled connections to an Aurora cluster, for functions that would otherwise open one each.

Clients sign in with IAM only (an auth token from their role's `rds-db:connect` on the proxy's database
user, granted by their relation) and over TLS only; the proxy itself signs in to the database with the
secret RDS manages for it, which its role may read (its relation to the database). Its security group
admits the database's port from the groups of the functions related to it, and reaches only the database.

A function related to it gets the proxy's endpoint (`DB_PROXY_ENDPOINT`) and the database's name, user,
port and engine (`DB_NAME`, `DB_USER`, `DB_PORT`, `DB_ENGINE`). The local AWS keeps the proxy and its target
group but proxies nothing: no endpoint answers, and neither IAM nor TLS is enforced there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._base import ROLE_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import getatt, ref, service_role
from archgen.kinds._deploy_scope import ARN
from archgen.kinds._vpc import MEMBER_DEPLOY_ACTIONS, group_id, ingress, security_group, subnets, vpc_of
from archgen.schema import ComponentBase, Ref, Strict

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

DATABASE_KIND = "rds.aurora_serverless"
FAMILIES = {"postgresql": "POSTGRESQL", "mysql": "MYSQL"}
CONNECT = ("arn:${AWS::Partition}:rds-db:${AWS::Region}:${AWS::AccountId}:dbuser:%{Destination.ResourceId}/"
           "%{Destination.DbUser}")


class ProxySettings(Strict):
    idle_client_timeout_s: Annotated[int, Field(ge=1, le=28_800)] = 1800
    max_connections_percent: Annotated[int, Field(ge=1, le=100)] = Field(
        90, description="The share of the database's connections the proxy may open.")
    borrow_timeout_s: Annotated[int, Field(ge=0, le=3600)] = Field(
        120, description="How long a client waits for a pooled connection.")
    vpc: Ref | None = Field(None, description="The ec2.vpc it lives in (its database's); may be left out when "
                                              "the model has one.")


class ProxyComponent(ComponentBase):
    kind: Literal["rds.proxy"]
    settings: ProxySettings = ProxySettings()


class RdsProxy(Kind):
    name = "rds.proxy"
    title = "RDS Proxy"
    layer = "backend"
    summary = "Pooled, IAM-authenticated, TLS-only connections to an Aurora cluster."
    icon = "aws.database.RDS"
    component = ProxyComponent
    cfn_type = "AWS::RDS::DBProxy"
    role = "Role"
    controls = {
        "tls": "clients connect over TLS only",
    }
    offers = (Side("read-write", "its target group: the cluster, signing in with the cluster's managed secret",
                   kinds=(DATABASE_KIND,), wires=True),)
    accepts = (
        *(Side(meaning, "its port opened to the caller's security group", kinds=("lambda.function",), wires=True,
               grant=({"Effect": "Allow", "Action": "rds-db:connect", "Resource": CONNECT},))
          for meaning in ("read", "write", "read-write")),
        Side("watch"),
    )
    exports = {"Arn": ("Proxy", "DBProxyArn"), "Name": ("Proxy", None), "Endpoint": ("Proxy", "Endpoint")}
    identities = {"Name": "{name}"}
    env = ("DB_PROXY_ENDPOINT", "Endpoint")
    notes = (
        "A function related to it gets `rds-db:connect` on the proxy's database user only (no SAM profile "
        "covers the pair: the kind's own grant), the proxy's endpoint as `DB_PROXY_ENDPOINT`, and `DB_NAME`, "
        "`DB_USER`, `DB_PORT`, `DB_ENGINE`; the function is placed inside the proxy's VPC.",
        "It signs in to the database with the cluster's RDS-managed secret, which its role may read (its "
        'relation to the database, with `kms:Decrypt` through Secrets Manager).',
        "parliament reports the functions' rds-db:connect as credentials exposure and permissions management: "
        "it is the action that mints an IAM auth token, here for one database user of one proxy. It reports the "
        "proxy role's secret grant as a resource mismatch: the managed secret's ARN is a GetAtt (RDS names it).",
        'The local AWS keeps the proxy, its auth and target group, but proxies nothing and enforces neither '
        'IAM nor TLS.',
    )
    deploy_actions = ROLE_DEPLOY_ACTIONS + tuple(f"rds:{a}" for a in (
        "AddTagsToResource", "CreateDBProxy", "DeleteDBProxy", "DeregisterDBProxyTargets", "DescribeDBProxies",
        "DescribeDBProxyTargetGroups", "DescribeDBProxyTargets", "ModifyDBProxy", "ModifyDBProxyTargetGroup",
        "RegisterDBProxyTargets", "RemoveTagsFromResource")) + MEMBER_DEPLOY_ACTIONS
    deploy_arns = {  # AWS makes the proxy's and the target group's ids; the cluster is archgen's (`{p}-`)
        "AWS::RDS::DBProxy": (None, [("rds", ARN + "db-proxy:*")]),
        "AWS::RDS::DBProxyTargetGroup": (None, [
            ("rds", ARN + "target-group:*"), ("rds", ARN + "db-proxy:*"), ("rds", ARN + "cluster:{p}-*"),
            ("rds", ARN + "db:{p}-*")])}

    def database(self, component: Any, graph: SystemGraph) -> Any | None:
        """The cluster it proxies (rule E140 makes sure there is exactly one)."""
        found = [graph.components[r.target] for r in graph.outgoing(component.id)
                 if graph.components[r.target].kind == DATABASE_KIND]
        return found[0] if found else None

    def port(self, component: Any, graph: SystemGraph) -> int | None:
        database = self.database(component, graph)
        return graph.kind(database.id).port(database, graph) if database is not None else None  # type: ignore[attr-defined]

    def resources(self, c: Any, t: Scope) -> Fragment:
        vpc, database = vpc_of(t.graph, c.id), self.database(c, t.graph)
        role = t.lid(c.id, "Role")
        proxy = {
            # no VPC or database only in a model rule E140 refuses, rendered while validating it
            "DBProxyName": t.name(c.id),
            "EngineFamily": FAMILIES[database.settings.engine] if database is not None else "POSTGRESQL",
            "RoleArn": getatt(role, "Arn"), "RequireTLS": t.on("tls"),
            "IdleClientTimeout": c.settings.idle_client_timeout_s, "DebugLogging": False,
            "VpcSubnetIds": subnets(t, vpc) if vpc is not None else [],
            "VpcSecurityGroupIds": [group_id(t, c.id)] if vpc is not None else [], "Tags": t.tags(),
        }
        return {"Resources": {
            role: service_role(t, f"Lets {t.name(c.id)} read its database's secret: each policy is one relation",
                               "rds.amazonaws.com", t.meta()),
            t.lid(c.id, "Proxy"): {"Type": "AWS::RDS::DBProxy", "Metadata": t.meta("tls"),
                                   "Properties": proxy},
            **(security_group(c, t, vpc) if vpc is not None else {}),
        }}

    def wire(self, link: Link, t: Scope) -> Fragment:
        if link.source.id == t.home:  # to its database: sign in with its secret, pool its connections
            proxy = t.lid(link.source.id, "Proxy")
            # IAM always: its clients are granted rds-db:connect, never a password
            auth = {"AuthScheme": "SECRETS", "SecretArn": t.ref(link.target.id, "SecretArn"),
                    "IAMAuth": "REQUIRED", "Description": "the cluster's managed master secret"}
            return {"Resources": {
                proxy: {"Properties": {"Auth": [auth]}},
                t.lid(link.source.id, "TargetGroup"): {"Type": "AWS::RDS::DBProxyTargetGroup", "Metadata": t.meta(),
                                                       "Properties": {
                    "DBProxyName": ref(proxy), "TargetGroupName": "default",
                    "DBClusterIdentifiers": [t.ref(link.target.id, "Name")],
                    "ConnectionPoolConfigurationInfo": {
                        "MaxConnectionsPercent": link.source.settings.max_connections_percent,
                        "ConnectionBorrowTimeout": link.source.settings.borrow_timeout_s}}},
            }}
        return {"Resources": ingress(link, t)}

    def placeholder(self, name: str, link: Link, t: Scope) -> Any:
        if name == "ResourceId":  # `prx-...`, the last part of the proxy's ARN
            return {"Fn::Select": [6, {"Fn::Split": [":", t.ref(link.target.id, "Arn")]}]}
        if name == "DbUser":
            database = self.database(link.target, t.graph)
            return database.settings.username if database is not None else "*"
        return super().placeholder(name, link, t)

    def caller_environment(self, link: Link, t: Scope) -> dict[str, Any]:
        database = self.database(link.target, t.graph)
        if database is None:
            return {}
        # a function calling two proxies tells them apart as it does their endpoints: `<PROXY>_DB_NAME`
        proxies = [r for r in t.graph.outgoing(link.source.id) if t.graph.components[r.target].kind == self.name]
        prefix = f"{link.target.id.upper().replace('-', '_')}_" if len(proxies) > 1 else ""
        return {f"{prefix}DB_NAME": database.settings.database, f"{prefix}DB_USER": database.settings.username,
                f"{prefix}DB_PORT": str(self.port(link.target, t.graph)), f"{prefix}DB_ENGINE": database.settings.engine}

    def key_settings(self, component: Any) -> dict[str, str]:
        s = component.settings
        return {"auth": "IAM only, TLS required", "idle client timeout": f"{s.idle_client_timeout_s} s",
                "max connections": f"{s.max_connections_percent} %"}

    def annotations(self, component: Any, graph: SystemGraph) -> list[str]:
        return ["IAM auth, TLS required"]

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("ProxyName", "Name"),)
        return [Metric("AWS/RDS", "ClientConnections", dims), Metric("AWS/RDS", "DatabaseConnections", dims),
                Metric("AWS/RDS", "ClientConnectionsSetupFailedAuth", dims),
                Metric("AWS/RDS", "DatabaseConnectionsSetupFailed", dims)]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("ProxyName", "Name"),)
        return [Alarm("FailedAuthAlarm", "failed-auth", Metric("AWS/RDS", "ClientConnectionsSetupFailedAuth", dims), 1),
                Alarm("DatabaseFailuresAlarm", "database-connections-failed",
                      Metric("AWS/RDS", "DatabaseConnectionsSetupFailed", dims), 1)]


KIND = RdsProxy
