// The default system (model/system.yaml) written by hand in CDK, one stack per layer, so the bench
// measures `cdk synth` of the same system beside `generate.py synth` in the same run. Not deployed.
const cdk = require("aws-cdk-lib");
const { Duration, RemovalPolicy, Stack } = cdk;
const acm = require("aws-cdk-lib/aws-certificatemanager");
const apigw = require("aws-cdk-lib/aws-apigateway");
const cloudfront = require("aws-cdk-lib/aws-cloudfront");
const origins = require("aws-cdk-lib/aws-cloudfront-origins");
const cw = require("aws-cdk-lib/aws-cloudwatch");
const cwActions = require("aws-cdk-lib/aws-cloudwatch-actions");
const codebuild = require("aws-cdk-lib/aws-codebuild");
const codepipeline = require("aws-cdk-lib/aws-codepipeline");
const actions = require("aws-cdk-lib/aws-codepipeline-actions");
const cognito = require("aws-cdk-lib/aws-cognito");
const dynamodb = require("aws-cdk-lib/aws-dynamodb");
const kms = require("aws-cdk-lib/aws-kms");
const lambda = require("aws-cdk-lib/aws-lambda");
const logs = require("aws-cdk-lib/aws-logs");
const route53 = require("aws-cdk-lib/aws-route53");
const targets = require("aws-cdk-lib/aws-route53-targets");
const s3 = require("aws-cdk-lib/aws-s3");
const sns = require("aws-cdk-lib/aws-sns");
const subs = require("aws-cdk-lib/aws-sns-subscriptions");
const wafv2 = require("aws-cdk-lib/aws-wafv2");

const app = new cdk.App();
const account = "123456789012";
const env = { account, region: "ap-southeast-1" };
const global = { account, region: "us-east-1" };
const domain = "items.example.com";
const name = (id) => `items-app-dev-${id}`;
const tags = { project: "items-app", owner: "platform-team", "cost-center": "fcj-workshop" };

