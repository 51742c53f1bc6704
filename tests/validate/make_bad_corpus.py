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
 "unknown-kind-not-in-catalogue": rep("kind: dynamodb.table", "kind: rds.proxy"),
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
 "resource-iam-role-refused": rep(BUCKET, PARAMETER.replace("AWS::SSM::Parameter", "AWS::IAM::Role")),
 "grant-on-a-known-kind": rep(READ, "  - {from: fn, to: table, label: read, access: read, grant: {actions: [dynamodb:GetItem]}}\n"),
 "rule-api-reached-directly-without-waf": rep(READ, READ + "  - {from: users, to: api, label: HTTPS}\n"),
}
for name, text in kinds_cases.items():
    (HERE / "bad" / f"kinds-{name}.yaml").write_text(text)
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
