"""Writes the bad-model corpus in bad/: each case is the good minimal model with one mistake.

Run it after changing good/minimal.yaml, then `python -m tests.validate.corpus --update`
and review the diff of bad/expected.json.
"""
from pathlib import Path

HERE = Path(__file__).resolve().parent
base = (HERE / "good" / "minimal.yaml").read_text()
def rep(old, new, count=1):
    assert old in base, old
    return base.replace(old, new, count)
cases = {
 "syntax-unclosed-bracket": rep("layers: [external, edge, backend]", "layers: [external, edge, backend"),
 "syntax-bad-indent": rep("  title: Shop\n", "  title: Shop\n   bad: indent\n"),
 "tab-indentation": rep("  title: Shop\n", "\ttitle: Shop\n"),
 "duplicate-component-id": rep("  table:\n    kind: dynamodb.table", "  fn:\n    kind: dynamodb.table"),
 "duplicate-key-in-mapping": rep("    label: API\n", "    label: API\n    label: Api again\n"),
 "python-tag": rep("  title: Shop\n", "  title: !!python/object/apply:os.system ['echo hi']\n"),
 "custom-tag": rep("  title: Shop\n", "  title: !secret shop-title\n"),
 "merge-key": rep("  api:\n    kind: apigateway.rest_api\n", "  api:\n    <<: {kind: apigateway.rest_api}\n    kind: apigateway.rest_api\n"),
 "root-is-list": "- system\n- components\n",
 "root-is-scalar": "just a string\n",
 "empty-file": "\n\n# nothing here\n",
 "unknown-section": rep("views:\n", "veiws:\n"),
 "missing-section": base[: base.index("relations:")] + base[base.index("flows:"):],
 "unknown-field-component": rep("    label: Table\n", "    lable: Table\n"),
 "unknown-field-setting": rep("      source: functions/items\n", "      source: functions/items\n      memory: 512\n"),
 "wrong-type-label": rep("    label: CDN\n", "    label: 42\n"),
 "wrong-type-settings-bool": rep("    description: The data.\n", "    description: The data.\n    settings:\n      billing: PAY_PER_REQUEST\n      partition_key: [id]\n"),
 "unknown-kind": rep("kind: dynamodb.table", "kind: dynamodb.tabel"),
 "missing-kind": rep("    kind: dynamodb.table\n", ""),
 "bad-id-uppercase": rep("  table:\n", "  Table:\n").replace("to: table", "to: Table").replace("component: table","component: Table").replace("table -> fn", "Table -> fn"),
 "bad-id-underscore": rep("  fn:\n", "  items_fn:\n"),
 "relation-unknown-target": rep("{from: fn, to: table,", "{from: fn, to: tabel,"),
 "relation-unknown-source": rep("{from: users, to: cdn,", "{from: user, to: cdn,"),
 "relation-not-allowed": rep("  - {from: fn, to: table, label: read, access: read}\n", "  - {from: fn, to: table, label: read, access: read}\n  - {from: table, to: users, label: rows}\n"),
 "relation-missing-access": rep("label: read, access: read}", "label: read}"),
 "relation-field-not-meaningful": rep("{from: users, to: cdn, label: HTTPS}", "{from: users, to: cdn, label: HTTPS, access: read}"),
 "relation-bad-access-value": rep("access: read}", "access: readwrite}"),
 "relation-duplicate": rep("  - {from: fn, to: table, label: read, access: read}\n", "  - {from: fn, to: table, label: read, access: read}\n  - {from: fn, to: table, label: again, access: write}\n"),
 "relation-bad-route": rep('routes: ["GET /items"]', 'routes: ["FETCH /items"]'),
 "flow-step-no-relation": rep('"cdn -> api: forward"', '"users -> table: sneak in"'),
 "flow-step-unknown-component": rep('"cdn -> api: forward"', '"cdn -> apii: forward"'),
 "flow-step-malformed": rep('"cdn -> api: forward"', '"cdn to api"'),
 "view-unknown-flow": rep("    layers: [external, edge, backend]\n", "    flow: requests\n"),
 "view-unknown-component": rep("    layers: [external, edge, backend]\n", "    components: [users, tabel]\n"),
 "view-unknown-layer": rep("layers: [external, edge, backend]", "layers: [external, egde, backend]"),
 "view-shows-nothing": rep("    layers: [external, edge, backend]\n", ""),
 "exception-unknown-control": rep("control: deletion-protection", "control: deletion-protect"),
 "exception-unknown-component": rep("  - component: table\n", "  - component: tables\n"),
 "exception-no-reason": rep("    reason: Scratch table for tests, recreated on every run.\n", ""),
 "setting-out-of-range": rep("      source: functions/items\n", "      source: functions/items\n      memory_mb: 64\n"),
 "setting-too-large": rep("      source: functions/items\n", "      source: functions/items\n      timeout_s: 901\n"),
 "setting-string-for-int": rep("      source: functions/items\n", "      source: functions/items\n      timeout_s: '10'\n"),
 "setting-bad-literal": rep("      source: functions/items\n", "      source: functions/items\n      runtime: python2.7\n"),
 "missing-required-setting": rep("    settings:\n      source: functions/items\n", ""),
 "system-bad-region": rep("region: eu-west-1", "region: europe"),
 "system-missing-name": rep("  name: shop\n", ""),
 "alias-bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
 "deep-nesting": "system: " + "[" * 100 + "]" * 100 + "\n",
 "several-errors-in-file-order": rep("    label: CDN\n", "    label: 42\n").replace("kind: dynamodb.table", "kind: dynamo").replace("{from: fn, to: table,", "{from: fn, to: tabel,"),
}
for i, (name, text) in enumerate(cases.items(), 1):
    (HERE / "bad" / f"{i:02d}-{name}.yaml").write_text(text)
