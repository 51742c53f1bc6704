"""The Deployment page shows what `deploy/` holds: stacks in order, regions, parameters, outputs, resources."""

from __future__ import annotations

import json
import re

from archgen.docs.deployed import MARKER, fill
from archgen.docs.deployment import deployment_page
from archgen.graph import SystemGraph
from tests.docs.conftest import BuiltSite

MANIFEST = {
    "system": "items-app", "environment": "dev",
    "stacks": [
        {"name": "frontend", "stack_name": "items-app-dev-frontend", "template": "deploy/frontend.yaml",
         "region": "ap-southeast-1", "order": 2, "depends_on": ["edge-us-east-1"],
         "parameters": {"CdnArn": {"stack": "edge-us-east-1", "output": "CdnArn"},
                        "CodeBucket": {"input": {"from": "code-bucket"}}},
         "outputs": ["SiteBucketName"]},
        {"name": "edge-us-east-1", "stack_name": "items-app-dev-edge-us-east-1",
         "template": "deploy/edge-us-east-1.yaml", "region": "us-east-1", "order": 1, "depends_on": [],
         "parameters": {}, "outputs": ["CdnArn"]},
    ],
}
FRONTEND = """\
Description: The frontend layer
Parameters:
  CdnArn: {Type: String, Description: the distribution}
  CodeBucket: {Type: String}
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
    Metadata: {archgen: {component: site-bucket}}
  SiteBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Metadata: {archgen: {component: cdn, relation: cdn->site-bucket}}
    Properties: {Bucket: !Ref SiteBucket}
Outputs:
  SiteBucketName: {Description: the bucket's name, Value: !Ref SiteBucket}
"""
EDGE = "Resources:\n  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Metadata: {archgen: {component: cdn}}\n"


def page_with_templates(graph: SystemGraph) -> str:
    outputs = {"deploy/manifest.json": json.dumps(MANIFEST).encode(), "deploy/frontend.yaml": FRONTEND.encode(),
               "deploy/edge-us-east-1.yaml": EDGE.encode()}
    return deployment_page(graph, outputs).text


def test_stacks_are_listed_in_deploy_order_with_region_and_dependencies(graph: SystemGraph) -> None:
    page = page_with_templates(graph)
    rows = re.findall(r"^\| (\d) \| \[([a-z0-9-]+)\]\(#stack-[a-z0-9-]+\) \| `([^`]+)` \| ([a-z0-9-]+) \| (.*?) \|",
                      page, re.M)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("1", "edge-us-east-1", "items-app-dev-edge-us-east-1", "us-east-1"),
        ("2", "frontend", "items-app-dev-frontend", "ap-southeast-1")]
    assert rows[1][4] == "[edge-us-east-1](#stack-edge-us-east-1)"
    assert "## Stack frontend { #stack-frontend }" in page and "The frontend layer" in page


def test_parameters_say_where_their_value_comes_from(graph: SystemGraph) -> None:
    page = page_with_templates(graph)
    assert "| `CdnArn` | String | output `CdnArn` of stack [edge-us-east-1](#stack-edge-us-east-1) |" in page
    assert "| `CodeBucket` | String | given at deploy time: `code-bucket` |" in page
    assert "| `SiteBucketName` | the bucket's name |" in page


def test_resources_name_the_model_component_and_relation_they_come_from(graph: SystemGraph) -> None:
    page = page_with_templates(graph)
    assert "| `SiteBucket` | `AWS::S3::Bucket` | [Site bucket](architecture/components/site-bucket.md) |" in page
    assert ("| `SiteBucketPolicy` | `AWS::S3::BucketPolicy` | [CloudFront](architecture/components/cdn.md), "
            "relation `cdn->site-bucket` |") in page
    assert "### Resources (2)" in page and "### Resources (1)" in page


def test_without_a_manifest_the_page_says_so(graph: SystemGraph) -> None:
    page = deployment_page(graph, {}).text
    assert "No templates yet" in page and "## Stacks" not in page


def test_the_built_site_shows_what_deploy_holds(built_site: BuiltSite) -> None:
    """Whatever this run generated under deploy/ is on the page: every stack, and every resource of each."""
    page = (built_site.project / "docs" / "deployment.md").read_text("utf-8")
    manifest_file = built_site.project / "deploy" / "manifest.json"
    if not manifest_file.is_file():
        assert "No templates yet" in page
        return
    manifest = json.loads(manifest_file.read_text("utf-8"))
    for stack in manifest["stacks"]:
        assert f"{{ #stack-{stack['name']} }}" in page
        template = (built_site.project / stack["template"]).read_text("utf-8")
        resources = template.split("Resources:", 1)[1].split("\nOutputs:", 1)[0]
        for logical in re.findall(r"^  ([A-Za-z0-9]+):$", resources, re.M):
            assert f"| `{logical}` |" in page, (stack["name"], logical)


def test_the_generated_page_leaves_the_last_deploy_to_the_site_build(graph: SystemGraph) -> None:
    page = page_with_templates(graph)
    assert len(MARKER.findall(page)) == 1
    assert "No deploy recorded here yet" in fill(page, {}, None, "deploy/last-deploy.json")
    section = fill(page, {"frontend": {"Url": "https://x.example", "Bad": "javascript:alert(1)"},
                          "gone": {"Id": "1"}}, "2025-01-02 03:04 UTC", "f.json")
    assert "on 2025\\-01\\-02 03:04 UTC" in section
    assert "| `frontend` | `Url` | [https://x\\.example](https://x.example) |" in section  # URLs are links
    assert "| `frontend` | `Bad` | `javascript:alert(1)` |" in section  # anything else is code, never a link
    assert "| `gone` | `Id` | `1` |" in section