function waf(scope, id, scopeName, limit) {
  return new wafv2.CfnWebACL(scope, id, {
    scope: scopeName, defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: id, sampledRequestsEnabled: true },
    rules: [
      { name: "common", priority: 0, overrideAction: { none: {} },
        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${id}-common`, sampledRequestsEnabled: true } },
      { name: "rate", priority: 1, action: { block: {} },
        statement: { rateBasedStatement: { limit, aggregateKeyType: "IP" } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `${id}-rate`, sampledRequestsEnabled: true } },
    ],
  });
}

// Monitoring: the alerts topic first (every layer's alarms notify it).
const monitoring = new Stack(app, "monitoring", { env, crossRegionReferences: true });
const alertsKey = new kms.Key(monitoring, "AlertsKey", { enableKeyRotation: true });
const alerts = new sns.Topic(monitoring, "Alerts", { topicName: name("alerts"), masterKey: alertsKey });
alerts.addSubscription(new subs.EmailSubscription("oncall@example.com"));

// Edge in us-east-1: the certificate and CloudFront's web ACL.
const edgeGlobal = new Stack(app, "edge-us-east-1", { env: global, crossRegionReferences: true });
const zone = route53.HostedZone.fromHostedZoneAttributes(edgeGlobal, "Zone", { hostedZoneId: "Z123", zoneName: "example.com" });
const certificate = new acm.Certificate(edgeGlobal, "Certificate", {
  domainName: domain, validation: acm.CertificateValidation.fromDns(zone) });
const edgeWaf = waf(edgeGlobal, "EdgeWaf", "CLOUDFRONT", 2000);

// Frontend: the site bucket (in the edge stack: CloudFront's origin access control writes its policy,
// which across two CDK stacks is a dependency cycle).
const edge = new Stack(app, "edge", { env, crossRegionReferences: true });
const site = new s3.Bucket(edge, "SiteBucket", {
  bucketName: name("site-bucket"), encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, versioned: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, removalPolicy: RemovalPolicy.RETAIN });

// Auth: the user pool and the web client.
const auth = new Stack(app, "auth", { env, crossRegionReferences: true });
const pool = new cognito.UserPool(auth, "UserPool", {
  userPoolName: name("user-pool"), selfSignUpEnabled: true, signInAliases: { email: true },
  passwordPolicy: { minLength: 12 }, featurePlan: cognito.FeaturePlan.PLUS,
  removalPolicy: RemovalPolicy.RETAIN });
pool.addClient("WebClient", { authFlows: { userSrp: true }, preventUserExistenceErrors: true });

// Backend: the API, its function and table, logs and tracing.
const backend = new Stack(app, "backend", { env, crossRegionReferences: true });
const tableKey = new kms.Key(backend, "ItemsTableKey", { enableKeyRotation: true });
const table = new dynamodb.Table(backend, "ItemsTable", {
  tableName: name("items-table"), partitionKey: { name: "id", type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST, encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
  encryptionKey: tableKey, pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }, removalPolicy: RemovalPolicy.RETAIN });
const fnLogs = new logs.LogGroup(backend, "ItemsFnLogs", { retention: logs.RetentionDays.ONE_MONTH });
const fn = new lambda.Function(backend, "ItemsFn", {
  functionName: name("items-fn"), runtime: lambda.Runtime.PYTHON_3_12, handler: "handler.handler",
  code: lambda.Code.fromAsset(`${__dirname}/../../model/functions/items`), memorySize: 256,
  timeout: Duration.seconds(10), tracing: lambda.Tracing.ACTIVE, logGroup: fnLogs,
  reservedConcurrentExecutions: 10, environment: { TABLE_NAME: table.tableName } });
table.grantReadWriteData(fn);
const accessLogs = new logs.LogGroup(backend, "ApiAccessLogs", { retention: logs.RetentionDays.ONE_MONTH });
const api = new apigw.RestApi(backend, "Api", {
  restApiName: name("api"), endpointTypes: [apigw.EndpointType.REGIONAL],
  deployOptions: { stageName: "dev", tracingEnabled: true, throttlingRateLimit: 50, throttlingBurstLimit: 100,
    accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
    accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(), loggingLevel: apigw.MethodLoggingLevel.ERROR } });
const authorizer = new apigw.CognitoUserPoolsAuthorizer(backend, "Authorizer", { cognitoUserPools: [pool] });
const items = api.root.addResource("api").addResource("items");
const integration = new apigw.LambdaIntegration(fn);
for (const method of ["GET", "POST"]) items.addMethod(method, integration, { authorizer });
items.addResource("{id}").addMethod("GET", integration, { authorizer });
const apiWaf = waf(backend, "ApiWaf", "REGIONAL", 1000);
new wafv2.CfnWebACLAssociation(backend, "ApiWafAssociation", {
  resourceArn: api.deploymentStage.stageArn, webAclArn: apiWaf.attrArn });

// Edge: CloudFront in front of the bucket and the API, and the DNS record.
const cdn = new cloudfront.Distribution(edge, "Cdn", {
  domainNames: [domain], certificate, webAclId: edgeWaf.attrArn, defaultRootObject: "index.html",
  minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
  defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(site),
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS },
  additionalBehaviors: { "/api/*": { origin: new origins.RestApiOrigin(api),
    viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
    allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL, cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED } } });
new route53.ARecord(edge, "Dns", {
  zone: route53.HostedZone.fromHostedZoneAttributes(edge, "Zone", { hostedZoneId: "Z123", zoneName: "example.com" }),
  recordName: "items", target: route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(cdn)) });

// CI/CD: GitLab through a connection, build and check, then deploy the stacks in order.
const cicd = new Stack(app, "cicd", { env, crossRegionReferences: true });
const artifacts = new s3.Bucket(cicd, "Artifacts", { encryption: s3.BucketEncryption.KMS_MANAGED, enforceSSL: true,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL, removalPolicy: RemovalPolicy.RETAIN });
const build = new codebuild.PipelineProject(cicd, "Build", {
  projectName: name("build"), environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
  logging: { cloudWatch: { logGroup: new logs.LogGroup(cicd, "BuildLogs", { retention: logs.RetentionDays.ONE_MONTH }) } },
  buildSpec: codebuild.BuildSpec.fromObject({ version: "0.2", phases: {
    install: { commands: ["make setup"] },
    build: { commands: ["python generate.py --check", ".venv/bin/cfn-lint deploy/*.yaml", "make test"] } },
    artifacts: { files: ["**/*"] } }) });
const source = new codepipeline.Artifact("Source");
const built = new codepipeline.Artifact("Built");
const stages = [
  { stageName: "Source", actions: [new actions.CodeStarConnectionsSourceAction({ actionName: "GitLab",
    owner: "fcj", repo: "items-app", branch: "main", output: source,
    connectionArn: `arn:aws:codestar-connections:ap-southeast-1:${account}:connection/gitlab` })] },
  { stageName: "Build", actions: [new actions.CodeBuildAction({ actionName: "Build", project: build, input: source,
    outputs: [built] })] },
  { stageName: "Deploy", actions: ["monitoring", "auth", "backend", "edge"].map((stack, n) =>
    new actions.CloudFormationCreateUpdateStackAction({ actionName: stack, runOrder: n + 1, stackName: name(stack),
      templatePath: built.atPath(`deploy/${stack}.yaml`), adminPermissions: false, replaceOnFailure: false })) },
];
new codepipeline.Pipeline(cicd, "Pipeline", { pipelineName: name("pipeline"), artifactBucket: artifacts, stages });

// Monitoring: errors, throttles and latency of every watched component, to the alerts topic.
const watched = [
  ["ItemsFnErrors", fn.metricErrors(), 1], ["ItemsFnThrottles", fn.metricThrottles(), 1],
  ["ApiServerErrors", api.metricServerError(), 1], ["ApiLatency", api.metricLatency(), 3000],
  ["TableReadThrottles", table.metric("ReadThrottleEvents"), 1], ["TableWriteThrottles", table.metric("WriteThrottleEvents"), 1],
  ["CdnServerErrorRate", cdn.metric5xxErrorRate(), 5],
];
for (const [id, metric, threshold] of watched) {
  const home = id.startsWith("Cdn") ? edge : backend;
  new cw.Alarm(home, `${id}Alarm`, { metric, threshold, evaluationPeriods: 1,
    treatMissingData: cw.TreatMissingData.NOT_BREACHING }).addAlarmAction(new cwActions.SnsAction(alerts));
}

for (const stack of [monitoring, edgeGlobal, auth, backend, edge, cicd]) {
  for (const [key, value] of Object.entries(tags)) cdk.Tags.of(stack).add(key, value);
}
