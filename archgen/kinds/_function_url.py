"""A Lambda function's URL: an HTTPS endpoint of the function itself, with CORS for the system's pages.

IAM-signed (SigV4) calls only by default. A model that opens it to anyone (AuthType NONE) says why, as
an exception to the function's `url-iam-auth` control: the reason becomes the scanner suppression on
the URL and a line on the Security page, and the public permission is written next to the URL. Since
October 2025 AWS wants two statements for a public URL: `lambda:InvokeFunctionUrl` (for the URL's
auth type NONE) and `lambda:InvokeFunction` only when invoked through the URL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from archgen.kinds._cfn import getatt, ref

if TYPE_CHECKING:
    from archgen.render.cloudformation.scope import Scope

CONTROL = "url-iam-auth"


def public(component: Any, t: Scope) -> bool:
    """Whether the model's exception opens the URL to anyone."""
    return not t.on(CONTROL, component.id)


def origins(component: Any, domain: str) -> list[str]:
    cors = component.settings.url.cors
    return list(cors.allow_origins) if cors is not None and cors.allow_origins else [f"https://{domain}"]


def function_url(component: Any, t: Scope) -> dict[str, Any]:
    """The URL, and for a public one the two permissions that let anyone call it through the URL only."""
    url, function = component.settings.url, t.lid(component.id, "Function")
    properties: dict[str, Any] = {"TargetFunctionArn": getatt(function, "Arn"),
                                  "AuthType": "NONE" if public(component, t) else "AWS_IAM",
                                  "InvokeMode": "RESPONSE_STREAM" if url.streaming else "BUFFERED"}
    if url.cors is not None:
        # no headers allowed: AllowHeaders left out (CloudFormation refuses an empty list)
        headers = {"AllowHeaders": list(url.cors.allow_headers)} if url.cors.allow_headers else {}
        properties["Cors"] = {"AllowOrigins": origins(component, t.system.domain),
                              "AllowMethods": list(url.cors.allow_methods), **headers, "MaxAge": url.cors.max_age_s}
    resources: dict[str, Any] = {t.lid(component.id, "Url"): {
        "Type": "AWS::Lambda::Url", "Metadata": t.meta(CONTROL), "Properties": properties}}
    if public(component, t):
        common = {"FunctionName": ref(function), "Principal": "*"}
        resources[t.lid(component.id, "UrlPublic")] = {
            "Type": "AWS::Lambda::Permission", "Metadata": t.meta(CONTROL),
            "Properties": {"Action": "lambda:InvokeFunctionUrl", **common, "FunctionUrlAuthType": "NONE"}}
        resources[t.lid(component.id, "UrlPublicInvoke")] = {
            "Type": "AWS::Lambda::Permission", "Metadata": t.meta(CONTROL),
            "Properties": {"Action": "lambda:InvokeFunction", **common, "InvokedViaFunctionUrl": True}}
    return resources


def url_output(component: Any, t: Scope) -> dict[str, Any]:
    auth = "anyone may call it: the model's exception" if public(component, t) else "IAM-signed calls only"
    return {t.lid(component.id, "Url"): {"Description": f"The function URL of {component.id} ({auth})",
                                         "Value": getatt(t.lid(component.id, "Url"), "FunctionUrl")}}


def url_text(component: Any) -> str:
    """What the docs' settings table says of the URL (its auth type is on the Security page)."""
    cors = component.settings.url.cors
    if cors is None:
        return "a function URL, no CORS"
    allowed = ", ".join(cors.allow_origins) if cors.allow_origins else "the system's domain"
    return f"a function URL; CORS for {allowed} ({', '.join(cors.allow_methods)})"
