"""What a pipeline deploy role may touch: the ARNs of the resources its stack's template creates.

The names come from the template itself (a `TableName`, a `BucketName` Sub text); where AWS makes the id
(a KMS key, a user pool, a distribution) the pattern is that type's ARN in the stack's account and region.
The stack's IAM roles all sit under the path `/<stack name>/` (`service_role`), so the role may create,
change and pass exactly those. Each service's actions get one statement over that service's ARNs; only the
actions AWS has no resource-level permission for (`UNSCOPED`, from the Service Authorization Reference;
tests/scanners checks the list against the IAM definitions parliament ships) stay on `*`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

ROLE_ACTIONS = "iam:"
# Actions whose IAM definition lists no resource type: `Resource` must be "*".
UNSCOPED = frozenset({
    "acm:RequestCertificate", "cloudfront:CreateOriginAccessControl", "codestar-connections:CreateConnection",
    "cognito-idp:CreateUserPool", "cognito-idp:DescribeUserPoolDomain", "kms:CreateKey",
    "lambda:CreateEventSourceMapping", "logs:DescribeLogGroups", "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery", "logs:DescribeResourcePolicies", "logs:GetLogDelivery", "logs:ListLogDeliveries",
    "logs:PutResourcePolicy", "logs:UpdateLogDelivery",
    "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:Unsubscribe", "events:PutPermission", "events:RemovePermission",
    "appsync:CreateApiKey", "appsync:CreateDataSource", "appsync:CreateGraphqlApi", "appsync:CreateResolver",
    "appsync:DeleteApiKey", "appsync:DeleteDataSource", "appsync:DeleteResolver", "appsync:GetDataSource",
    "appsync:GetResolver", "appsync:GetSchemaCreationStatus", "appsync:StartSchemaCreation",
    "appsync:UpdateApiKey", "appsync:UpdateDataSource", "appsync:UpdateResolver",
    "cognito-identity:CreateIdentityPool", "cognito-identity:SetIdentityPoolRoles",
    "ec2:DescribeAddresses", "ec2:DescribeFlowLogs", "ec2:DescribeInstances", "ec2:DescribeInternetGateways",
    "ec2:DescribeNatGateways", "ec2:DescribeNetworkAcls", "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeRouteTables", "ec2:DescribeSecurityGroupRules", "ec2:DescribeSecurityGroups",
    "ec2:DescribeSubnets", "ec2:DescribeTags", "ec2:DescribeVpcEndpoints", "ec2:DescribeVpcs",
    "ec2:DescribeVpnGateways", "kinesis:UpdateShardCount", "kinesis:UpdateStreamMode", "rds:CreateDBProxy",
    "secretsmanager:GetRandomPassword",
})
# How a template's resource is named in IAM: (the property holding its name or None, [(service, ARN text)]).
# Each kind declares the types it creates (`Kind.deploy_arns`); `SHARED` holds the types several kinds
# create (their keys, log groups, function permissions, security groups). In the ARN text `{r}` is the
# stack's region, `{n}` the name, `{bare}` the name without a leading `/` (a parameter's), `{p}` the
# system's name prefix; a resource without a name is CloudFormation's `<stack name>-<logical id>-<suffix>`
# for the name-per-account kinds, else AWS's own id (`*`). An IAM role or inline policy is the stack's
# role path's (`_role_statements`).
ARN = "arn:${{AWS::Partition}}:{s}:{r}:${{AWS::AccountId}}:"
_R = ARN
ARNS_SHAPE = dict[str, tuple[str | None, list[tuple[str, str]]]]
SHARED: ARNS_SHAPE = {
    "AWS::Lambda::Permission": ("FunctionName", [("lambda", _R + "function:{n}")]),
    "AWS::Logs::LogGroup": ("LogGroupName", [("logs", _R + "log-group:{n}"), ("logs", _R + "log-group:{n}:*")]),
    "AWS::Logs::LogStream": ("LogGroupName", [("logs", _R + "log-group:{n}:log-stream:*")]),
    "AWS::KMS::Key": (None, [("kms", _R + "key/*")]),
    "AWS::ApiGateway::Account": (None, [("apigateway", "arn:${{AWS::Partition}}:apigateway:{r}::/account")]),
    # a security group of a function, a database or a proxy, in its own VPC (of the network stack)
    "AWS::EC2::SecurityGroup": (None, [("ec2", _R + "security-group/*"), ("ec2", _R + "security-group-rule/*"),
                                       ("ec2", _R + "vpc/*")]),
    "AWS::EC2::SecurityGroupIngress": (None, [("ec2", _R + "security-group/*"),
                                              ("ec2", _R + "security-group-rule/*")]),
}


@lru_cache(maxsize=1)
def arns() -> ARNS_SHAPE:
    """Every type's entry: the shared ones and each kind's own; two different entries for a type are a bug."""
    from archgen.kinds import registry

    found: ARNS_SHAPE = dict(SHARED)
    for kind in registry():
        for type_name, entry in kind.deploy_arns.items():
            if found.setdefault(type_name, entry) != entry:
                raise ValueError(f"{type(kind).__name__}.deploy_arns: {type_name} has another entry already")
    return found


# Actions for one resource type of a kind that has several: kept only where the stack has that type.
ONLY_WITH = {"EventSourceMapping": "AWS::Lambda::EventSourceMapping", "FunctionUrlConfig": "AWS::Lambda::Url",
             "EventInvokeConfig": "AWS::Lambda::EventInvokeConfig", "Dashboard": "AWS::CloudWatch::Dashboard",
             "Alarm": "AWS::CloudWatch::Alarm", "InternetGateway": "AWS::EC2::InternetGateway",
             "NatGateway": "AWS::EC2::NatGateway", "Address": "AWS::EC2::EIP",
             "SetWebACL": "AWS::WAFv2::WebACLAssociation", "AssociateWebACL": "AWS::WAFv2::WebACLAssociation",
             "WebACLForResource": "AWS::WAFv2::WebACLAssociation", "Archive": "AWS::Events::Archive"}
# Types whose name CloudFormation makes per account from the stack's name when the template sets none.
_STACK_NAMED = {"AWS::S3::Bucket", "AWS::DynamoDB::Table", "AWS::Lambda::Function", "AWS::Logs::LogGroup",
                "AWS::SNS::Topic", "AWS::CloudWatch::Alarm", "AWS::CodeBuild::Project", "AWS::CodePipeline::Pipeline",
                "AWS::SQS::Queue"}


def _name(value: Any, passed: set[str]) -> str | None:
    """A resource's name as Sub text: literal, a Sub's own text, or a parameter the pipeline passes on."""
    if isinstance(value, str):
        return value.replace("${", "${!")
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
        return str(value["Fn::Sub"])
    if isinstance(value, dict) and value.get("Ref") in passed:
        return "${" + str(value["Ref"]) + "}"
    return None


def resource_arns(template: dict[str, Any], stack_name: str, prefix: str, region: str,
                  passed: set[str]) -> dict[str, list[str]]:
    """service -> the ARN patterns (Sub texts) of what `template` creates, in its own order."""
    found: dict[str, list[str]] = {}
    resources = template.get("Resources") or {}
    table = arns()
    for resource, key, (name_key, patterns) in [(r, key, entry) for r in resources.values()
                                                for key, entry in table.items() if key.split("#")[0] == r["Type"]]:
        properties = resource.get("Properties") or {}
        if "#" in key and name_key and _at(properties, name_key) is None:
            continue  # a part of the type only some resources have (DNS validation, a certificate)
        name = _name(_local(_at(properties, name_key), resources), passed) if name_key else None
        if name is None and resource["Type"] == "AWS::Lambda::Permission":
            name = f"{prefix}-*"  # a function of another stack: every function archgen names has the prefix
        if name is None:
            name = f"{stack_name.lower()}-*" if resource["Type"] in _STACK_NAMED else "*"
        scope = "global" if properties.get("Scope") == "CLOUDFRONT" else "regional"
        for service, text in patterns:
            arn = text.format(s=service, r=region, n=name, bare=name.removeprefix("/"), p=prefix, scope=scope)
            if arn not in found.setdefault(service, []):
                found[service].append(arn)
    return found


def _at(properties: dict[str, Any], path: str) -> Any:
    value: Any = properties
    for key in path.split("."):
        value = value[int(key)] if isinstance(value, list) and key.isdigit() and int(key) < len(value) else (
            value.get(key) if isinstance(value, dict) else None)
    return value


def needed(actions: list[str], template: dict[str, Any]) -> list[str]:
    """The kinds' actions less those for a resource type or a service the stack does not have (a bucket
    kind's key actions where its bucket has no key of its own)."""
    resources = template.get("Resources") or {}
    types = {resource["Type"] for resource in resources.values()}
    services = set(resource_arns(template, "", "", "", set())) | ({"iam"} if "AWS::IAM::Role" in types else set())
    return [a for a in actions if a.split(":")[0] in services
            and all(t in types for part, t in ONLY_WITH.items() if part in a.split(":")[1])]


