"""The `$default` route: any path the API does not serve."""

import json


def handler(event, context):
    return {"statusCode": 404, "headers": {"content-type": "application/json"},
            "body": json.dumps({"message": "not found"})}
