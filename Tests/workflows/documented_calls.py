"""Workflows that are not SDK calls, written down as data with the AWS page each comes from.

Studio's own calls (the Studio web app acts with the user's execution role), the MLflow client's
REST calls to a tracking server, EMR Serverless from Studio and Athena queries. A call is
{service, operation, params[, context]}: `context` holds the keys the service sets itself (a
space's owner and sharing type on calls inside the space). `session` names the Studio user
whose role makes the call (default: alice).
"""
from recording import ACCOUNT, REGION, TAGS

DOMAIN = "d-wf0example01"
DOMAIN_ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:domain/{DOMAIN}"
EMR_RUNTIME_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/EMR-Serverless-Runtime"
ATHENA_RESULTS = f"aws-athena-query-results-{ACCOUNT}-{REGION}"
TRACKING_SERVER = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:mlflow-tracking-server/wf-tracking"


def profile_arn(user):
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:user-profile/{DOMAIN}/{user}"


STUDIO_PAGES = [
    "https://docs.aws.amazon.com/sagemaker/latest/dg/studio-updated-migrate-ui.html",
    "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateSpace.html",
    "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateApp.html",
    "https://docs.aws.amazon.com/sagemaker/latest/dg/canvas-collaborate-permissions.html",
]
# Studio tags what it creates (the pages above: "Studio and Studio Classic automatically tag any
# resources they create"); the domain's tags are propagated.
STUDIO_TAGS = [{"Key": "sagemaker:domain-arn", "Value": DOMAIN_ARN}] + TAGS


def space_calls(space, owner, sharing, user="alice"):
    """Opening JupyterLab in a space: look around, create the space (first time) and its app."""
    inside = {"sagemaker:OwnerUserProfileArn": [profile_arn(owner)], "sagemaker:SpaceSharingType": [sharing]}
    calls = [
        {"service": "sagemaker", "operation": "DescribeDomain", "params": {"DomainId": DOMAIN}},
        {"service": "sagemaker", "operation": "DescribeUserProfile",
         "params": {"DomainId": DOMAIN, "UserProfileName": user}},
        {"service": "sagemaker", "operation": "ListSpaces", "params": {"DomainIdEquals": DOMAIN}},
        {"service": "sagemaker", "operation": "ListApps", "params": {"DomainIdEquals": DOMAIN}},
    ]
    if owner == user:
        calls.append({"service": "sagemaker", "operation": "CreateSpace", "params": {
            "DomainId": DOMAIN, "SpaceName": space, "Tags": STUDIO_TAGS,
            "OwnershipSettings": {"OwnerUserProfileName": owner},
            "SpaceSharingSettings": {"SharingType": sharing},
            "SpaceSettings": {"AppType": "JupyterLab",
                              "JupyterLabAppSettings": {"DefaultResourceSpec": {"InstanceType": "ml.t3.medium"}}}}})
        calls.append({"service": "sagemaker", "operation": "UpdateSpace", "context": inside, "params": {
            "DomainId": DOMAIN, "SpaceName": space,
            "SpaceSettings": {"SpaceStorageSettings": {"EbsStorageSettings": {"EbsVolumeSizeInGb": 10}}}}})
    calls += [
        {"service": "sagemaker", "operation": "DescribeSpace", "params": {"DomainId": DOMAIN, "SpaceName": space}},
        {"service": "sagemaker", "operation": "CreateApp", "context": inside, "params": {
            "DomainId": DOMAIN, "SpaceName": space, "AppType": "JupyterLab", "AppName": "default",
            "ResourceSpec": {"InstanceType": "ml.t3.medium"}, "Tags": STUDIO_TAGS}},
        {"service": "sagemaker", "operation": "DescribeApp", "params": {
            "DomainId": DOMAIN, "SpaceName": space, "AppType": "JupyterLab", "AppName": "default"}},
        {"service": "sagemaker", "operation": "CreatePresignedDomainUrl", "params": {
            "DomainId": DOMAIN, "UserProfileName": user, "SpaceName": space}},
        {"service": "sagemaker", "operation": "DeleteApp", "context": inside, "params": {
            "DomainId": DOMAIN, "SpaceName": space, "AppType": "JupyterLab", "AppName": "default"}},
    ]
    for call in calls:
        call["session"] = user
    return calls


def classic_app_calls(user="alice"):
    """Studio Classic: the user's own JupyterServer and a kernel app, outside any space."""
    calls = [
        {"service": "sagemaker", "operation": "DescribeUserProfile",
         "params": {"DomainId": DOMAIN, "UserProfileName": user}},
        {"service": "sagemaker", "operation": "ListApps", "params": {"DomainIdEquals": DOMAIN}},
    ]
    for app_type, name in [("JupyterServer", "default"), ("KernelGateway", "datascience-1-0-ml-t3-medium")]:
        app = {"DomainId": DOMAIN, "UserProfileName": user, "AppType": app_type, "AppName": name}
        calls += [
            {"service": "sagemaker", "operation": "CreateApp", "params": {**app, "Tags": STUDIO_TAGS}},
            {"service": "sagemaker", "operation": "DescribeApp", "params": app},
            {"service": "sagemaker", "operation": "DeleteApp", "params": app},
        ]
    calls.append({"service": "sagemaker", "operation": "CreatePresignedDomainUrl",
                  "params": {"DomainId": DOMAIN, "UserProfileName": user}})
    for call in calls:
        call["session"] = user
    return calls


MLFLOW_APPS_PAGES = ["https://docs.aws.amazon.com/sagemaker/latest/dg/mlflow-app-setup-iam.html",
                     "https://docs.aws.amazon.com/service-authorization/latest/reference/"
                     "list_amazonsagemaker.html"]