more = {
 "exception-component-and-kind": base.replace("  - component: cdn\n    control: E101", "  - component: cdn\n    kind: s3.bucket\n    control: E101"),
 "exception-unknown-scanner-check": base.replace("control: CKV_AWS_117", "control: CKV_AWS_171", 1),
 "scanner-check-without-reason": base.replace("  - kind: apigateway.rest_api\n    control: CKV_AWS_120\n    reason: Test fixture; the scanner checks its kinds cannot meet are acknowledged here.\n", ""),
 "rule-public-entry-without-waf": base.replace("  - component: cdn\n    control: E101\n    reason: Test fixture; the web ACL is left out to keep the model small.\n", ""),
 "rule-unknown-rule-waived": base.replace("control: E101", "control: E199"),
 "rule-protected-route-bypassed": rep('  - {from: fn, to: table, label: read, access: read}\n', '  - {from: fn, to: table, label: read, access: read}\n  - {from: api, to: pool, label: verify, protects: ["GET /items"]}\n').replace("  table:\n    kind: dynamodb.table", "  pool:\n    kind: cognito.user_pool\n    label: Pool\n    description: Users.\n  table:\n    kind: dynamodb.table").replace('      - "table -> fn: items"\n', '      - "api -> fn: invoke"\n'),
}
start = len(cases) + 1
for i, (name, text) in enumerate(more.items(), start):
    (HERE / "bad" / f"{i:02d}-{name}.yaml").write_text(text)
# The storage building blocks' mistakes (functions, buckets, uploads, CloudFormation resources) and the
# errors for what the catalogue does not have; named, not numbered, so that cases added elsewhere never
# take the same file name.
BUCKET = "  table:\n    kind: dynamodb.table"
UPLOADS = ("  uploads:\n    kind: s3.bucket\n    label: Uploads\n    description: What users upload.\n"
           "    settings: {contents: data}\n" + BUCKET)
PARAMETER = ("  setting:\n    kind: cloudformation.resource\n    label: Setting\n    description: A parameter.\n"
             "    settings:\n      type: AWS::SSM::Parameter\n      name_property: Name\n"
             "      properties: {Type: String, Value: '10'}\n" + BUCKET)
READ = "  - {from: fn, to: table, label: read, access: read}\n"
UPLOAD = "  - {from: users, to: uploads, label: upload, via: fn, prefix: uploads/}\n"
GRANTED = "  - {from: fn, to: setting, label: read, meaning: read, grant: {actions: [ssm:GetParameter]}}\n"
LOGS_WAIVED = base.replace("exceptions:\n", "exceptions:\n  - kind: s3.bucket\n    control: CKV_AWS_18\n"
                           "    reason: Test fixture; the log buckets do not log their own access.\n", 1)


def with_uploads(old: str, new: str) -> str:
    """The minimal model with a data bucket (its log bucket's check acknowledged) and one more change."""
    assert old in LOGS_WAIVED, old
    return LOGS_WAIVED.replace(BUCKET, UPLOADS, 1).replace(old, new, 1)


