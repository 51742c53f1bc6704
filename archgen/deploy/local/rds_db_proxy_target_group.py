"""AWS::RDS::DBProxyTargetGroup: a proxy's default target group, its cluster registered in moto's RDS.
moto keeps the targets; the connection pool settings are the template's only (moto has no such setting)."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _rds
from archgen.deploy.local._adapter import Adapter, Context


class RdsDbProxyTargetGroup(Adapter):
    TYPE = "AWS::RDS::DBProxyTargetGroup"
    ATTRIBUTES = frozenset({"TargetGroupArn"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        backend, proxy = _rds.backend(context), properties["DBProxyName"]
        name = properties.get("TargetGroupName") or "default"
        backend.register_db_proxy_targets(proxy, name, properties.get("DBClusterIdentifiers") or [],
                                          properties.get("DBInstanceIdentifiers") or [])
        group = backend.db_proxies[proxy].proxy_target_groups[name]
        return cls(context, properties, group.target_group_arn, {"TargetGroupArn": group.target_group_arn})

    def remove(self) -> None:
        backend = _rds.backend(self.context)
        if self.properties["DBProxyName"] in backend.db_proxies:  # a deleted proxy took its targets with it
            backend.deregister_db_proxy_targets(self.properties["DBProxyName"],
                                                self.properties.get("TargetGroupName") or "default",
                                                self.properties.get("DBClusterIdentifiers") or [],
                                                self.properties.get("DBInstanceIdentifiers") or [])
