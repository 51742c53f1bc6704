"""CloudFront helpers: the backend (one per partition: CloudFront is global) and the translation of
CloudFormation's DistributionConfig into the API's (lists become {Quantity, Items}, a few renames)."""

from __future__ import annotations

from typing import Any

from moto.cloudfront.models import CloudFrontBackend, cloudfront_backends

from archgen.deploy.local._adapter import Context

# CloudFront takes certificates and CLOUDFRONT-scope web ACLs from this region only.
EDGE_REGION = "us-east-1"


def backend(context: Context) -> CloudFrontBackend:
    return cloudfront_backends[context.account_id][context.partition]


def items(values: list[Any] | None) -> dict[str, Any]:
    values = list(values or [])
    return {"Quantity": len(values), "Items": values}


def renamed(config: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {names.get(key, key): value for key, value in config.items()}


def origin(config: dict[str, Any]) -> dict[str, Any]:
    converted = renamed(config, {"OriginCustomHeaders": "CustomHeaders"})
    if "CustomHeaders" in converted:
        converted["CustomHeaders"] = items(converted["CustomHeaders"])
    custom = converted.get("CustomOriginConfig")
    if custom:
        custom = renamed(custom, {"OriginSSLProtocols": "OriginSslProtocols"})
        custom["OriginSslProtocols"] = items(custom.get("OriginSslProtocols", ["TLSv1.2"]))
        converted["CustomOriginConfig"] = custom
    if "S3OriginConfig" in converted:
        converted["S3OriginConfig"] = {"OriginAccessIdentity": "", **converted["S3OriginConfig"]}
    return converted


def cache_behavior(config: dict[str, Any]) -> dict[str, Any]:
    converted = {key: value for key, value in config.items() if key not in ("AllowedMethods", "CachedMethods")}
    allowed = config.get("AllowedMethods", ["GET", "HEAD"])
    cached = config.get("CachedMethods", ["GET", "HEAD"])
    converted["AllowedMethods"] = {**items(allowed), "CachedMethods": items(cached)}
    return converted


def viewer_certificate(config: dict[str, Any]) -> dict[str, Any]:
    return renamed(config, {"AcmCertificateArn": "ACMCertificateArn", "IamCertificateId": "IAMCertificateId",
                            "SslSupportMethod": "SSLSupportMethod"})


def distribution_config(config: dict[str, Any], caller_reference: str) -> dict[str, Any]:
    """The API's DistributionConfig for CloudFormation's."""
    converted = renamed(config, {"IPV6Enabled": "IsIPV6Enabled"})
    converted["CallerReference"] = caller_reference
    converted.setdefault("Comment", "")
    converted["Aliases"] = items(config.get("Aliases"))
    converted["Origins"] = items([origin(each) for each in config.get("Origins") or []])
    converted["DefaultCacheBehavior"] = cache_behavior(config["DefaultCacheBehavior"])
    converted["CacheBehaviors"] = items([cache_behavior(each) for each in config.get("CacheBehaviors") or []])
    converted["CustomErrorResponses"] = items(config.get("CustomErrorResponses"))
    if "ViewerCertificate" in config:
        converted["ViewerCertificate"] = viewer_certificate(config["ViewerCertificate"])
    if "Logging" in config:
        converted["Logging"] = {"Enabled": True, "IncludeCookies": False, "Prefix": "", **config["Logging"]}
    geo = (config.get("Restrictions") or {}).get("GeoRestriction")
    if geo:
        converted["Restrictions"] = {"GeoRestriction": {"RestrictionType": geo["RestrictionType"],
                                                        **items(geo.get("Locations"))}}
    return converted


def edge_problems(config: dict[str, Any]) -> list[str]:
    """What CloudFront itself would refuse: a certificate or web ACL from outside us-east-1."""
    problems = []
    certificate = (config.get("ViewerCertificate") or {}).get("AcmCertificateArn", "")
    if certificate and certificate.split(":")[3] != EDGE_REGION:
        problems.append(f"the certificate {certificate} is not in {EDGE_REGION}: CloudFront takes ACM "
                        f"certificates from {EDGE_REGION} only")
    web_acl = config.get("WebACLId", "")
    if web_acl.startswith("arn:") and ":global/webacl/" not in web_acl:
        problems.append(f"the web ACL {web_acl} is not of scope CLOUDFRONT")
    return problems