kinds_cases = {
 "unknown-kind-service-only": rep("kind: dynamodb.table", "kind: dynamodb"),
 "unknown-kind-cloudformation-type": rep("kind: dynamodb.table", "kind: AWS::DynamoDB::Table"),
 "unknown-kind-not-in-catalogue": rep("kind: dynamodb.table", "kind: redshift.cluster"),
 "relation-written-the-wrong-way": rep(READ, "  - {from: table, to: fn, label: read, access: read}\n"),
 "relation-not-allowed-the-wrong-way": rep(READ, READ + "  - {from: api, to: users, label: answers}\n"),
 "function-request-without-url": rep(READ, READ + "  - {from: users, to: fn, label: HTTPS}\n"),
 "function-url-exception-without-url": base.replace("exceptions:\n", "exceptions:\n  - component: fn\n    control: url-iam-auth\n    reason: Anyone may call the webhook; it checks a signature itself.\n", 1),
 "upload-via-unknown-component": with_uploads(READ, READ + UPLOAD.replace("via: fn", "via: signer")),
 "upload-via-not-a-function": with_uploads(READ, READ + UPLOAD.replace("via: fn", "via: table")),
 "upload-without-via": with_uploads(READ, READ + UPLOAD.replace(" via: fn,", "")),
 "upload-prefix-wildcard": with_uploads(READ, READ + UPLOAD.replace("prefix: uploads/", "prefix: 'up*'")),
 "upload-signer-unreachable": with_uploads(READ, READ + UPLOAD.replace("via: fn", "via: signer")).replace(
     "  uploads:", "  signer:\n    kind: lambda.function\n    label: Signer\n    description: Signs uploads.\n"
     "    settings:\n      source: functions/sign\n  uploads:", 1),
 "resource-unknown-type": rep(BUCKET, PARAMETER.replace("AWS::SSM::Parameter", "AWS::SSM::Paramter")),
 "resource-wrong-properties": rep(BUCKET, PARAMETER.replace("{Type: String, Value: '10'}", "{Type: Text, Value: '10', Tiers: Standard}")),
 "resource-intrinsic-function": rep(BUCKET, PARAMETER.replace("Value: '10'", "Value: {Ref: AWS::Region}")),
 "resource-relation-without-grant": rep(BUCKET, PARAMETER).replace(READ, READ + GRANTED.replace(", grant: {actions: [ssm:GetParameter]}", "")),
 "resource-grant-unknown-export": rep(BUCKET, PARAMETER).replace(READ, READ + GRANTED.replace("[ssm:GetParameter]}", "[ssm:GetParameter], resources: ['{Url}']}")),
 "resource-grant-wildcard-action": rep(BUCKET, PARAMETER).replace(READ, READ + GRANTED.replace("ssm:GetParameter", "'ssm:*'")),
 # found by the fuzzer: the API's methods need an integration the escape hatch does not declare (it crashed)
 "resource-api-invoke-refused": rep(BUCKET, PARAMETER).replace(READ, READ + "  - {from: api, to: setting, label: call, meaning: invoke, routes: ['GET /setting'], grant: {actions: [ssm:GetParameter]}}\n"),
 "resource-iam-role-refused": rep(BUCKET, PARAMETER.replace("AWS::SSM::Parameter", "AWS::IAM::Role")),
 "grant-on-a-known-kind": rep(READ, "  - {from: fn, to: table, label: read, access: read, grant: {actions: [dynamodb:GetItem]}}\n"),
 "rule-api-reached-directly-without-waf": rep(READ, READ + "  - {from: users, to: api, label: HTTPS}\n"),
 "environment-listed-twice": rep("  environment: dev\n", "  environment: dev\n  environments:\n    dev: {}\n"),
 "environment-bad-name": rep("  environment: dev\n", "  environment: dev\n  environments:\n    Staging_1: {}\n"),
 "environment-unknown-setting": rep("  environment: dev\n",
                                    "  environment: dev\n  environments:\n    qa: {domian: qa.shop.example.org}\n"),
}
for name, text in kinds_cases.items():
    (HERE / "bad" / f"kinds-{name}.yaml").write_text(text)
# The workflow and streaming building blocks' mistakes (a state machine's definition file, streams and
# delivery streams wired as AWS would refuse); the definition files themselves are checked in
# tests/validate/test_state_machine_definition.py, since a corpus case is one system.yaml alone.
MACHINE = ("  flow:\n    kind: stepfunctions.state_machine\n    label: Flow\n    description: A workflow.\n"
           "    settings:\n      definition: workflows/flow.asl.json\n" + BUCKET)
STREAM = ("  clicks:\n    kind: kinesis.stream\n    label: Clicks\n    description: Click events.\n" + BUCKET)
HOSE = ("  archive:\n    kind: firehose.delivery_stream\n    label: Archive\n    description: Stores clicks.\n" + BUCKET)
flows_cases = {
 "machine-definition-missing": rep(BUCKET, MACHINE),
 "machine-definition-outside-folder": rep(BUCKET, MACHINE.replace("workflows/flow.asl.json", "workflows/../../flow.json")),
 "machine-definition-absolute": rep(BUCKET, MACHINE.replace("workflows/flow.asl.json", "/etc/flow.json")),
 "machine-definition-not-asl": rep(BUCKET, MACHINE.replace("workflows/flow.asl.json", "workflows/flow.txt")),
 "machine-type-unknown": rep(BUCKET, MACHINE.replace("flow.asl.json\n", "flow.asl.json\n      type: EXPRESSO\n")),
 "stream-shards-out-of-range": rep(BUCKET, STREAM.replace("events.\n", "events.\n    settings: {mode: PROVISIONED, shards: 0}\n")),
 "stream-on-failure-unknown": rep(BUCKET, STREAM.replace("events.\n", "events.\n    settings: {consumer: {on_failure: dead}}\n")).replace(READ, READ + "  - {from: clicks, to: fn, label: batches}\n"),
 "stream-on-failure-not-related": rep(BUCKET, STREAM.replace("events.\n", "events.\n    settings: {consumer: {on_failure: table}}\n")).replace(READ, READ + "  - {from: clicks, to: fn, label: batches}\n"),
 "delivery-without-destination": rep(BUCKET, HOSE).replace(READ, READ + "  - {from: fn, to: archive, label: events, access: write}\n"),
 "delivery-stream-and-direct-writes": with_uploads(READ, READ + "  - {from: fn, to: archive, label: events, access: write}\n  - {from: clicks, to: archive, label: records}\n  - {from: archive, to: uploads, label: objects}\n").replace("  uploads:", STREAM.replace(BUCKET, "") + HOSE.replace(BUCKET, "") + "  uploads:", 1),
 "delivery-to-a-table": rep(BUCKET, HOSE).replace(READ, READ + "  - {from: archive, to: table, label: objects}\n"),
}
for name, text in flows_cases.items():
    (HERE / "bad" / f"flows-{name}.yaml").write_text(text)
