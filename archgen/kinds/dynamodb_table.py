"""A DynamoDB table: the application's data."""

from typing import Annotated, Literal

from diagrams.aws.database import Dynamodb
from pydantic import Field

from archgen.kinds._base import Kind
from archgen.schema import ComponentBase, Strict

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


KIND = DynamoDbTable
