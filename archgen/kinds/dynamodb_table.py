"""A DynamoDB table: the application's data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from archgen.kinds._api_direct import integration, method_responses
from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Alarm, Fragment, Kind, Metric, Side
from archgen.kinds._cfn import ACCOUNT_ROOT, getatt, kms_key, sub
from archgen.schema import ComponentBase, Strict
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

# A table encrypted with its own key: DynamoDB decrypts the table key on the caller's behalf for any
# access (SAM's profiles grant the table, never its key).
KEY_ACTIONS = ["kms:Decrypt"]
# A REST API calling the table itself (a direct integration): no SAM profile has an API as the source, so
# the grants are the kind's, one level each as for a function; the relation's one action narrows them.
_GET = {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%{Destination.Arn}"}
_FIND = {"Effect": "Allow", "Action": ["dynamodb:Query", "dynamodb:Scan"],
         "Resource": ["%{Destination.Arn}", "%{Destination.Arn}/index/*"]}  # an index is queried too
_WRITE = {"Effect": "Allow", "Action": ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
          "Resource": "%{Destination.Arn}"}
API_GRANTS = {"read": (_GET, _FIND), "write": (_WRITE,), "read-write": (_GET, _FIND, _WRITE)}
API_TEXT = "the API calls the table itself (a direct integration with the relation's action and mapping templates)"
DATA = ("read", "write", "read-write")
StreamView = Literal["NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES", "KEYS_ONLY"]

KeyName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")]


class TableSettings(Strict):
    partition_key: KeyName = "id"
    sort_key: KeyName | None = None
    billing: Literal["PAY_PER_REQUEST", "PROVISIONED"] = "PAY_PER_REQUEST"
    stream: StreamView | None = Field(None, description="The table's stream; on (new and old images) by "
                                                        "default when the table triggers a function.")
    ttl_attribute: KeyName | None = Field(None, description="Items expire at the epoch seconds in this attribute.")


class TableComponent(ComponentBase):
    kind: Literal["dynamodb.table"]
    settings: TableSettings = TableSettings()


class DynamoDbTable(Kind):
    name = "dynamodb.table"
    title = "DynamoDB table"
    layer = "backend"
    summary = "Key-value table; on-demand capacity by default; its stream can trigger functions."
    icon = "aws.database.Dynamodb"
    component = TableComponent
    cfn_type = "AWS::DynamoDB::Table"
    controls = {
        "encryption": "encryption at rest with a KMS key",
        "point-in-time-recovery": "continuous backups for the last 35 days",
        "deletion-protection": "the table cannot be deleted by accident",
        "retain": "kept, with its key, when its stack is deleted (a later deploy adopts it)",
    }
    offers = (Side("trigger", "its stream (new and old images) read by an event source mapping",
                   kinds=("lambda.function",)),)
    accepts = (*(Side(meaning, API_TEXT, kinds=("apigateway.rest_api",), requires=("routes", "request_template"),
                      allows=("response_template",), grant=API_GRANTS[meaning]) for meaning in DATA),
               *(Side(meaning) for meaning in DATA), Side("watch"))
    checks = {"encryption": ("CKV_AWS_119",), "point-in-time-recovery": ("CKV_AWS_28",)}
    exports = {"Arn": ("Table", "Arn"), "Name": ("Table", None), "KeyArn": ("Key", "Arn"),
               "StreamArn": ("Table", "StreamArn")}
    identities = {"Arn": "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/{name}",
                  "Name": "{name}"}
    env = ("TABLE_NAME", "Name")
    polled = True
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"dynamodb:{a}" for a in (
        "CreateTable", "DeleteTable", "DescribeContinuousBackups", "DescribeContributorInsights",
        "DescribeKinesisStreamingDestination", "DescribeStream", "DescribeTable", "DescribeTimeToLive",
        "ListTagsOfResource", "TagResource", "UntagResource", "UpdateContinuousBackups", "UpdateTable",
        "UpdateTimeToLive"))
    deploy_arns = {"AWS::DynamoDB::Table": ("TableName", [("dynamodb", ARN + "table/{n}"),
                                                     ("dynamodb", ARN + "table/{n}/stream/*")])}

    def stream(self, component: Any, graph: Any) -> str | None:
        """The stream view: as set, else on when the table triggers something."""
        if component.settings.stream is not None:
            return str(component.settings.stream)
        triggers = any(graph.link(r).meaning.name == "trigger" for r in graph.outgoing(component.id))
        return "NEW_AND_OLD_IMAGES" if triggers else None

    def settings_problems(self, component: Any, region: str) -> list[tuple[tuple[Any, ...], str]]:
        settings = component.settings
        if settings.sort_key is not None and settings.sort_key == settings.partition_key:
            return [(("components", component.id, "settings", "sort_key"), (
                f"the sort key '{settings.sort_key}' is the partition key too: a key is two different attributes; "
                f"rename the sort key, or leave it out"))]
        return []

    def resources(self, c: Any, t: Scope) -> Fragment:
        settings, protected, encrypted = c.settings, t.on("deletion-protection"), t.on("encryption")
        resources: dict[str, Any] = {}
        if encrypted:
            resources[t.lid(c.id, "Key")] = kms_key(f"Encrypts table {t.name(c.id)}", t.meta(), retain=t.on("retain"),
                                                    statements=[{
                "Sid": "DynamoDbUsesTheKeyForThisAccount", "Effect": "Allow", "Principal": {"AWS": ACCOUNT_ROOT},
                "Action": ["kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey",
                           "kms:ReEncryptFrom", "kms:ReEncryptTo"],
                "Resource": "*",
                "Condition": {"StringEquals": {"kms:ViaService": sub("dynamodb.${AWS::Region}.amazonaws.com"),
                                               "kms:CallerAccount": {"Ref": "AWS::AccountId"}}}}])
        keys = [settings.partition_key] + ([settings.sort_key] if settings.sort_key else [])
        table: dict[str, Any] = {
            "TableName": t.name(c.id), "BillingMode": settings.billing,
            "AttributeDefinitions": [{"AttributeName": key, "AttributeType": "S"} for key in keys],
            "KeySchema": [{"AttributeName": key, "KeyType": kind} for key, kind in zip(keys, ("HASH", "RANGE"))],
        }
        if settings.billing == "PROVISIONED":
            table["ProvisionedThroughput"] = {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}
        table["PointInTimeRecoverySpecification"] = {"PointInTimeRecoveryEnabled": t.on("point-in-time-recovery")}
        table["DeletionProtectionEnabled"] = protected
        if encrypted:
            table["SSESpecification"] = {"SSEEnabled": True, "SSEType": "KMS",
                                         "KMSMasterKeyId": getatt(t.lid(c.id, "Key"), "Arn")}
        stream = self.stream(c, t.graph)
        if stream is not None:
            table["StreamSpecification"] = {"StreamViewType": stream}
        if settings.ttl_attribute:
            table["TimeToLiveSpecification"] = {"AttributeName": settings.ttl_attribute, "Enabled": True}
        table["Tags"] = t.tags()
        resources[t.lid(c.id, "Table")] = {"Type": "AWS::DynamoDB::Table", **t.retention(),
                                           "Metadata": t.meta("encryption", "point-in-time-recovery"),
                                           "Properties": table}
        return {"Resources": resources}

    def event_source(self, link: Link, t: Scope) -> dict[str, Any] | None:
        return {"EventSourceArn": t.ref(link.source.id, "StreamArn"), "StartingPosition": "LATEST",
                "BatchSize": 100, "MaximumRetryAttempts": 3, "BisectBatchOnFunctionError": True}

    def api_integration(self, link: Link, t: Scope) -> dict[str, Any]:
        """The relation's one action (GetItem, PutItem, Query, Scan...) called by the API's method itself."""
        return integration(link, t, "dynamodb")

    def api_method_responses(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        return method_responses()

    def key_statements(self, link: Link, t: Scope) -> list[dict[str, Any]]:
        table = link.target if link.target.kind == self.name else link.source
        if not t.on("encryption", table.id):
            return []
        return [{"Effect": "Allow", "Action": KEY_ACTIONS, "Resource": t.ref(table.id, "KeyArn"),
                 "Condition": {"StringEquals": {"kms:ViaService": sub("dynamodb.${AWS::Region}.amazonaws.com")}}}]

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("TableName", "Name"),)
        return [Metric("AWS/DynamoDB", name, dims) for name in (
            "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ReadThrottleEvents", "WriteThrottleEvents")]

    def alarms(self, component: Any) -> list[Alarm]:
        dims = (("TableName", "Name"),)
        return [Alarm("ReadThrottlesAlarm", "read-throttles", Metric("AWS/DynamoDB", "ReadThrottleEvents", dims), 1),
                Alarm("WriteThrottlesAlarm", "write-throttles", Metric("AWS/DynamoDB", "WriteThrottleEvents", dims), 1)]


KIND = DynamoDbTable
