"""A DynamoDB table: the application's data."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from diagrams.aws.database import Dynamodb
from pydantic import Field

from archgen.kinds._base import KEY_DEPLOY_ACTIONS, Kind, Metric
from archgen.schema import ComponentBase, Strict

# What each access level of a relation to a table grants: defined once, here; nothing else grants table access.
READ_ACTIONS = ("dynamodb:BatchGetItem", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
                "dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan")
WRITE_ACTIONS = ("dynamodb:BatchWriteItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem")
ACCESS_ACTIONS: dict[str, tuple[str, ...]] = {
    "read": READ_ACTIONS,
    "write": WRITE_ACTIONS,
    "read-write": tuple(sorted(READ_ACTIONS + WRITE_ACTIONS)),
}
# A table encrypted with its own key: DynamoDB decrypts the table key on the caller's behalf for any access.
KEY_ACTIONS = ("kms:Decrypt",)

KeyName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")]


class TableSettings(Strict):
    partition_key: KeyName = "id"
    sort_key: KeyName | None = None
    billing: Literal["PAY_PER_REQUEST", "PROVISIONED"] = "PAY_PER_REQUEST"


class TableComponent(ComponentBase):
    kind: Literal["dynamodb.table"]
    settings: TableSettings = TableSettings()


class DynamoDbTable(Kind):
    name = "dynamodb.table"
    title = "DynamoDB table"
    layer = "backend"
    summary = "Key-value table; on-demand capacity by default."
    icon = Dynamodb
    component = TableComponent
    controls = {
        "encryption": "encryption at rest with a KMS key",
        "point-in-time-recovery": "continuous backups for the last 35 days",
        "deletion-protection": "the table cannot be deleted by accident",
    }
    checks = {"encryption": ("CKV_AWS_119",), "point-in-time-recovery": ("CKV_AWS_28",)}
    exports = {"Arn": ("Table", "Arn"), "Name": ("Table", None), "KeyArn": ("Key", "Arn")}
    deploy_actions = KEY_DEPLOY_ACTIONS + tuple(f"dynamodb:{a}" for a in (
        "CreateTable", "DeleteTable", "DescribeContinuousBackups", "DescribeContributorInsights",
        "DescribeKinesisStreamingDestination", "DescribeTable", "DescribeTimeToLive", "ListTagsOfResource",
        "TagResource", "UntagResource", "UpdateContinuousBackups", "UpdateTable"))

    def access_actions(self, access: str) -> tuple[str, ...]:
        return ACCESS_ACTIONS[access]

    def key_actions(self, access: str) -> tuple[str, ...]:
        return KEY_ACTIONS

    def metrics(self, component: Any) -> list[Metric]:
        dims = (("TableName", "Name"),)
        return [Metric("AWS/DynamoDB", name, dims) for name in (
            "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits", "ReadThrottleEvents", "WriteThrottleEvents")]


KIND = DynamoDbTable
