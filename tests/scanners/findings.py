"""What each scanner may report on deploy/, and why: recorded exceptions, and known template findings.

A finding is a tuple naming where it is and what it is (template, resource, rule[, policy]).
- EXCEPTIONS: findings the design accepts, each with the reason a reviewer reads. They stay.
- KNOWN: findings in the templates that are to be fixed in the templates (the email subscription
  without a redrive policy). Listed exactly, so that fixing one fails `test_known_findings_are_
  still_there` until it is struck from the list, and fixing all turns the strict xfail into a failure.
"""

from __future__ import annotations

DEPLOY_ROLES = ("DeployRoleAuth", "DeployRoleBackend", "DeployRoleCicd", "DeployRoleEdge", "DeployRoleEdgeUsEast1",
                "DeployRoleFrontend", "DeployRoleMonitoring", "DeployRoleMonitoringUsEast1")
STACKS = ("auth", "backend", "cicd", "edge", "edge-us-east-1", "frontend", "monitoring", "monitoring-us-east-1")
_KEY_ADMIN = ("The key policy's first statement lets the account administer its own key (AWS's default key policy): "
              "without it the key could become unmanageable; use of the key is granted to the service alone.")
_LOGS_CONTEXT = ("CloudWatch Logs documents kms:EncryptionContext:aws:logs:arn (an ARN) for log-group keys; "
                 "parliament's condition data does not know the key and reads its value as a string.")
_TOPIC_ADMIN = ("The topic policy lets the owning account manage its own topic (SetTopicAttributes, Subscribe): "
                "SNS's default topic policy, kept so the account can manage the topic it owns.")

# parliament: (template, resource, policy, issue) -> reason
PARLIAMENT_EXCEPTIONS: dict[tuple[str, str, str, str], str] = {
    **{(template, key, "KeyPolicy", "PERMISSIONS_MANAGEMENT_ACTIONS"): _KEY_ADMIN for template, key in (
        ("backend.yaml", "ApiAccessLogsKey"), ("backend.yaml", "ItemsFnKey"), ("backend.yaml", "ItemsFnLogGroupKey"),
        ("backend.yaml", "ItemsTableKey"), ("cicd.yaml", "BuildLogGroupKey"), ("cicd.yaml", "PipelineArtifactKey"),
        ("monitoring.yaml", "AlertsKey"), ("monitoring-us-east-1.yaml", "AlertsKey"))},
    **{(template, key, "KeyPolicy", issue): _LOGS_CONTEXT for template, key in (
        ("backend.yaml", "ApiAccessLogsKey"), ("backend.yaml", "ItemsFnLogGroupKey"), ("cicd.yaml", "BuildLogGroupKey"))
       for issue in ("MISMATCHED_TYPE", "UNKNOWN_CONDITION_FOR_ACTION")},
    **{(template, "AlertsPolicy", "PolicyDocument", "PERMISSIONS_MANAGEMENT_ACTIONS"): _TOPIC_ADMIN
       for template in ("monitoring.yaml", "monitoring-us-east-1.yaml")},
}

_UNSCOPABLE = ("AWS has no resource-level permission for this create call (it lists no resource type in the Service "
               "Authorization Reference; test_unscoped_actions checks that): it can only be on \"*\". Every other "
               "call of the deploy role is on its own stack's ARNs.")
_DEPLOY_MANAGES = ("Deploying a stack is creating its roles, key policies, bucket policies and Lambda permissions: each of "
                   "these calls is scoped to the stack's own ARNs (roles under the path /<stack name>/, buckets, keys "
                   "and functions of the stack), PassRole to the stack's services only, and only CloudFormation can "
                   "assume the role.")
_OWN_ROLES = ("iam:PutRolePolicy, AttachRolePolicy and UpdateAssumeRolePolicy are on the roles under the stack's own "
              "path (/<stack name>/) only, AttachRolePolicy only for the managed policies those roles name "
              "(iam:PolicyARN). The cicd stack's roles are the pipeline's own: the pipeline deploys itself, so its "
              "source branch must be protected like the account.")
_OWN_CODE = ("lambda:UpdateFunctionCode is how CloudFormation deploys new code: on the stack's own functions by name, "
             "whose roles the same stack declares; only CloudFormation can assume the deploy role.")
_OWN_BUCKETS = ("The deploy role writes the bucket policies and lifecycle rules its templates declare, on its stack's "
                "own buckets by name, with no object access: only CloudFormation can assume it, to apply the template.")
_CLIENT = ("CloudFormation reads the app clients it manages (DescribeUserPoolClient), of its stack's user pools only; "
           "the web client has no secret to expose.")
PARLIAMENT_EXCEPTIONS.update({
    **{("cicd.yaml", role, f"deploy-{stack}", "PERMISSIONS_MANAGEMENT_ACTIONS"): _DEPLOY_MANAGES
       for role, stack in zip(DEPLOY_ROLES[1:], STACKS[1:])},
    ("cicd.yaml", "DeployRoleBackend", "deploy-backend", "PRIVILEGE_ESCALATION"): _OWN_CODE,
    ("cicd.yaml", "DeployRoleAuth", "deploy-auth", "CREDENTIALS_EXPOSURE"): _CLIENT,
    **{("cicd.yaml", f"DeployRole{stack}", f"deploy-{stack.lower()}", "RESOURCE_POLICY_PRIVILEGE_ESCALATION"): _OWN_BUCKETS
       for stack in ("Cicd", "Edge", "Frontend")},
    ("cicd.yaml", "PipelineRole", "deploy", "PERMISSIONS_MANAGEMENT_ACTIONS"): (
        "The pipeline passes each stack's deploy role to CloudFormation: those roles by ARN, with iam:PassedToService "
        "cloudformation.amazonaws.com."),
})
PARLIAMENT_KNOWN: set[tuple[str, str, str, str]] = set()

# cfripper: (template, resource, rule)
CFRIPPER_EXCEPTIONS: dict[tuple[str, str, str], str] = {
    **{("cicd.yaml", role, "WildcardResourceRule"): _UNSCOPABLE for role in (
        "DeployRoleAuth", "DeployRoleBackend", "DeployRoleCicd", "DeployRoleEdge")},
    ("cicd.yaml", "DeployRoleEdgeUsEast1", "IAMRolesOverprivilegedRule"): _UNSCOPABLE,
    ("cicd.yaml", "DeployRoleBackend", "PrivilegeEscalationRule"): _OWN_ROLES,
    ("cicd.yaml", "DeployRoleCicd", "PrivilegeEscalationRule"): _OWN_ROLES,
}
CFRIPPER_KNOWN: set[tuple[str, str, str]] = set()

# cfn-lint-serverless (and cfn-lint's own rules, which it runs too): (template, resource, rule id)
SERVERLESS_EXCEPTIONS: dict[tuple[str, str, str], str] = {}
SERVERLESS_KNOWN: set[tuple[str, str, str]] = {
    ("monitoring.yaml", "AlertsOnCallSubscription", "ES7000"),
    ("monitoring-us-east-1.yaml", "AlertsOnCallSubscription", "ES7000"),
}
