"""What each scanner may report on deploy/, and why: recorded exceptions, and known template findings.

A finding is a tuple naming where it is and what it is (template, resource, rule[, policy]).
- EXCEPTIONS: findings the design accepts, each with the reason a reviewer reads. They stay.
- KNOWN: findings in the templates that are to be fixed in the templates (the pipeline's deploy
  roles with `Resource: "*"`, which can escalate their own privileges; the email subscription
  without a redrive policy). Listed exactly, so that fixing one fails `test_known_findings_are_
  still_there` until it is struck from the list, and fixing all turns the strict xfail into a failure.
"""

from __future__ import annotations

DEPLOY_ROLES = ("DeployRoleAuth", "DeployRoleBackend", "DeployRoleCicd", "DeployRoleEdge", "DeployRoleEdgeUsEast1",
                "DeployRoleFrontend", "DeployRoleMonitoring", "DeployRoleMonitoringUsEast1")
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

PARLIAMENT_KNOWN: set[tuple[str, str, str, str]] = {
    ("cicd.yaml", "DeployRoleAuth", "deploy-auth", "CREDENTIALS_EXPOSURE"),
    ("cicd.yaml", "DeployRoleBackend", "deploy-backend", "PRIVILEGE_ESCALATION"),
    ("cicd.yaml", "PipelineRole", "deploy", "PRIVILEGE_ESCALATION"),
    ("cicd.yaml", "PipelineRole", "deploy", "PERMISSIONS_MANAGEMENT_ACTIONS"),
    *{("cicd.yaml", role, f"deploy-{stack}", "RESOURCE_STAR") for role, stack in zip(DEPLOY_ROLES, (
        "auth", "backend", "cicd", "edge", "edge-us-east-1", "frontend", "monitoring", "monitoring-us-east-1"))},
    *{("cicd.yaml", role, f"deploy-{stack}", "PERMISSIONS_MANAGEMENT_ACTIONS") for role, stack in zip(DEPLOY_ROLES[1:], (
        "backend", "cicd", "edge", "edge-us-east-1", "frontend", "monitoring", "monitoring-us-east-1"))},
    *{("cicd.yaml", role, f"deploy-{stack}", "RESOURCE_POLICY_PRIVILEGE_ESCALATION")
      for role, stack in (("DeployRoleCicd", "cicd"), ("DeployRoleEdge", "edge"), ("DeployRoleFrontend", "frontend"))},
}

# cfripper: (template, resource, rule)
CFRIPPER_EXCEPTIONS: dict[tuple[str, str, str], str] = {}
CFRIPPER_KNOWN: set[tuple[str, str, str]] = {
    *{("cicd.yaml", role, "WildcardResourceRule") for role in DEPLOY_ROLES},
    *{("cicd.yaml", role, "IAMRolesOverprivilegedRule") for role in (
        "DeployRoleBackend", "DeployRoleCicd", "DeployRoleEdge", "DeployRoleEdgeUsEast1", "DeployRoleFrontend")},
    ("cicd.yaml", "DeployRoleBackend", "PrivilegeEscalationRule"),
    ("cicd.yaml", "DeployRoleCicd", "PrivilegeEscalationRule"),
}

# cfn-lint-serverless (and cfn-lint's own rules, which it runs too): (template, resource, rule id)
SERVERLESS_EXCEPTIONS: dict[tuple[str, str, str], str] = {}
SERVERLESS_KNOWN: set[tuple[str, str, str]] = {
    ("monitoring.yaml", "AlertsOnCallSubscription", "ES7000"),
    ("monitoring-us-east-1.yaml", "AlertsOnCallSubscription", "ES7000"),
}
