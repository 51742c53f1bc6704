"""$disconnect: forget the connection (the sample's ondisconnect)."""

import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    TABLE.delete_item(Key={"connectionId": event["requestContext"]["connectionId"]})
    return {"statusCode": 200, "body": "Disconnected."}
