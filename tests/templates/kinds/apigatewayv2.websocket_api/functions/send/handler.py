"""sendmessage (and $default): post the message to every open connection (the sample's sendmessage).

CONNECTIONS_URL is the stage's callback URL (https://{api}.execute-api.{region}.amazonaws.com/{stage}),
the endpoint of the API Gateway Management API; the role may post to this API's connections only."""

import json
import os

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])
CONNECTIONS = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["CONNECTIONS_URL"])


def handler(event, context):
    if event["requestContext"]["routeKey"] == "$default":
        return {"statusCode": 400, "body": json.dumps({"actions": ["sendmessage"]})}
    data = json.loads(event.get("body") or "{}").get("data", "")
    for item in TABLE.scan(ProjectionExpression="connectionId").get("Items", []):
        try:
            CONNECTIONS.post_to_connection(ConnectionId=item["connectionId"], Data=str(data).encode())
        except CONNECTIONS.exceptions.GoneException:
            TABLE.delete_item(Key={"connectionId": item["connectionId"]})
    return {"statusCode": 200, "body": "Data sent."}