more_flows = {
 "api-logs-to-delivery-stream-and-log-group": rep(BUCKET, HOSE.replace(BUCKET, "") + "  logs:\n    kind: cloudwatch.logs\n    label: Logs\n    description: Logs.\n" + UPLOADS.replace(BUCKET, "") + BUCKET).replace(READ, READ + "  - {from: api, to: archive, label: access logs}\n  - {from: api, to: logs, label: access logs}\n  - {from: archive, to: uploads, label: objects}\n"),
}
for name, text in more_flows.items():
    (HERE / "bad" / f"flows-{name}.yaml").write_text(text)
TWO_BUCKETS = UPLOADS.replace("  uploads:", "  extra:\n    kind: s3.bucket\n    label: Extra\n    description: Another.\n    settings: {contents: data}\n  uploads:", 1)
two_flows = {
 "delivery-to-two-buckets": LOGS_WAIVED.replace(BUCKET, HOSE.replace(BUCKET, "") + TWO_BUCKETS, 1).replace(READ, READ + "  - {from: fn, to: archive, label: events, access: write}\n  - {from: archive, to: uploads, label: objects}\n  - {from: archive, to: extra, label: again}\n", 1),
 "delivery-from-two-streams": LOGS_WAIVED.replace(BUCKET, STREAM.replace(BUCKET, "") + STREAM.replace(BUCKET, "").replace("clicks", "views").replace("Clicks", "Views") + HOSE.replace(BUCKET, "") + UPLOADS, 1).replace(READ, READ + "  - {from: clicks, to: archive, label: records}\n  - {from: views, to: archive, label: records}\n  - {from: archive, to: uploads, label: objects}\n", 1),
}
for name, text in two_flows.items():
    (HERE / "bad" / f"flows-{name}.yaml").write_text(text)
# The API building blocks' mistakes: routes an API cannot serve, routes no authorizer protects, direct
# integrations (their action, their mapping templates).
ROUTE = '  - {from: api, to: fn, label: invoke, routes: ["GET /items"]}\n'
HTTP = base.replace("    kind: apigateway.rest_api\n", "    kind: apigatewayv2.http_api\n", 1)
WEBSOCKET = base.replace("    kind: apigateway.rest_api\n", "    kind: apigatewayv2.websocket_api\n", 1).replace(
    "  - {from: cdn, to: api, label: /api/*, path: /api/*}\n", "  - {from: users, to: api, label: wss}\n").replace(
    '      - "cdn -> api: forward"\n', "")
DIRECT = '  - {from: api, to: table, label: put, access: write, routes: ["POST /items"], request_template: templates/put.vtl}\n'
api_cases = {
 "rest-route-websocket-key": rep(ROUTE, ROUTE.replace("GET /items", "$connect")),
 "rest-route-greedy-not-last": rep(ROUTE, ROUTE.replace("GET /items", "ANY /{proxy+}/more")),
 "http-route-unprotected": HTTP,
 "http-jwt-and-pool-on-one-route": HTTP.replace(
     "    description: The API.\n", "    description: The API.\n    settings:\n      jwt: {issuer: 'https://id.example.org/', "
     "audience: [shop], protects: ['GET /items']}\n", 1).replace(
     ROUTE, ROUTE + '  - {from: api, to: pool, label: verify, protects: ["GET /items"]}\n').replace(
     "  table:\n    kind: dynamodb.table", "  pool:\n    kind: cognito.user_pool\n    label: Pool\n    description: Users.\n"
     "  table:\n    kind: dynamodb.table"),
 "http-protects-a-route-not-served": HTTP.replace(ROUTE, ROUTE + '  - {from: api, to: fn2, label: check, protects: ["GET /item"]}\n').replace(
     "  table:\n    kind: dynamodb.table", "  fn2:\n    kind: lambda.function\n    label: Authorizer\n    description: Checks.\n"
     "    settings:\n      source: functions/items\n  table:\n    kind: dynamodb.table"),
 "http-issuer-not-https": HTTP.replace(
     "    description: The API.\n", "    description: The API.\n    settings:\n      jwt: {issuer: 'http://id.example.org/', "
     "audience: [shop], protects: ['GET /items']}\n", 1),
 "websocket-path-route": WEBSOCKET.replace("  - component: cdn\n    control: E101", "  - component: api\n    control: E121\n"
                                           "    reason: Test fixture; anyone may connect.\n  - component: cdn\n    control: E101"),
 "websocket-connect-unprotected": WEBSOCKET.replace(ROUTE, ROUTE.replace("GET /items", "$connect")),
 "direct-integration-without-action": rep(READ, READ + DIRECT),
 "direct-integration-template-missing": rep(READ, READ + DIRECT.replace("access: write,", "access: write, actions: [dynamodb:PutItem],")),
 "direct-integration-template-outside": rep(READ, READ + DIRECT.replace("templates/put.vtl", "templates/../../put.vtl")),
 "direct-integration-without-template": rep(READ, READ + DIRECT.replace(", request_template: templates/put.vtl", "")),
 "direct-integration-to-a-function-only-kind": rep(ROUTE, ROUTE.replace("label: invoke,", "label: invoke, request_template: templates/put.vtl,")),
}
for name, text in api_cases.items():
    (HERE / "bad" / f"apis-{name}.yaml").write_text(text)

