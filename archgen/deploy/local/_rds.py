"""moto's RDS backend of a resource's account and region (shared by the RDS adapters)."""

from __future__ import annotations

from moto.rds.models import RDSBackend, rds_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> RDSBackend:
    return rds_backends[context.account_id][context.region]
