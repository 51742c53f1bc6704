"""The notes API's function: SQL through RDS Proxy, signed in with an IAM token over TLS.

The proxy's endpoint, the database's name, user, port and engine come from the environment (the model's
relation to the proxy); so do the page size parameter's name and the cursor key secret's name. The
PostgreSQL driver (pg8000, pure Python) is packaged beside this file: `pip install pg8000 -t .`.
"""

import base64
import hashlib
import hmac
import json
import os

import boto3

_rds = boto3.client("rds")
_ssm = boto3.client("ssm")
_secrets = boto3.client("secretsmanager")
_cache = {}


def _setting(name):
    if "page_size" not in _cache:
        _cache["page_size"] = int(_ssm.get_parameter(Name=os.environ["PARAMETER_NAME"])["Parameter"]["Value"])
        _cache["cursor_key"] = _secrets.get_secret_value(SecretId=os.environ["SECRET_NAME"])["SecretString"].encode()
    return _cache[name]


def _connect():
    import pg8000.native  # packaged with the function

    host, port, user = os.environ["DB_PROXY_ENDPOINT"], int(os.environ["DB_PORT"]), os.environ["DB_USER"]
    token = _rds.generate_db_auth_token(DBHostname=host, Port=port, DBUsername=user)
    return pg8000.native.Connection(user, host=host, port=port, database=os.environ["DB_NAME"], password=token,
                                    ssl_context=True)


def _sign(offset):
    body = str(offset).encode()
    mac = hmac.new(_setting("cursor_key"), body, hashlib.sha256).hexdigest()[:32]
    return base64.urlsafe_b64encode(body + b"." + mac.encode()).decode()


def _offset(cursor):
    """The offset a cursor this function signed carries; ValueError for any other text."""
    if not cursor:
        return 0
    try:
        body, _, mac = base64.urlsafe_b64decode(cursor.encode("ascii")).partition(b".")
    except (ValueError, UnicodeEncodeError) as error:
        raise ValueError("not a cursor") from error
    expected = hmac.new(_setting("cursor_key"), body, hashlib.sha256).hexdigest()[:32].encode()
    if not hmac.compare_digest(mac, expected) or not body.isdigit():
        raise ValueError("forged cursor")
    return int(body)


def _answer(status, body):
    return {"statusCode": status, "headers": {"content-type": "application/json",
                                              "access-control-allow-origin": os.environ.get("ALLOWED_ORIGIN", "")},
            "body": json.dumps(body, default=str)}


def handler(event, context):
    owner = event["requestContext"]["authorizer"]["claims"]["sub"]
    method, note_id = event["httpMethod"], (event.get("pathParameters") or {}).get("noteId")
    db = _connect()
    try:
        if method == "GET" and note_id:
            rows = db.run("SELECT id, text, created FROM notes WHERE owner = :o AND id = :i", o=owner, i=note_id)
            return _answer(200, rows[0]) if rows else _answer(404, {"message": "no such note"})
        if method == "GET":
            try:
                offset = _offset((event.get("queryStringParameters") or {}).get("cursor"))
            except ValueError:
                return _answer(400, {"message": "invalid cursor"})
            size = _setting("page_size")
            rows = db.run("SELECT id, text, created FROM notes WHERE owner = :o ORDER BY created DESC "
                          "LIMIT :n OFFSET :s", o=owner, n=size + 1, s=offset)
            more = _sign(offset + size) if len(rows) > size else None
            return _answer(200, {"notes": rows[:size], "next": more})
        if method == "POST":
            text = json.loads(event.get("body") or "{}").get("text", "")
            if not isinstance(text, str) or not 0 < len(text) <= 10_000:
                return _answer(400, {"message": "text: 1 to 10000 characters"})
            row = db.run("INSERT INTO notes (owner, text) VALUES (:o, :t) RETURNING id, created", o=owner, t=text)
            return _answer(201, {"id": row[0][0], "created": row[0][1]})
        if method == "DELETE" and note_id:
            db.run("DELETE FROM notes WHERE owner = :o AND id = :i", o=owner, i=note_id)
            return _answer(204, {})
        return _answer(405, {"message": "method not allowed"})
    finally:
        db.close()