# The network and database building blocks' mistakes: the minimal model with a VPC, a proxy and a database.
VPC = ("  vpc:\n    kind: ec2.vpc\n    label: VPC\n    description: The network.\n"
       "  proxy:\n    kind: rds.proxy\n    label: Proxy\n    description: Pools connections.\n"
       "  db:\n    kind: rds.aurora_serverless\n    label: Database\n    description: The rows.\n"
       "  logs:\n    kind: cloudwatch.logs\n    label: Logs\n    description: Logs.\n" + BUCKET)
VPC_RELATIONS = (READ + "  - {from: fn, to: proxy, label: SQL, access: read-write}\n"
                 "  - {from: proxy, to: db, label: pooled}\n  - {from: vpc, to: logs, label: flow logs}\n"
                 "  - {from: db, to: logs, label: logs}\n")
IN_VPC = rep(BUCKET, VPC).replace(READ, VPC_RELATIONS, 1)
SETTING = ("  setting:\n    kind: ssm.parameter\n    label: Setting\n    description: A page size.\n"
           "    settings: {value: '10'}\n  key:\n    kind: secretsmanager.secret\n    label: Key\n"
           "    description: Signs cursors.\n" + BUCKET)
SETTINGS_READ = READ + "  - {from: fn, to: setting, label: size, access: read}\n  - {from: fn, to: key, label: key, access: read}\n"
WITH_SETTINGS = rep(BUCKET, SETTING).replace(READ, SETTINGS_READ, 1)


def in_vpc(old: str, new: str) -> str:
    assert old in IN_VPC, old
    return IN_VPC.replace(old, new, 1)


SECOND = "  vpc-b:\n    kind: ec2.vpc\n    label: VPC B\n    description: Another network.\n  proxy:"
vpc_cases = {
 "unknown-vpc": in_vpc("    description: The rows.\n", "    description: The rows.\n    settings: {vpc: vcp}\n"),
 "not-a-vpc": in_vpc("    description: The rows.\n", "    description: The rows.\n    settings: {vpc: table}\n"),
 "two-vpcs-unnamed": in_vpc("  proxy:", SECOND).replace("  - {from: vpc, to: logs, label: flow logs}\n",
                                                         "  - {from: vpc, to: logs, label: flow logs}\n"
                                                         "  - {from: vpc-b, to: logs, label: flow logs}\n"),
 "function-reaches-two-vpcs": in_vpc("  proxy:", SECOND + "\n    kind: rds.proxy\n    label: Proxy B\n"
                                     "    description: Pools.\n    settings: {vpc: vpc-b}\n  db-b:\n"
                                     "    kind: rds.aurora_serverless\n    label: Database B\n    description: More.\n"
                                     "    settings: {vpc: vpc-b}\n  proxy:").replace(
     "    description: The rows.\n", "    description: The rows.\n    settings: {vpc: vpc}\n").replace(
     "    description: Pools connections.\n", "    description: Pools connections.\n    settings: {vpc: vpc}\n").replace(
     "  - {from: db, to: logs, label: logs}\n", "  - {from: db, to: logs, label: logs}\n  - {from: vpc-b, to: logs, label: flow logs}\n"
     "  - {from: db-b, to: logs, label: logs}\n  - {from: proxy-b, to: db-b, label: pooled}\n"
     "  - {from: fn, to: proxy-b, label: SQL, access: read}\n").replace("  proxy:\n    kind: rds.proxy\n    label: Proxy B", "  proxy-b:\n    kind: rds.proxy\n    label: Proxy B"),
 "member-in-another-layer": in_vpc("    label: Database\n", "    layer: monitoring\n    label: Database\n"),
 "proxy-without-database": in_vpc("  - {from: proxy, to: db, label: pooled}\n", ""),
 "without-flow-logs": in_vpc("  - {from: vpc, to: logs, label: flow logs}\n", ""),
 "flow-logs-off-but-logged": in_vpc("exceptions:\n", "exceptions:\n  - component: vpc\n    control: flow-logs\n"
                                    "    reason: Test fixture; nothing in it is worth logging.\n"),
 "public-cidr": in_vpc("    description: The network.\n", "    description: The network.\n    settings: {cidr: 8.8.0.0/16}\n"),
 "subnet-outside": in_vpc("    description: The network.\n", "    description: The network.\n    settings:\n"
                              "      private_subnets: [10.1.0.0/20, 10.0.16.0/20]\n"),
 "subnets-overlap": in_vpc("    description: The network.\n", "    description: The network.\n    settings:\n"
                               "      private_subnets: [10.0.0.0/20, 10.0.8.0/21]\n"),
 "proxy-relation-without-access": in_vpc("label: SQL, access: read-write}", "label: SQL}"),
 "proxy-called-by-an-api": in_vpc("  - {from: proxy, to: db, label: pooled}\n", "  - {from: proxy, to: db, label: pooled}\n"
                                  "  - {from: api, to: proxy, label: SQL}\n"),
 "database-capacity-not-half-units": in_vpc("    description: The rows.\n", "    description: The rows.\n    settings: {min_capacity: 0.3}\n"),
 "database-unknown-engine-version": in_vpc("    description: The rows.\n", "    description: The rows.\n    settings: {engine_version: '99.1'}\n"),
 "database-min-above-max": in_vpc("    description: The rows.\n", "    description: The rows.\n    settings: {min_capacity: 16, max_capacity: 8}\n"),
 "parameter-secure-string": WITH_SETTINGS.replace("settings: {value: '10'}", "settings: {value: '10', type: SecureString}"),
 "parameter-pattern-not-a-regex": WITH_SETTINGS.replace("settings: {value: '10'}", "settings: {value: '10', allowed_pattern: '[0-9'}"),
 "secret-written-by-a-function": WITH_SETTINGS.replace("label: key, access: read}", "label: key, access: write}"),
}
for name, text in vpc_cases.items():
    (HERE / "bad" / f"vpc-{name}.yaml").write_text(text)
