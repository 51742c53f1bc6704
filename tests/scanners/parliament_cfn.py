"""Every IAM policy of the templates through parliament, run by parliament's own virtualenv:
`.venv-parliament/bin/python tests/scanners/parliament_cfn.py deploy/*.yaml` prints its findings as JSON.

parliament reads policy documents, not templates: each policy (inline role policies, managed
policies, resource policies) is taken out of its template, and intrinsic functions in it become
ARN-shaped text (a Sub keeps its ${...} placeholders, a GetAtt or Ref becomes a wildcard name
part), so parliament sees what it can check: actions, resource scoping and conditions.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, Iterator

import yaml
from parliament import analyze_policy_string

POLICY_KEYS = ("PolicyDocument", "KeyPolicy")


# The ARN (or name) a Ref or GetAtt of each type stands for, in the shape IAM expects.
ARNS = {
    "AWS::DynamoDB::Table": "arn:aws:dynamodb:ap-southeast-1:123456789012:table/{name}",
    "AWS::Logs::LogGroup": "arn:aws:logs:ap-southeast-1:123456789012:log-group:{name}:*",
    "AWS::KMS::Key": "arn:aws:kms:ap-southeast-1:123456789012:key/{name}",
    "AWS::S3::Bucket": "arn:aws:s3:::{name}",
    "AWS::SNS::Topic": "arn:aws:sns:ap-southeast-1:123456789012:{name}",
    "AWS::CodeBuild::Project": "arn:aws:codebuild:ap-southeast-1:123456789012:project/{name}",
    "AWS::CodeStarConnections::Connection": "arn:aws:codestar-connections:ap-southeast-1:123456789012:connection/{name}",
    "AWS::IAM::Role": "arn:aws:iam::123456789012:role/{name}",
    "AWS::Lambda::Function": "arn:aws:lambda:ap-southeast-1:123456789012:function:{name}",
    "AWS::CloudFront::Distribution": "arn:aws:cloudfront::123456789012:distribution/{name}",
}
TYPES: dict[str, str] = {}  # logical id -> type, of the template being read


def _plain(value: Any) -> Any:
    """Intrinsic functions as text parliament can read (it checks shapes, not real ARNs)."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "Fn::Sub" in value:
        text, names = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
        pseudo = {"AWS::Partition": "aws", "AWS::Region": "ap-southeast-1", "AWS::AccountId": "123456789012",
                  "AWS::URLSuffix": "amazonaws.com"}
        return re.sub(r"\$\{([^}]+)\}", lambda m: str(_plain(names[m.group(1)])) if m.group(1) in names
                      else pseudo.get(m.group(1)) or _stand_in(*m.group(1).split(".", 1)), text)
    if "Ref" in value:
        return _stand_in(str(value["Ref"]))
    if "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        name, attribute = (target[0], target[1]) if isinstance(target, list) else str(target).split(".", 1)
        return _stand_in(name, attribute)
    if "Fn::Join" in value:
        separator, parts = value["Fn::Join"]
        return separator.join(str(_plain(part)) for part in parts)
    return {key: _plain(item) for key, item in value.items()}


REF_IS_ARN = {"AWS::SNS::Topic", "AWS::CodeStarConnections::Connection"}


def _stand_in(name: str, attribute: str | None = None) -> str:
    """What a Ref (no attribute) or a GetAtt gives: a name, or an ARN in its type's shape."""
    kind = TYPES.get(name, "")
    if not kind and "Bucket" in name and name.endswith("Arn"):  # a parameter carrying a bucket's ARN
        return f"arn:aws:s3:::{name.lower()}"
    if not kind and name.endswith("Arn"):  # a parameter carrying another stack's ARN (a distribution's)
        return f"arn:aws:cloudfront::123456789012:distribution/{name.lower()}"
    if attribute is None and kind not in REF_IS_ARN:
        return name.lower()
    return ARNS.get(kind, "arn:aws:iam::123456789012:role/{name}").format(name=name.lower())


def policies(template: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for logical_id, resource in (template.get("Resources") or {}).items():
        properties = resource.get("Properties") or {}
        for key in POLICY_KEYS:
            if key in properties:
                yield logical_id, key, _plain(properties[key])
        if not str(resource.get("Type", "")).startswith("AWS::IAM::"):
            continue
        for policy in properties.get("Policies") or []:
            yield logical_id, str(policy.get("PolicyName", "?")), _plain(policy["PolicyDocument"])


def main(paths: list[str]) -> None:
    findings = []
    for path in paths:
        template = yaml.safe_load(Path(path).read_text("utf-8"))
        TYPES.clear()
        TYPES.update({name: body.get("Type", "") for name, body in (template.get("Resources") or {}).items()})
        for logical_id, name, document in policies(template):
            resource_policy = name == "KeyPolicy" or "Principal" in json.dumps(document)
            analyzed = analyze_policy_string(json.dumps(document), include_community_auditors=True,
                                             ignore_private_auditors=True)
            for finding in analyzed.findings:
                if resource_policy and finding.issue == "RESOURCE_STAR":
                    continue  # in a key or resource policy, Resource "*" means the resource itself
                findings.append({"template": Path(path).name, "resource": logical_id, "policy": name,
                                 "issue": finding.issue, "severity": finding.severity,
                                 "detail": json.dumps(finding.detail, sort_keys=True, default=str)[:300]})
    print(json.dumps(findings, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