def _local(value: Any, resources: dict[str, Any]) -> Any:
    """A GetAtt or Ref of a function (a Ref of a log group) in the same template stands for its name."""
    if isinstance(value, dict) and isinstance(value.get("Fn::GetAtt"), list):
        target = resources.get(value["Fn::GetAtt"][0], {})
        if target.get("Type") == "AWS::Lambda::Function":
            return (target.get("Properties") or {}).get("FunctionName")
    if isinstance(value, dict) and isinstance(value.get("Ref"), str) and value["Ref"] in resources:
        target = resources[value["Ref"]]
        key = _NAMED_BY_REF.get(target.get("Type", ""))
        return (target.get("Properties") or {}).get(key) if key else value
    return value


# Types whose Ref is their name, and the property that sets it.
_NAMED_BY_REF = {"AWS::Lambda::Function": "FunctionName", "AWS::Logs::LogGroup": "LogGroupName"}


def role_facts(template: dict[str, Any]) -> tuple[list[str], list[Any]]:
    """The services the stack's roles are for (iam:PassedToService) and the managed policies they attach."""
    services: set[str] = set()
    managed: list[Any] = []
    for resource in (template.get("Resources") or {}).values():
        if resource["Type"] != "AWS::IAM::Role":
            continue
        properties = resource.get("Properties") or {}
        for statement in properties.get("AssumeRolePolicyDocument", {}).get("Statement", []):
            principal = statement.get("Principal", {}).get("Service", [])
            services |= {principal} if isinstance(principal, str) else set(principal)
        managed += [arn for arn in properties.get("ManagedPolicyArns", []) if arn not in managed]
    return sorted(services), managed


