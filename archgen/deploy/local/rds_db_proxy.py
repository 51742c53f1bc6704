"""AWS::RDS::DBProxy: kept by moto's RDS with its auth (IAM required, the secret), TLS and network
settings. moto proxies nothing: the endpoint answers nothing, and neither IAM nor TLS is enforced."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _rds
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import flag, tag_list


class RdsDbProxy(Adapter):
    TYPE = "AWS::RDS::DBProxy"
    NAME_PROPERTY = "DBProxyName"
    ATTRIBUTES = frozenset({"DBProxyArn", "Endpoint", "VpcId"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        proxy = _rds.backend(context).create_db_proxy(
            db_proxy_name=properties.get("DBProxyName") or context.name.lower(),
            engine_family=properties["EngineFamily"], auth=properties["Auth"], role_arn=properties["RoleArn"],
            vpc_subnet_ids=properties["VpcSubnetIds"], vpc_security_group_ids=properties.get("VpcSecurityGroupIds"),
            require_tls=flag(properties.get("RequireTLS")), idle_client_timeout=properties.get("IdleClientTimeout"),
            debug_logging=flag(properties.get("DebugLogging")), tags=tag_list(properties))
        return cls(context, properties, proxy.db_proxy_name,
                   {"DBProxyArn": proxy.arn, "Endpoint": proxy.endpoint, "VpcId": proxy.vpc_id})

    def remove(self) -> None:
        _rds.backend(self.context).delete_db_proxy(self.physical_id)