# The identity and hosting building blocks' mistakes (identity pools, user pool settings, SES, Amplify,
# GitHub); named like the storage cases, so that cases added elsewhere never take the same file name.
POOLS = ("  user-pool:\n    kind: cognito.user_pool\n    label: User pool\n    description: Accounts.\n"
         "  app-client:\n    kind: cognito.app_client\n    label: App client\n    description: The app.\n"
         "  identity-pool:\n    kind: cognito.identity_pool\n    label: Identity pool\n    description: Credentials.\n"
         + UPLOADS)
SIGNED_IN = ("  - {from: users, to: app-client, label: sign in}\n  - {from: app-client, to: user-pool, label: auth}\n"
             "  - {from: identity-pool, to: user-pool, label: tokens}\n"
             "  - {from: users, to: identity-pool, label: credentials}\n")
OWN = "  - {from: users, to: uploads, label: own files, access: read-write, via: identity-pool, scope: own, prefix: private/}\n"


def with_pools(relations: str, old: str = "", new: str = "") -> str:
    """The minimal model with a user pool, an identity pool and a data bucket, these relations added."""
    text = LOGS_WAIVED.replace(BUCKET, POOLS, 1).replace(READ, READ + relations, 1)
    assert old in text, old
    return text.replace(old, new, 1) if old else text


POOL_SETTINGS = "    label: User pool\n    description: Accounts.\n"
SES = ("  mailer:\n    kind: ses.email_identity\n    label: Mailer\n    description: Mail.\n"
       "    settings: {identity: example.org}\n" + BUCKET)
AMPLIFY = ("  repo:\n    kind: github.repository\n    label: Repo\n    description: Code.\n"
           "    settings: {repository: example/app}\n"
           "  web:\n    kind: amplify.app\n    label: Web\n    description: The app.\n" + BUCKET)
identity_cases = {
 "pool-grant-without-via": with_pools(SIGNED_IN + OWN.replace(" via: identity-pool,", "")),
 "pool-via-for-an-upload": with_pools(SIGNED_IN + "  - {from: users, to: uploads, label: up, via: identity-pool}\n"),
 "pool-without-credentials-relation": with_pools(SIGNED_IN.replace("  - {from: users, to: identity-pool, label: credentials}\n", "") + OWN),
 "pool-prefix-wildcard": with_pools(SIGNED_IN + OWN.replace("prefix: private/", "prefix: 'private/*'")),
 "pool-prefix-on-a-table": with_pools(SIGNED_IN + "  - {from: users, to: table, label: rows, access: read, via: identity-pool, prefix: x/}\n"),
 "pool-guests-without-exception": with_pools(SIGNED_IN + OWN.replace("scope: own", "scope: guests")),
 "pool-bad-scope": with_pools(SIGNED_IN + OWN.replace("scope: own", "scope: mine")),
 "pool-scope-without-via": rep(READ, "  - {from: fn, to: table, label: read, access: read, scope: own}\n"),
 "user-pool-mfa-unquoted-on": with_pools("", POOL_SETTINGS, POOL_SETTINGS + "    settings: {mfa: ON}\n"),
 "user-pool-mfa-off-as-setting": with_pools("", POOL_SETTINGS, POOL_SETTINGS + "    settings: {mfa: 'off'}\n"),
 "user-pool-social-without-domain": with_pools("", POOL_SETTINGS, POOL_SETTINGS + "    settings:\n      social:\n"
                                               "        - {provider: Google, client_id: abc, client_secret: app/google}\n"),
 "user-pool-oidc-without-issuer": with_pools("", POOL_SETTINGS, POOL_SETTINGS + "    settings:\n      domain: {prefix: shop-login}\n"
                                             "      social:\n        - {provider: OIDC, name: Corp, client_id: abc, client_secret: app/corp}\n"),
 "user-pool-secret-in-the-model": with_pools("", POOL_SETTINGS, POOL_SETTINGS + "    settings:\n      domain: {prefix: shop-login}\n"
                                             "      social:\n        - {provider: Google, client_id: abc, client_secret: 'GOCSPX-s3cr3t value'}\n"),
 "user-pool-domain-prefix-reserved": with_pools("", POOL_SETTINGS, POOL_SETTINGS + "    settings: {domain: {prefix: my-cognito-login}}\n"),
 "ses-bad-identity": rep(BUCKET, SES.replace("identity: example.org", "identity: 'not an address'")),
 # found by the fuzzer: two components for one identity linted (E3019) but CloudFormation refuses the second
 "ses-one-identity-twice": rep(BUCKET, SES[:-len(BUCKET)].replace("  mailer:", "  mailer-b:")+ SES),
 "ses-send-from-users": rep(BUCKET, SES).replace(READ, READ + "  - {from: users, to: mailer, label: mail}\n"),
 "ses-narrowed-to-another-action": rep(BUCKET, SES).replace(READ, READ + "  - {from: fn, to: mailer, label: mail, actions: [ses:SendBulkEmail]}\n"),
 "amplify-repo-without-token": rep(BUCKET, AMPLIFY).replace(READ, READ + "  - {from: repo, to: web, label: build}\n"),
 "amplify-build-spec-outside": rep(BUCKET, AMPLIFY.replace("description: The app.\n", "description: The app.\n    settings: {build_spec: ../amplify.yml}\n")),
 "amplify-build-spec-missing": rep(BUCKET, AMPLIFY.replace("description: The app.\n", "description: The app.\n    settings: {build_spec: hosting/amplify.yml}\n")),
 "github-bad-repository": rep(BUCKET, AMPLIFY.replace("repository: example/app", "repository: example")),
}
for name, text in identity_cases.items():
    (HERE / "bad" / f"identity-{name}.yaml").write_text(text)
