"""The AppSync backend of a resource's account and region, and the API a resource belongs to.

moto's AppSync keeps APIs, schemas and keys; it has no data sources or resolvers, which the adapters
keep on moto's API object (`data_sources`, `resolvers`), where deleting the API drops them too.
"""

from __future__ import annotations

from typing import Any

from moto.appsync.models import AppSyncBackend, GraphqlAPI, appsync_backends

from archgen.deploy.local._adapter import Context


def backend(context: Context) -> AppSyncBackend:
    return appsync_backends[context.account_id][context.region]


def api(context: Context, api_id: str) -> GraphqlAPI:
    """The API of that id (moto's GraphqlAPINotFound when there is none)."""
    return backend(context).get_graphql_api(api_id)


def kept(found: GraphqlAPI, name: str) -> dict[str, Any]:
    """One of the collections the adapters keep on moto's API object."""
    if not hasattr(found, name):
        setattr(found, name, {})
    return getattr(found, name)  # type: ignore[no-any-return]
