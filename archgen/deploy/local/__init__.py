"""A local AWS for deploy tests and `make deploy-local`: moto's server, with CloudFormation
adapters for the resource types moto's CloudFormation skips (one module per type).

Nothing happens on import. `install()` registers the adapters in moto's CloudFormation type map
and gives its stacks CloudFormation's failure path (see `_lifecycle`); `server.local_aws()` calls
it and starts the server.
"""

from __future__ import annotations

from moto.cloudformation import parsing

from archgen.deploy.local._adapter import Adapter
from archgen.deploy.local._change_details import install_change_details
from archgen.deploy.local._continue_rollback import install_continue_rollback
from archgen.deploy.local._database_fixes import install_database_fixes
from archgen.deploy.local._import import install_import
from archgen.deploy.local._lifecycle import install_lifecycle
from archgen.deploy.local._native_fixes import install_native_fixes
from archgen.deploy.local.acm_certificate import AcmCertificate
from archgen.deploy.local.api_gateway_account import ApiGatewayAccount
from archgen.deploy.local.api_gateway_authorizer import ApiGatewayAuthorizer
from archgen.deploy.local._mock_methods import install_mock_methods
from archgen.deploy.local.api_gateway_stage import ApiGatewayStage
from archgen.deploy.local.cloudfront_distribution import CloudFrontDistribution
from archgen.deploy.local.cloudfront_origin_access_control import CloudFrontOriginAccessControl
from archgen.deploy.local.cloudwatch_alarm import CloudWatchAlarm
from archgen.deploy.local.codebuild_project import CodeBuildProject
from archgen.deploy.local.codepipeline_pipeline import CodePipelinePipeline
from archgen.deploy.local.codestar_connection import CodeStarConnection
from archgen.deploy.local.cognito_user_pool import CognitoUserPool
from archgen.deploy.local.cognito_user_pool_client import CognitoUserPoolClient
from archgen.deploy.local.events_bus_policy import EventsBusPolicy
from archgen.deploy.local.failing_resource import FailingResource
from archgen.deploy.local.lambda_url import LambdaUrl
from archgen.deploy.local.rds_db_cluster import RdsDbCluster
from archgen.deploy.local.rds_db_proxy import RdsDbProxy
from archgen.deploy.local.rds_db_proxy_target_group import RdsDbProxyTargetGroup
from archgen.deploy.local.secretsmanager_secret import SecretsManagerSecret
from archgen.deploy.local._bucket_settings import install_bucket_settings
from archgen.deploy.local.s3_bucket_policy import S3BucketPolicy
from archgen.deploy.local.sns_subscription import SnsSubscription
from archgen.deploy.local.sns_topic_policy import SnsTopicPolicy
from archgen.deploy.local.wafv2_web_acl import WafV2WebAcl
from archgen.deploy.local.wafv2_web_acl_association import WafV2WebAclAssociation

ADAPTERS: tuple[type[Adapter], ...] = (
    AcmCertificate,
    ApiGatewayAccount,
    ApiGatewayAuthorizer,
    ApiGatewayStage,
    CloudFrontDistribution,
    CloudFrontOriginAccessControl,
    CloudWatchAlarm,
    CodeBuildProject,
    CodePipelinePipeline,
    CodeStarConnection,
    CognitoUserPool,
    CognitoUserPoolClient,
    EventsBusPolicy,
    FailingResource,
    LambdaUrl,
    RdsDbCluster,
    RdsDbProxy,
    RdsDbProxyTargetGroup,
    S3BucketPolicy,
    SecretsManagerSecret,
    SnsSubscription,
    SnsTopicPolicy,
    WafV2WebAcl,
    WafV2WebAclAssociation,
)


def install() -> None:
    """Register every adapter with moto's CloudFormation, patch its stack lifecycle, mend the
    two API Gateway types it creates badly (`_native_fixes`) and the database instance and tagged SSM
    parameter it breaks (`_database_fixes`), and add what its change sets lack:
    property details (`_change_details`), IMPORT (`_import`) and continue-update-rollback
    (`_continue_rollback`).

    Idempotent: it sets the same entries each time. moto caches its type map (lru_cache), so the
    entries written here last as long as the process.
    """
    types, names = parsing.get_model_map(), parsing.get_name_type_map()
    for adapter in ADAPTERS:
        types[adapter.TYPE] = adapter  # type: ignore[assignment]
        names[adapter.TYPE] = adapter.NAME_PROPERTY
    install_lifecycle()
    install_native_fixes()
    install_database_fixes()
    install_change_details()
    install_import()
    install_continue_rollback()
    install_bucket_settings()
    install_mock_methods()
