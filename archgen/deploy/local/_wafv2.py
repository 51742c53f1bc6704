"""WAFv2 helpers: which backend holds a web ACL (CLOUDFRONT scope lives in moto's "global" one)."""

from __future__ import annotations

from moto.wafv2.models import GLOBAL_REGION, WAFV2Backend, wafv2_backends

from archgen.deploy.local._adapter import Context

# AWS creates CLOUDFRONT-scope web ACLs through this region's endpoint only.
EDGE_REGION = "us-east-1"


class ScopeRefused(ValueError):
    """What WAF answers for a CLOUDFRONT-scope request outside us-east-1."""


def backend(context: Context, scope: str) -> WAFV2Backend:
    if scope == "CLOUDFRONT":
        if context.region != EDGE_REGION:
            raise ScopeRefused(f"a CLOUDFRONT-scope web ACL can only be created in {EDGE_REGION}, "
                               f"not in {context.region}")
        return wafv2_backends[context.account_id][GLOBAL_REGION]
    return wafv2_backends[context.account_id][context.region]


def backend_of_arn(context: Context, web_acl_arn: str) -> WAFV2Backend:
    """The backend that holds the web ACL an ARN names (the ARN says its scope and region)."""
    region = GLOBAL_REGION if ":global/webacl/" in web_acl_arn else web_acl_arn.split(":")[3]
    return wafv2_backends[context.account_id][region]
