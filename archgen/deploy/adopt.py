"""Adopting what a destroy kept: a CloudFormation IMPORT change set instead of a name collision.

After `destroy`, a retained table or bucket still exists under the name its template sets; a
plain CREATE would fail on it (or, for types without names, make a second one beside it). So a
stack that is about to be created first imports each retained resource that still exists, with
the identifier the template gives (or the physical id destroy recorded), then the normal update
brings the rest of the stack. Names stay the same, and so does the data.
"""

from __future__ import annotations

import copy
from typing import Any, Callable

from botocore.exceptions import BotoCoreError, ClientError

from archgen.deploy.retained import identifier, literal, retained_types

Clients = Callable[[str], Any]  # service name -> boto3 client of the stack's region


def to_import(template: dict[str, Any], recorded: dict[str, dict[str, str]], pseudo: dict[str, str],
              clients: Clients) -> list[dict[str, Any]]:
    """ResourcesToImport: the template's retained resources that exist in the account now."""
    found = []
    resources = template.get("Resources") or {}
    for logical_id, resource_type in sorted(retained_types(template).items()):
        body = resources[logical_id]
        known = identifier(resource_type, body, recorded.get(logical_id, {}).get("physical_id"), pseudo)
        known = known or _find(resource_type, body, pseudo, clients)
        if known and exists(resource_type, known, clients):
            found.append({"ResourceType": resource_type, "LogicalResourceId": logical_id,
                          "ResourceIdentifier": known})
    return found


def import_template(template: dict[str, Any], logical_ids: set[str]) -> dict[str, Any]:
    """The template an import runs: only the imported resources (an import creates nothing else).

    A property that refers to a resource outside the import is left out here; the update that
    follows the import sets it, so what the stack ends with is exactly the full template.
    """
    result = {key: copy.deepcopy(value) for key, value in template.items() if key not in ("Resources", "Outputs")}
    resources = template.get("Resources") or {}
    outside = set(resources) - logical_ids
    result["Resources"] = {}
    for logical_id in sorted(logical_ids):
        body = copy.deepcopy(resources[logical_id])
        properties = body.get("Properties") or {}
        body["Properties"] = {k: v for k, v in properties.items() if not _refers_to(v, outside)}
        depends = body.get("DependsOn")
        if depends:
            kept = [d for d in ([depends] if isinstance(depends, str) else depends) if d not in outside]
            body["DependsOn"] = kept
            if not kept:
                del body["DependsOn"]
        result["Resources"][logical_id] = body
    return result


def _refers_to(value: Any, names: set[str]) -> bool:
    if isinstance(value, list):
        return any(_refers_to(item, names) for item in value)
    if not isinstance(value, dict):
        return False
    if "Ref" in value and value["Ref"] in names:
        return True
    getatt = value.get("Fn::GetAtt")
    if getatt is not None:
        target = getatt[0] if isinstance(getatt, list) else str(getatt).split(".")[0]
        if target in names:
            return True
    sub = value.get("Fn::Sub")
    if sub is not None:
        text = sub if isinstance(sub, str) else sub[0]
        if any(f"${{{name}}}" in text or f"${{{name}." in text for name in names):
            return True
    return any(_refers_to(item, names) for item in value.values())


# --- does it exist? Each type asks its own service; anything else asks Cloud Control ------------

def _table(clients: Clients, ident: dict[str, str]) -> Any:
    return clients("dynamodb").describe_table(TableName=ident["TableName"])


def _bucket(clients: Clients, ident: dict[str, str]) -> Any:
    return clients("s3").head_bucket(Bucket=ident["BucketName"])


def _log_group(clients: Clients, ident: dict[str, str]) -> Any:
    name = ident["LogGroupName"]
    groups = clients("logs").describe_log_groups(logGroupNamePrefix=name)["logGroups"]
    if not any(group["logGroupName"] == name for group in groups):
        raise LookupError(name)


def _key(clients: Clients, ident: dict[str, str]) -> Any:
    keys = {key["KeyId"] for key in clients("kms").list_keys()["Keys"]}
    if ident["KeyId"] not in keys:
        raise LookupError(ident["KeyId"])
    state = clients("kms").describe_key(KeyId=ident["KeyId"])["KeyMetadata"].get("KeyState")
    if state == "PendingDeletion":  # its data is about to become unreadable: not something to adopt silently
        raise LookupError(ident["KeyId"])


def _user_pool(clients: Clients, ident: dict[str, str]) -> Any:
    return clients("cognito-idp").describe_user_pool(UserPoolId=ident["UserPoolId"])


def _cluster(clients: Clients, ident: dict[str, str]) -> Any:
    return clients("rds").describe_db_clusters(DBClusterIdentifier=ident["DBClusterIdentifier"])


def _secret(clients: Clients, ident: dict[str, str]) -> Any:
    return clients("secretsmanager").describe_secret(SecretId=next(iter(ident.values())))


def _cloud_control(resource_type: str) -> Callable[[Clients, dict[str, str]], Any]:
    def probe(clients: Clients, ident: dict[str, str]) -> Any:
        return clients("cloudcontrol").get_resource(TypeName=resource_type, Identifier="|".join(ident.values()))
    return probe


PROBES: dict[str, Callable[[Clients, dict[str, str]], Any]] = {
    "AWS::DynamoDB::Table": _table,
    "AWS::S3::Bucket": _bucket,
    "AWS::Logs::LogGroup": _log_group,
    "AWS::KMS::Key": _key,
    "AWS::Cognito::UserPool": _user_pool,
    "AWS::RDS::DBCluster": _cluster,
    "AWS::SecretsManager::Secret": _secret,
}


def exists(resource_type: str, ident: dict[str, str], clients: Clients) -> bool:
    probe = PROBES.get(resource_type) or _cloud_control(resource_type)
    try:
        probe(clients, ident)
    except (ClientError, BotoCoreError, LookupError, KeyError):
        return False
    return True


def _find(resource_type: str, body: dict[str, Any], pseudo: dict[str, str], clients: Clients) -> dict[str, str] | None:
    """The id of a retained resource the template names only by a non-identifying name (a user pool)."""
    if resource_type != "AWS::Cognito::UserPool":
        return None
    name = literal((body.get("Properties") or {}).get("UserPoolName"), pseudo)
    try:
        pools = clients("cognito-idp").list_user_pools(MaxResults=60)["UserPools"]
    except (ClientError, BotoCoreError):
        return None
    matches = [pool["Id"] for pool in pools if pool.get("Name") == name]
    return {"UserPoolId": matches[0]} if name and len(matches) == 1 else None
