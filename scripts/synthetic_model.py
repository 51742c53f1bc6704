"""Writes a valid synthetic model of about N components, for the benchmark.

The shape repeats the default model's backend: per unit an API, a function and a table,
all behind one CloudFront distribution, all watched by one alarms component. Views cover
ten units each, as a large real system would be drawn in several pictures.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import yaml

CORE = 6  # users, on-call, cdn, waf, alarms, alerts
UNIT = 3  # api, function, table
UNITS_PER_VIEW = 10


def component(kind: str, label: str, **settings: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"kind": kind, "label": label, "description": f"Synthetic {label}."}
    if settings:
        entry["settings"] = settings
    return entry


def synthetic_model(size: int, watch_all: bool = True) -> dict[str, Any]:
    units = max(1, (size - CORE) // UNIT)
    components = {
        "users": component("external.users", "Users"),
        "on-call": component("external.person", "On call"),
        "cdn": component("cloudfront.distribution", "CDN"),
        "waf": component("wafv2.web_acl", "WAF"),
        "alarms": component("cloudwatch.alarms", "Alarms"),
        "alerts": component("sns.topic", "Alerts", email="ops@example.org"),
    }
    relations = [
        {"from": "users", "to": "cdn", "label": "HTTPS"},
        {"from": "waf", "to": "cdn", "label": "filter"},
        {"from": "alarms", "to": "cdn", "label": "watch"},
        {"from": "alarms", "to": "alerts", "label": "notify"},
        {"from": "alerts", "to": "on-call", "label": "email"},
    ]
    for i in range(units):
        api, fn, table = f"api-{i}", f"fn-{i}", f"table-{i}"
        components[api] = component("apigateway.rest_api", f"API {i}")
        components[fn] = component("lambda.function", f"Function {i}", source=f"functions/unit{i}")
        components[table] = component("dynamodb.table", f"Table {i}")
        relations += [
            {"from": "cdn", "to": api, "label": f"/api/{i}/*", "path": f"/api/{i}/*"},
            {"from": api, "to": fn, "label": "invoke", "routes": [f"GET /unit{i}"]},
            {"from": fn, "to": table, "label": "read-write", "access": "read-write"},
        ] + [{"from": "alarms", "to": c, "label": "watch"} for c in (api, fn, table) if watch_all]
    views = {"edge": {"title": "Edge", "description": "The entry point.", "layers": ["external", "edge"]}}
    for start in range(0, units, UNITS_PER_VIEW):
        members = [f"{kind}-{i}" for i in range(start, min(units, start + UNITS_PER_VIEW))
                   for kind in ("api", "fn", "table")]
        views[f"units-{start}"] = {"title": f"Units {start}+", "description": "Ten units.",
                                   "components": ["cdn", *members]}
    flows = {"request": {"title": "Request", "description": "A request to unit 0.", "steps": [
        "users -> cdn: GET /api/0/unit0", "cdn -> api-0: forward", "api-0 -> fn-0: invoke",
        "fn-0 -> table-0: read"]}}
    # The whole system in one view, as people write it first: more than a drawing can show readably
    # once the model grows, so it is drawn as an overview with a drawing per group (and rule W210 warns).
    views["system"] = {"title": "The whole system", "description": "Every layer.",
                       "layers": ["external", "edge", "backend", "monitoring"]}
    views["request-flow"] = {"title": "Request flow", "description": "Unit 0.", "flow": "request"}
    because = "Synthetic benchmark model; the checks its kinds cannot meet are acknowledged once per kind."
    exceptions = [{"kind": kind, "control": check, "reason": because} for kind, check in (
        ("lambda.function", "CKV_AWS_115"), ("lambda.function", "CKV_AWS_116"), ("lambda.function", "CKV_AWS_117"),
        ("apigateway.rest_api", "CKV_AWS_120"), ("apigateway.rest_api", "CKV_AWS_59"),
        ("cloudfront.distribution", "CKV_AWS_18"))]
    exceptions.append({"component": "cdn", "control": "tls", "reason": "Synthetic benchmark model: served on "
                       "CloudFront's own domain, with no certificate of its own (rule E109)."})
    return {"system": {"name": "synthetic", "title": f"Synthetic {size}", "description": "Benchmark model.",
                       "region": "eu-west-1", "environment": "dev", "domain": "synthetic.example.org"},
            "components": components, "relations": relations, "flows": flows, "views": views,
            "exceptions": exceptions}


def write_model(size: int, folder: Path, watch_all: bool = True, code: bool = False) -> Path:
    """The model under `folder/model`; `watch_all=False` leaves the backend unwatched (rule W201 warns)
    so one layer's stack is what grows; `code` writes each function's handler (to deploy it)."""
    model = folder / "model"
    model.mkdir(parents=True, exist_ok=True)
    data = synthetic_model(size, watch_all)
    if not watch_all:
        data["exceptions"] += [{"component": c, "control": "W201", "reason": "Limits test model: the backend "
                                "is left unwatched so that its stack is the one that grows."}
                               for c, entry in data["components"].items()
                               if entry["kind"] in ("apigateway.rest_api", "lambda.function", "dynamodb.table")]
    text = yaml.safe_dump(data, sort_keys=False, width=120)
    (model / "system.yaml").write_text(text, "utf-8")
    for entry in data["components"].values() if code else ():
        source = entry.get("settings", {}).get("source")
        if source:
            (model / source).mkdir(parents=True, exist_ok=True)
            (model / source / "handler.py").write_text(HANDLER, "utf-8")
    return model


HANDLER = '''"""A synthetic unit's function: answers with its name."""

import json
import os


def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"unit": os.environ.get("AWS_LAMBDA_FUNCTION_NAME", "")})}
'''


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("size", type=int)
    parser.add_argument("folder", type=Path)
    arguments = parser.parse_args()
    print(write_model(arguments.size, arguments.folder))


def limits_model(units: int, watchers: int = 2) -> dict[str, Any]:
    """A model whose backend stack passes CloudFormation's per-stack limits (resources, outputs, bytes)
    and whose monitoring stack would pass the parameter limit: `watchers` alarms components share the
    watching, so the monitoring layer splits by component too. One API sits behind the CDN."""
    data = synthetic_model(CORE + UNIT * units, watch_all=False)
    data["relations"] = [r for r in data["relations"]
                         if not (r["from"] == "cdn" and r["to"].startswith("api-") and r["to"] != "api-0")]
    share = -(-units // watchers)
    for w in range(1, watchers):
        data["components"][f"alarms-{w}"] = component("cloudwatch.alarms", f"Alarms {w}")
        data["relations"].append({"from": f"alarms-{w}", "to": "alerts", "label": "notify"})
    for i in range(units):
        watcher = "alarms" if i < share else f"alarms-{i // share}"
        data["relations"] += [{"from": watcher, "to": c, "label": "watch"} for c in (f"fn-{i}", f"table-{i}")]
    data["exceptions"] += [{"component": f"api-{i}", "control": "W201", "reason": "Limits test model: the "
                            "APIs are left unwatched; functions and tables are watched."} for i in range(units)]
    return data
