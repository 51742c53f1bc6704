"""AWS::CloudFront::OriginAccessControl: lets the distribution, and only it, read the bucket."""

from __future__ import annotations

from typing import Any, Self

from archgen.deploy.local import _cloudfront
from archgen.deploy.local._adapter import Adapter, Context


class CloudFrontOriginAccessControl(Adapter):
    TYPE = "AWS::CloudFront::OriginAccessControl"
    ATTRIBUTES = frozenset({"Id"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        control = _cloudfront.backend(context).create_origin_access_control(
            dict(properties["OriginAccessControlConfig"]))
        return cls(context, properties, control.id, {"Id": control.id})

    def update(self, properties: dict[str, Any]) -> Self:
        _cloudfront.backend(self.context).update_origin_access_control(
            self.physical_id, dict(properties["OriginAccessControlConfig"]))
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _cloudfront.backend(self.context).delete_origin_access_control(self.physical_id)