def statements(actions: list[str], template: dict[str, Any], stack_name: str, prefix: str, region: str,
               passed: set[str]) -> list[dict[str, Any]]:
    """The deploy role's statements: one per service over its ARNs, the IAM ones on the stack's role
    path, and the calls that cannot be scoped on `*` (the caller names them to checkov)."""
    arns = resource_arns(template, stack_name, prefix, region, passed)
    actions = needed(actions, template)
    by_service: dict[str, list[str]] = {}
    for action in actions:
        if action not in UNSCOPED and not action.startswith(ROLE_ACTIONS):
            by_service.setdefault(action.split(":")[0], []).append(action)
    found = []
    for service, scoped in sorted(by_service.items()):
        found.append(_allow(scoped, arns[service]))
    found += _role_statements([a for a in actions if a.startswith(ROLE_ACTIONS)], template, stack_name)
    unscoped = sorted(set(actions) & UNSCOPED)
    if unscoped:
        found.append(_allow(unscoped, ["*"]))
    return found


def unscoped(actions: list[str]) -> list[str]:
    return sorted(set(actions) & UNSCOPED)


def _role_statements(actions: list[str], template: dict[str, Any], stack_name: str) -> list[dict[str, Any]]:
    if not actions:
        return []
    roles = f"arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:role/{stack_name}/*"
    services, managed = role_facts(template)
    attach = {"iam:AttachRolePolicy", "iam:DetachRolePolicy"}
    plain = sorted(set(actions) - attach - {"iam:PassRole"})
    found = [_allow(plain, [roles])]
    if managed and attach & set(actions):  # only the managed policies the stack's roles name
        found.append(_allow(sorted(attach & set(actions)), [roles],
                            Condition={"ArnEquals": {"iam:PolicyARN": managed}}))
    if services and "iam:PassRole" in actions:
        found.append(_allow(["iam:PassRole"], [roles],
                            Condition={"StringEquals": {"iam:PassedToService": services}}))
    return found


def _allow(actions: list[str], resources: list[str], **extra: Any) -> dict[str, Any]:
    resource: Any = [r if r == "*" else {"Fn::Sub": r} for r in resources]
    return {"Effect": "Allow", "Action": actions if len(actions) > 1 else actions[0],
            "Resource": resource if len(resource) > 1 else resource[0], **extra}
