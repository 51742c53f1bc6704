"""A CodePipeline pipeline: source, build and check, then deploy each stack in order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from archgen.kinds._base import BUCKET_DEPLOY_ACTIONS, KEY_DEPLOY_ACTIONS, ROLE_DEPLOY_ACTIONS, Fragment, Kind, Side
from archgen.kinds._cfn import (ACCOUNT_ROOT, PUBLIC_ACCESS_BLOCKED, allow, getatt, inline_policy, kms_key, log_bucket,
                                ref, service_role, sub, tls_only)
from archgen.kinds._pipeline import CHECKED, code_artifacts, pascal
from archgen.schema import ComponentBase, NoSettings
from archgen.kinds._deploy_scope import ARN

if TYPE_CHECKING:
    from archgen.graph import SystemGraph
    from archgen.links import Link
    from archgen.render.cloudformation.scope import Scope

STAGES = {"source": "Source", "build": "Build", "deploy": "Deploy"}  # relation meaning -> stage, in order


class PipelineComponent(ComponentBase):
    kind: Literal["codepipeline.pipeline"]
    settings: NoSettings = NoSettings()


class Pipeline(Kind):
    name = "codepipeline.pipeline"
    title = "CodePipeline pipeline"
    layer = "cicd"
    summary = "Runs on every push: build and check, then deploy the stacks in order."
    icon = "aws.devtools.Codepipeline"
    component = PipelineComponent
    controls = {
        "artifact-encryption": "pipeline artifacts encrypted at rest",
        "least-privilege": "each stage's role can do its own step only",
    }
    offers = (
        Side("build", "a build action; the pipeline may start only that project", wires=True),
        Side("deploy", "a deploy action per stack, in the manifest's order", wires=True, reads_manifest=True),
    )
    accepts = (Side("source", "the pipeline's source stage; a push on the branch starts it", wires=True),)
    checks = {"artifact-encryption": ()}
    waivers = {
        "CKV_AWS_18": "the bucket that receives the artifact bucket's access logs does not log its own access",
        "CKV_AWS_111": "AWS has no resource-level permission for the few create calls the deploy roles make on "
                       "`*` (kms:CreateKey, cognito-idp:CreateUserPool, ...); every other call is on the ARNs of the "
                       "stack's own resources",
    }
    exports = {"ArtifactBucketArn": ("Artifacts", "Arn"), "ArtifactKeyArn": ("ArtifactKey", "Arn")}
    deploy_actions = ROLE_DEPLOY_ACTIONS + KEY_DEPLOY_ACTIONS + BUCKET_DEPLOY_ACTIONS + tuple(
        f"codepipeline:{a}" for a in ("CreatePipeline", "DeletePipeline", "GetPipeline", "GetPipelineState",
                                      "ListTagsForResource", "TagResource", "UntagResource", "UpdatePipeline"))
    deploy_arns = {"AWS::CodePipeline::Pipeline": ("Name", [("codepipeline", ARN + "{n}")])}

    def waived_checks(self, component: Any, graph: SystemGraph) -> tuple[str, ...]:
        from archgen.kinds._deploy_scope import unscoped
        from archgen.kinds._deploy_stage import deploy_actions
        from archgen.stacks import place

        if not any(graph.link(r).meaning.name == "deploy" for r in graph.outgoing(component.id)):
            return ("CKV_AWS_18",)
        plan = place(graph)
        cannot = any(unscoped(deploy_actions(graph, plan, stack)) for stack in plan.stacks)
        return ("CKV_AWS_111", "CKV_AWS_18") if cannot else ("CKV_AWS_18",)

    def foreign_stores(self, component: Any, t: Scope) -> list[dict[str, str]]:
        """A bucket parameter per other region the stacks deploy to (CodePipeline needs one in each)."""
        own = self.region(component, t.graph)
        foreign = sorted({stack.region for stack in t.plan.stacks.values()} - {own})
        return [{"region": region, "parameter": "ArtifactBucket" + pascal(region)} for region in foreign]

    def resources(self, c: Any, t: Scope) -> Fragment:
        bucket, key, stores = t.lid(c.id, "Artifacts"), t.lid(c.id, "ArtifactKey"), self.foreign_stores(c, t)
        meanings = {t.graph.link(r).meaning.name for r in t.graph.incoming(c.id) + t.graph.outgoing(c.id)}
        # the key is kept with the (kept) artifact bucket: the objects left in it stay readable
        resources: dict[str, Any] = {key: kms_key(f"Encrypts the artifacts of pipeline {t.name(c.id)}",
                                                  t.meta("artifact-encryption"), retain=True, statements=[{
            "Sid": "PipelineAndBuildUseTheKey", "Effect": "Allow", "Principal": {"AWS": ACCOUNT_ROOT},
            "Action": ["kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey"], "Resource": "*",
            "Condition": {"StringEquals": {"kms:ViaService": sub("s3.${AWS::Region}.amazonaws.com")}}}])}
        resources |= log_bucket(t, t.lid(c.id, "ArtifactLogs"), c.id, t.meta(waive=["CKV_AWS_18"]),
                                logged_bucket=getatt(bucket, "Arn"))
        resources[bucket] = _artifact_bucket(c, t, key)
        resources[f"{bucket}Policy"] = {"Type": "AWS::S3::BucketPolicy", "Metadata": t.meta(), "Properties": {
            "Bucket": ref(bucket), "PolicyDocument": {"Version": "2012-10-17",
                                                      "Statement": [tls_only(getatt(bucket, "Arn"))]}}}
        artifacts: list[Any] = [getatt(bucket, "Arn"), sub("${Arn}/*", Arn=getatt(bucket, "Arn"))]
        for store in stores:
            artifacts += [sub(f"arn:${{AWS::Partition}}:s3:::${{{store['parameter']}}}"),
                          sub(f"arn:${{AWS::Partition}}:s3:::${{{store['parameter']}}}/*")]
        resources[t.lid(c.id, "Role")] = service_role(
            t, f"Role of pipeline {t.name(c.id)}: each policy is one step (relation) of it",
            "codepipeline.amazonaws.com", t.meta("least-privilege"), policies=[inline_policy(
                "artifacts",
                allow(["s3:GetBucketVersioning", "s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"], artifacts),
                allow(["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"], getatt(key, "Arn")))])
        store = {"Type": "S3", "Location": ref(bucket), "EncryptionKey": {"Id": getatt(key, "Arn"), "Type": "KMS"}}
        pipeline: dict[str, Any] = {"Name": t.name(c.id), "PipelineType": "V2",
                                    "RoleArn": getatt(t.lid(c.id, "Role"), "Arn"), "RestartExecutionOnUpdate": False}
        if stores:
            pipeline["ArtifactStores"] = [{"Region": {"Ref": "AWS::Region"}, "ArtifactStore": store}] + [
                {"Region": s["region"], "ArtifactStore": {"Type": "S3", "Location": ref(s["parameter"])}}
                for s in stores]
        else:
            pipeline["ArtifactStore"] = store
        pipeline["Stages"] = [{"Name": stage, "Actions": []} for meaning, stage in STAGES.items() if meaning in meanings]
        pipeline["Tags"] = t.tags()
        resources[t.lid(c.id, "Pipeline")] = {"Type": "AWS::CodePipeline::Pipeline", "Metadata": t.meta(),
                                              "Properties": pipeline}
        parameters = {s["parameter"]: {"Type": "String", "Description": (
            f"A bucket in {s['region']} for the pipeline's artifacts there (CodePipeline needs one per region it "
            "deploys to)")} for s in stores}
        return {"Parameters": parameters, "Resources": resources} if parameters else {"Resources": resources}

    def wire(self, link: Link, t: Scope) -> Fragment:
        meaning = link.meaning.name
        if meaning == "source":
            return self._source(link, t)
        if meaning == "build":
            return self._build(link, t)
        from archgen.kinds._deploy_stage import deploy_stage

        return deploy_stage(link, t, self.foreign_stores(link.source, t))

    def _source(self, link: Link, t: Scope) -> Fragment:
        action = {"Name": t.lid(link.source.id), **t.graph.kind(link.source.id).source_action(link, t),
                  "OutputArtifacts": [{"Name": "Source"}], "RunOrder": 1}
        connection = action["Configuration"]["ConnectionArn"]
        return {"Resources": {
            t.lid(link.target.id, "Pipeline"): {"Properties": {"Stages": [{"Name": "Source", "Actions": [action]}]}},
            t.lid(link.target.id, "Role"): {"Properties": {"Policies": [inline_policy(
                f"source-{link.source.id}", allow("codestar-connections:UseConnection", connection))]}},
        }}

    def _build(self, link: Link, t: Scope) -> Fragment:
        project = t.lid(link.target.id, "Project")
        action = {"Name": t.lid(link.target.id),
                  "ActionTypeId": {"Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1"},
                  "Configuration": {"ProjectName": ref(project)}, "InputArtifacts": [{"Name": "Source"}],
                  "OutputArtifacts": [{"Name": name} for name in [CHECKED] + [a for a, _, _ in code_artifacts(t.graph)]],
                  "RunOrder": 1}
        return {"Resources": {
            t.lid(link.source.id, "Pipeline"): {"Properties": {"Stages": [{"Name": "Build", "Actions": [action]}]}},
            t.lid(link.source.id, "Role"): {"Properties": {"Policies": [inline_policy(
                f"build-{link.target.id}",
                allow(["codebuild:BatchGetBuilds", "codebuild:StartBuild"], t.ref(link.target.id, "Arn")))]}},
        }}


def _artifact_bucket(c: Any, t: Scope, key: str) -> dict[str, Any]:
    return {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
            "Metadata": t.meta("artifact-encryption"), "Properties": {
                "BucketName": sub(t.name(c.id, "artifacts") + "-${AWS::AccountId}-${AWS::Region}"),
                "BucketEncryption": {"ServerSideEncryptionConfiguration": [{
                    "ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": getatt(key, "Arn")},
                    "BucketKeyEnabled": True}]},
                "PublicAccessBlockConfiguration": dict(PUBLIC_ACCESS_BLOCKED),
                "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
                "VersioningConfiguration": {"Status": "Enabled"},
                "LifecycleConfiguration": {"Rules": [{"Id": "expire-artifacts", "Status": "Enabled",
                                                      "ExpirationInDays": 30,
                                                      "NoncurrentVersionExpiration": {"NoncurrentDays": 7}}]},
                "LoggingConfiguration": {"DestinationBucketName": ref(t.lid(c.id, "ArtifactLogs")),
                                         "LogFilePrefix": "artifacts/"},
                "Tags": t.tags()}}


KIND = Pipeline