GRAPHQL = ("  graph:\n    kind: appsync.graphql_api\n    label: Graph\n    description: GraphQL.\n"
           "    settings: {schema_file: api/schema.graphql, api_key: {expires: 2027-06-30}}\n" + BUCKET)
graphql_cases = {
 "schema-file-missing": rep(BUCKET, GRAPHQL),
 "schema-file-outside": rep(BUCKET, GRAPHQL.replace("api/schema.graphql", "/etc/schema.graphql")),
 "data-source-without-fields": rep(BUCKET, GRAPHQL).replace(READ, READ + "  - {from: graph, to: table, label: items, access: read}\n"),
 "api-key-impossible-day": rep(BUCKET, GRAPHQL.replace("2027-06-30", "2027-02-30")),
 "fields-on-a-function-relation": rep(READ, "  - {from: fn, to: table, label: read, access: read, fields: [Query.x]}\n"),
}
for name, text in graphql_cases.items():
    (HERE / "bad" / f"identity-graphql-{name}.yaml").write_text(text)
# The messaging building blocks' mistakes (queues, topics, rules, schedules, on-failure destinations).
QUEUE = "  jobs:\n    kind: sqs.queue\n    label: Jobs\n    description: Work for the function.\n" + BUCKET
TOPIC = "  news:\n    kind: sns.topic\n    label: News\n    description: Fans orders out.\n"
RULE = ("  on-order:\n    kind: events.rule\n    label: On order\n    description: Placed orders.\n"
        "    settings:\n      pattern: {source: [shop.orders]}\n")
SCHEDULE = ("  nightly:\n    kind: scheduler.schedule\n    label: Nightly\n    description: Every night.\n"
            "    settings:\n      expression: cron(0 2 * * ? *)\n")
CONSUME = "  - {from: jobs, to: fn, label: jobs}\n"


def with_queue(settings: str = "", relations: str = CONSUME, extra: str = "") -> str:
    """The minimal model with a queue (its settings), more components, and relations after fn -> table."""
    queue = QUEUE.replace("    description: Work for the function.\n",
                          "    description: Work for the function.\n" + (f"    settings:\n{settings}" if settings else ""))
    return rep(BUCKET, extra + queue).replace(READ, READ + relations, 1)