MLFLOW_APP = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:mlflow-app/app-wfexample01"
MLFLOW_APP_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-MLflow"

MLFLOW_PAGES = ["https://docs.aws.amazon.com/sagemaker/latest/dg/mlflow-track-experiments.html",
                "https://docs.aws.amazon.com/service-authorization/latest/reference/"
                "list_amazonsagemakerwithmlflow.html"]
# The MLflow client with the sagemaker-mlflow plugin signs each REST call to the tracking server;
# IAM authorises it as sagemaker-mlflow:<the MLflow API name> on the server.
MLFLOW_REST = ["GetExperimentByName", "CreateExperiment", "CreateRun", "LogParam", "LogMetric", "LogBatch",
               "SetTag", "UpdateRun", "GetRun", "SearchRuns", "LogModel", "CreateRegisteredModel",
               "CreateModelVersion"]

EMR_PAGES = ["https://docs.aws.amazon.com/sagemaker/latest/dg/studio-emr-serverless-permissions.html",
             "https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/security-iam-runtime-role.html"]
EMR_APP = f"arn:aws:emr-serverless:{REGION}:{ACCOUNT}:/applications/00fwfexample01"
EMR_DOMAIN_TAG = {"aws:ResourceTag/sagemaker:domain-arn": [DOMAIN_ARN]}

ATHENA_PAGES = ["https://docs.aws.amazon.com/athena/latest/ug/workgroups-iam-policy.html",
                "https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html"]


def requests_of(action, resource, context=None):
    """A request that is no API call of the caller's (made on its behalf, e.g. by Athena)."""
    return {"request": {"action": action, "resource": resource, "context": context or {}}}


DOCUMENTED = [
    ("studio-jupyterlab-private-space", STUDIO_PAGES, space_calls("alice-private", "alice", "Private")),
    ("studio-jupyterlab-shared-space", STUDIO_PAGES,
     space_calls("team-shared", "alice", "Shared") + space_calls("team-shared", "alice", "Shared", user="bob")),
    ("mlflow-tracking-client-rest", MLFLOW_PAGES,
     [requests_of(f"sagemaker-mlflow:{name}", TRACKING_SERVER) for name in MLFLOW_REST]),
    ("emr-serverless-from-studio", EMR_PAGES, [
        requests_of("emr-serverless:ListApplications", "*"),
        {"service": "emr-serverless", "operation": "CreateApplication", "params": {
            "name": "wf-spark", "releaseLabel": "emr-7.1.0", "type": "SPARK",
            "tags": {"sagemaker:domain-arn": DOMAIN_ARN}}},
        requests_of("emr-serverless:GetApplication", EMR_APP, EMR_DOMAIN_TAG),
        requests_of("emr-serverless:StartApplication", EMR_APP, EMR_DOMAIN_TAG),
        requests_of("emr-serverless:AccessLivyEndpoints", EMR_APP, EMR_DOMAIN_TAG),
        requests_of("emr-serverless:GetDashboardForJobRun", EMR_APP + "/jobruns/00fwfrun01", EMR_DOMAIN_TAG),
        requests_of("iam:PassRole", EMR_RUNTIME_ROLE, {"iam:PassedToService": ["emr-serverless.amazonaws.com"]}),
    ]),
    ("studio-classic-apps", STUDIO_PAGES, classic_app_calls()),
    ("mlflow-app-create-and-use", MLFLOW_APPS_PAGES, [
        requests_of("sagemaker:ListMlflowApps", "*"),
        requests_of("sagemaker:CreateMlflowApp", MLFLOW_APP, {"aws:RequestTag/team": ["ml"], "aws:TagKeys": ["team"]}),
        requests_of("sagemaker:AddTags", MLFLOW_APP, {"aws:RequestTag/team": ["ml"], "aws:TagKeys": ["team"],
                                                      "sagemaker:TaggingAction": ["CreateMlflowApp"]}),
        requests_of("iam:PassRole", MLFLOW_APP_ROLE, {"iam:PassedToService": ["sagemaker.amazonaws.com"]}),
        requests_of("sagemaker:DescribeMlflowApp", MLFLOW_APP),
        requests_of("sagemaker:CreatePresignedMlflowAppUrl", MLFLOW_APP),
        requests_of("sagemaker:CallMlflowAppApi", MLFLOW_APP),
        requests_of("sagemaker:UpdateMlflowApp", MLFLOW_APP),
        requests_of("sagemaker:DeleteMlflowApp", MLFLOW_APP),
    ]),
    ("athena-query", ATHENA_PAGES, [
        requests_of("athena:GetWorkGroup", f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary"),
        requests_of("athena:StartQueryExecution", f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary"),
        requests_of("athena:GetQueryExecution", f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary"),
        requests_of("athena:GetQueryResults", f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/primary"),
        requests_of("glue:GetDatabase", f"arn:aws:glue:{REGION}:{ACCOUNT}:catalog"),
        requests_of("glue:GetDatabase", f"arn:aws:glue:{REGION}:{ACCOUNT}:database/sales_db"),
        requests_of("glue:GetTable", f"arn:aws:glue:{REGION}:{ACCOUNT}:table/sales_db/orders"),
        requests_of("s3:GetBucketLocation", f"arn:aws:s3:::{ATHENA_RESULTS}"),
        requests_of("s3:PutObject", f"arn:aws:s3:::{ATHENA_RESULTS}/query-1.csv"),
        requests_of("s3:GetObject", f"arn:aws:s3:::{ATHENA_RESULTS}/query-1.csv"),
    ]),
]
