"""AWS::CloudFront::Distribution: the CDN in front of the site bucket and the API."""

from __future__ import annotations

from typing import Any, Self

from moto.cloudfront.models import Distribution

from archgen.deploy.local import _cloudfront
from archgen.deploy.local._adapter import Adapter, Context
from archgen.deploy.local._convert import tag_list


class DistributionRefused(ValueError):
    """What CloudFront answers for a configuration it cannot serve."""


def _keep_origin_access_controls(distribution: Distribution, config: dict[str, Any]) -> None:
    # moto's Origin drops OriginAccessControlId; put it back so get_distribution shows it.
    by_id = {each["Id"]: each.get("OriginAccessControlId", "") for each in config.get("Origins") or []}
    for origin in distribution.distribution_config.Origins["Items"]:
        origin.origin_access_control_id = by_id.get(origin.id, "")


def _checked(config: dict[str, Any]) -> dict[str, Any]:
    problems = _cloudfront.edge_problems(config)
    if problems:
        raise DistributionRefused("; ".join(problems))
    return config


class CloudFrontDistribution(Adapter):
    TYPE = "AWS::CloudFront::Distribution"
    ATTRIBUTES = frozenset({"DomainName", "Id"})

    @classmethod
    def create(cls, context: Context, properties: dict[str, Any]) -> Self:
        config = _checked(properties["DistributionConfig"])
        reference = f"{context.stack_id}/{context.logical_id}"
        distribution, _, _ = _cloudfront.backend(context).create_distribution(
            _cloudfront.distribution_config(config, reference), tag_list(properties))
        _keep_origin_access_controls(distribution, config)
        return cls(context, properties, distribution.id,
                   {"DomainName": distribution.domain_name, "Id": distribution.id})

    def update(self, properties: dict[str, Any]) -> Self:
        config = _checked(properties["DistributionConfig"])
        reference = f"{self.context.stack_id}/{self.context.logical_id}"
        distribution, _, _ = _cloudfront.backend(self.context).update_distribution(
            _cloudfront.distribution_config(config, reference), self.physical_id, if_match=True)
        _keep_origin_access_controls(distribution, config)
        return type(self)(self.context, properties, self.physical_id, self.attributes)

    def remove(self) -> None:
        _cloudfront.backend(self.context).delete_distribution(self.physical_id, if_match=True)