messaging_cases = {
 "queue-visibility-shorter-than-function": with_queue("      visibility_timeout_s: 5\n"),
 "queue-fifo-batch-too-large": with_queue("      fifo: true\n", CONSUME.replace("jobs}", "jobs, batch: {size: 50}}")),
 "queue-fifo-batch-window": with_queue("      fifo: true\n", CONSUME.replace("jobs}", "jobs, batch: {window_s: 5}}")),
 "queue-big-batch-without-window": with_queue("", CONSUME.replace("jobs}", "jobs, batch: {size: 100}}")),
 "queue-batch-unknown-field": with_queue("", CONSUME.replace("jobs}", "jobs, batch: {sise: 5}}")),
 "queue-name-too-long": with_queue("      fifo: true\n").replace("  name: shop\n", "  name: a-shop-with-a-very-long-name-x\n").replace("  jobs:\n", "  jobs-waiting-for-the-nightly-processing-x:\n").replace("from: jobs,", "from: jobs-waiting-for-the-nightly-processing-x,"),
 "batch-on-a-relation-without-batches": rep(READ, "  - {from: fn, to: table, label: read, access: read, batch: {size: 5}}\n"),
 "topic-standard-to-fifo-queue": with_queue("      fifo: true\n", "  - {from: news, to: jobs, label: orders}\n", TOPIC),
 "topic-filter-not-a-mapping": with_queue("", "  - {from: news, to: jobs, label: orders, filter: [amount]}\n", TOPIC),
 "topic-to-table-not-allowed": with_queue("", "  - {from: news, to: table, label: orders}\n", TOPIC),
 "on-failure-into-fifo-queue": with_queue("      fifo: true\n", "  - {from: fn, to: jobs, label: failed, meaning: on-failure}\n"),
 "function-two-on-failure": with_queue("", "  - {from: fn, to: jobs, label: failed, meaning: on-failure}\n  - {from: fn, to: news, label: failed too, meaning: on-failure}\n", TOPIC),
 "function-to-queue-ambiguous-meaning-resolved": with_queue("", "  - {from: fn, to: jobs, label: send, meaning: sned}\n"),
 "rule-pattern-not-a-mapping": with_queue("", "  - {from: on-order, to: jobs, label: orders}\n", RULE.replace("pattern: {source: [shop.orders]}", "pattern: source=shop.orders")),
 "rule-pattern-unknown-field": with_queue("", "  - {from: on-order, to: jobs, label: orders}\n", RULE.replace("{source: [shop.orders]}", "{source: [shop.orders], detail_type: [OrderPlaced]}")),
 "rule-pattern-value-not-a-list": with_queue("", "  - {from: on-order, to: jobs, label: orders}\n", RULE.replace("[shop.orders]", "shop.orders")),
 "rule-target-table": with_queue("", "  - {from: on-order, to: table, label: orders}\n", RULE),
 "schedule-cron-five-fields": with_queue("", "  - {from: nightly, to: fn, label: run}\n", SCHEDULE.replace("cron(0 2 * * ? *)", "cron(0 2 * * *)")),
 "schedule-cron-both-days": with_queue("", "  - {from: nightly, to: fn, label: run}\n", SCHEDULE.replace("cron(0 2 * * ? *)", "cron(0 2 * * MON *)")),
 "schedule-rate-plural-for-one": with_queue("", "  - {from: nightly, to: fn, label: run}\n", SCHEDULE.replace("cron(0 2 * * ? *)", "rate(1 hours)")),
 "schedule-unknown-time-zone": with_queue("", "  - {from: nightly, to: fn, label: run}\n", SCHEDULE + "      timezone: Paris\n"),
 "schedule-without-target": with_queue("", CONSUME, SCHEDULE),
 "bus-account-not-an-account-id": with_queue("", "  - {from: fn, to: events, label: put}\n", "  events:\n    kind: events.bus\n    label: Events\n    description: The shop's events.\n    settings:\n      allow_accounts: ['12345']\n"),
 "schedule-two-targets": with_queue("", CONSUME + "  - {from: nightly, to: fn, label: run}\n  - {from: nightly, to: jobs, label: enqueue}\n", SCHEDULE),
}
for name, text in messaging_cases.items():
    (HERE / "bad" / f"messaging-{name}.yaml").write_text(text)
# What would trip generation or deploy, and routes that fail closed (each named, as above).
ROUTED = '  - {from: api, to: fn, label: invoke, routes: ["GET /items"]}\n'
POOL = "  pool:\n    kind: cognito.user_pool\n    label: Pool\n    description: Users.\n" + BUCKET
safety_cases = {
 "logical-id-collision": rep(BUCKET, "  a--b-x:\n    kind: dynamodb.table\n    label: A\n    description: One.\n"
                             "  a-b-x:\n    kind: dynamodb.table\n    label: B\n    description: Two.\n" + BUCKET),
 "tag-value-emoji": rep("  domain: shop.example.org\n", "  domain: shop.example.org\n  tags:\n    owner: \"team 🚀\"\n"),
 "tag-key-aws-prefix": rep("  domain: shop.example.org\n", "  domain: shop.example.org\n  tags:\n    aws:owner: team\n"),
 "api-without-routes": rep(ROUTED, ""),
 "label-only-invisible": rep("    label: Table\n", "    label: \"\\u200b\\u202e\"\n"),
 "protects-unserved-route": rep(BUCKET, POOL).replace(READ, READ + '  - {from: api, to: pool, label: verify, protects: ["GET /item"]}\n'),
 "route-without-authorizer": rep(BUCKET, POOL).replace(ROUTED, '  - {from: api, to: fn, label: invoke, routes: ["GET /items", "GET /health"]}\n').replace(READ, READ + '  - {from: api, to: pool, label: verify, protects: ["GET /items"]}\n'),
 "public-route-unserved": base.replace("exceptions:\n", "exceptions:\n  - component: api\n    control: E106\n    routes: [\"GET /helth\"]\n    reason: The health check calls it without a token.\n", 1),
}
for name, text in safety_cases.items():
    (HERE / "bad" / f"safety-{name}.yaml").write_text(text)
PIPELINE = ("  repo:\n    kind: gitlab.repository\n    label: Repo\n    description: The code.\n    settings:\n"
            "      repository: shop/app\n      branch: main\n  pipeline:\n    kind: codepipeline.pipeline\n"
            "    label: Pipeline\n    description: Deploys.\n" + BUCKET)
pipeline_cases = {
 "pipeline-without-source-or-build": rep(BUCKET, PIPELINE),
}
for name, text in pipeline_cases.items():
    (HERE / "bad" / f"safety-{name}.yaml").write_text(text)
more_safety = {
 "table-sort-key-is-partition-key": rep("    label: Table\n    description: The data.\n",
                                        "    label: Table\n    description: The data.\n    settings: {partition_key: id, sort_key: id}\n"),
}
for name, text in more_safety.items():
    (HERE / "bad" / f"safety-{name}.yaml").write_text(text)
(HERE / "bad" / "safety-resource-snapshot-unsupported.yaml").write_text(
    rep(BUCKET, PARAMETER.replace("      name_property: Name\n", "      name_property: Name\n      deletion_policy: Snapshot\n")))
