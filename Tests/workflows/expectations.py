"""Which role must be allowed each workflow, and the requests least privilege must refuse.

A profile is `persona:<id>` (the persona's default activities) or `activity:<id>` (that activity
alone, for a workflow that belongs to one activity). Activities the catalog may still lack are
found by title (NEW_ACTIVITIES), so the suite needs no edit when they land under any id.
"""
import re

from documented_calls import DOMAIN, EMR_APP, profile_arn
from recording import ACCOUNT, BUCKET, COMPUTE_ROLE, KEY, REGION, SECURITY_GROUPS, SUBNETS

# Activities found by their title in `smrole activities --json`.
NEW_ACTIVITIES = {
    "pipeline-execution": re.compile(r"pipeline (execution|steps)", re.I),
    "emr-serverless": re.compile(r"EMR Serverless", re.I),
}

# workflow -> profiles that must be allowed every request of it
EXPECTED = {
    "studio-jupyterlab-private-space": ["persona:data-scientist", "persona:mlops", "activity:run-studio-apps"],
    "studio-jupyterlab-shared-space": ["persona:data-scientist", "persona:mlops", "activity:run-studio-apps"],
    "estimator-fit-with-logs": ["persona:data-scientist"],
    "model-trainer-train-with-logs": ["persona:data-scientist"],
    "processor-run": ["persona:data-scientist"],
    "model-deploy-and-predict": ["persona:mlops"],
    "register-and-approve-model": ["persona:data-scientist", "persona:mlops", "activity:manage-models"],
    # The SDK uploads the steps' code to S3 first: the lab's MLOps persona has no S3 activity (the current
    # console's MLOps adds Amazon S3 Full Access), so it needs S3 Bucket Access added to upsert with code.
    "pipeline-upsert-twice-and-start": ["persona:data-scientist", "activity:manage-pipelines+s3-bucket-access"],
    "pipeline-steps-as-execution-role": ["activity:pipeline-execution"],
    "experiment-run-log-metric": ["persona:data-scientist", "activity:manage-experiments"],
    # The schedule is made from the baseline's constraints and statistics in S3: S3 Bucket Access's job.
    "model-monitor-baseline-and-schedule": ["activity:monitor-models+s3-bucket-access"],
    "automl-v2": ["persona:data-scientist", "activity:manage-ml-jobs"],
    "mlflow-tracking-client": ["activity:use-mlflow"],
    "mlflow-tracking-client-rest": ["activity:use-mlflow"],
    "mlflow-tracking-server-create": ["activity:manage-mlflow"],
    "compute-role-at-job-run-time": ["persona:compute"],
    # SDK v3 (record_sdk_v3.py): the v2 sibling's expectations, under the same id with "v3-" before it.
    "v3-processor-run": ["persona:data-scientist"],
    "v3-model-builder-deploy-and-invoke": ["persona:mlops"],
    # ModelBuilder.register checks the session's default bucket first (HeadBucket, s3:ListBucket; ListBuckets
    # when allowed): the MLOps persona and Manage Models alone refuse it (a finding: the v2 sibling needs no S3).
    "v3-register-and-approve-model": ["persona:data-scientist", "activity:manage-models+s3-bucket-access"],
    "v3-pipeline-upsert-twice-and-start": ["persona:data-scientist", "activity:manage-pipelines+s3-bucket-access"],
    "v3-pipeline-steps-as-execution-role": ["activity:pipeline-execution"],
    "v3-experiment-run-log-metric": ["persona:data-scientist", "activity:manage-experiments"],
    "v3-model-monitor-baseline-and-schedule": ["activity:monitor-models+s3-bucket-access"],
    "v3-automl-v2": ["persona:data-scientist", "activity:manage-ml-jobs"],
    "v3-mlflow-tracking-client": ["activity:use-mlflow"],
    "v3-mlflow-tracking-server-create": ["activity:manage-mlflow"],
    "emr-serverless-from-studio": ["activity:emr-serverless"],
    "athena-query": ["activity:query-athena"],
    "studio-classic-apps": ["persona:data-scientist", "persona:mlops", "activity:run-studio-apps"],
    "mlflow-app-create-and-use": ["activity:manage-mlflow-apps"],
}

# The personas every table row shows (allowed or not), besides the expected profiles.
TABLE_PERSONAS = ["persona:data-scientist", "persona:mlops", "persona:compute"]

ARN = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}"
OTHER_SUBNET = "subnet-0fffffffffffffff0"
OTHER_KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/ffffffff-ffff-ffff-ffff-ffffffffffff"
BOB_PRIVATE = {"sagemaker:OwnerUserProfileArn": [profile_arn("bob")], "sagemaker:SpaceSharingType": ["Private"]}
STUDIO_ALICE = {"sagemaker:DomainId": [DOMAIN], "sagemaker:UserProfileName": ["alice"]}
JOB = {"sagemaker:InstanceTypes": ["ml.m5.large"]}
VPC = {"sagemaker:VpcSubnets": SUBNETS, "sagemaker:VpcSecurityGroupIds": SECURITY_GROUPS}
KMS = {"sagemaker:VolumeKmsKey": [KEY], "sagemaker:OutputKmsKey": [KEY]}


def refusal(why, action, resource, context=None, variants=("plain", "vpc-kms")):
    return {"why": why, "action": action, "resource": resource,
            "context": {**STUDIO_ALICE, **(context or {})}, "variants": variants}


# Refused for every profile (the variants say which answers files: with or without VPC/KMS).
REFUSALS = [
    refusal("another user's private space", "sagemaker:DeleteSpace", f"{ARN}:space/{DOMAIN}/bob-private",
            BOB_PRIVATE),
    refusal("another user's private space", "sagemaker:UpdateSpace", f"{ARN}:space/{DOMAIN}/bob-private",
            BOB_PRIVATE),
    refusal("an app in another user's private space", "sagemaker:CreateApp",
            f"{ARN}:app/{DOMAIN}/bob-private/jupyterlab/default", BOB_PRIVATE),
    refusal("an app in another user's private space", "sagemaker:DeleteApp",
            f"{ARN}:app/{DOMAIN}/bob-private/jupyterlab/default", BOB_PRIVATE),
    refusal("another user's Studio Classic app", "sagemaker:DeleteApp",
            f"{ARN}:app/{DOMAIN}/bob/jupyterserver/default"),
    refusal("a Studio Classic app in another domain", "sagemaker:CreateApp",
            f"{ARN}:app/d-otherdomain1/alice/jupyterserver/default"),
    refusal("another user's Studio URL", "sagemaker:CreatePresignedDomainUrl",
            f"{ARN}:user-profile/{DOMAIN}/bob"),
    refusal("an unlisted bucket", "s3:GetObject", "arn:aws:s3:::other-team-data/train.csv"),
    refusal("an unlisted bucket", "s3:PutObject", "arn:aws:s3:::other-team-data/out.csv"),
    refusal("an unlisted role", "iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/Admin",
            {"iam:PassedToService": ["sagemaker.amazonaws.com"]}),
    refusal("PassRole to another service", "iam:PassRole", COMPUTE_ROLE,
            {"iam:PassedToService": ["ec2.amazonaws.com"]}),
    refusal("a job outside the VPC", "sagemaker:CreateTrainingJob", f"{ARN}:training-job/escape",
            {**JOB, **KMS}, variants=("vpc-kms",)),
    refusal("a job in another subnet", "sagemaker:CreateTrainingJob", f"{ARN}:training-job/escape",
            {**JOB, **KMS, **VPC, "sagemaker:VpcSubnets": [OTHER_SUBNET]}, variants=("vpc-kms",)),
    refusal("a job without the KMS key", "sagemaker:CreateTrainingJob", f"{ARN}:training-job/escape",
            {**JOB, **VPC}, variants=("vpc-kms",)),
    refusal("a job with another KMS key", "sagemaker:CreateProcessingJob", f"{ARN}:processing-job/escape",
            {**JOB, **VPC, "sagemaker:VolumeKmsKey": [OTHER_KEY], "sagemaker:OutputKmsKey": [OTHER_KEY]},
            variants=("vpc-kms",)),
    refusal("a processing job outside the VPC", "sagemaker:CreateProcessingJob", f"{ARN}:processing-job/escape",
            {**JOB, **KMS}, variants=("vpc-kms",)),
    refusal("an inline monitoring schedule outside the VPC", "sagemaker:CreateMonitoringSchedule",
            f"{ARN}:monitoring-schedule/escape", {**JOB, **KMS}, variants=("vpc-kms",)),
    refusal("tag tampering (AddTags outside a create)", "sagemaker:AddTags", f"{ARN}:training-job/wf-train",
            {"aws:RequestTag/team": ["other"], "aws:TagKeys": ["team"]}),
    refusal("an admin action", "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/mallory"),
    refusal("an admin action", "iam:AttachRolePolicy", f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-Compute"),
    refusal("an admin action", "sagemaker:DeleteDomain", f"{ARN}:domain/{DOMAIN}"),
    refusal("an admin action", "sagemaker:CreateUserProfile", f"{ARN}:user-profile/{DOMAIN}/mallory"),
    refusal("an admin action", "sagemaker:DeleteUserProfile", f"{ARN}:user-profile/{DOMAIN}/bob"),
    refusal("another account's bucket", "s3:GetObject", "arn:aws:s3:::sagemaker-us-east-1-444455556666/x"),
    refusal("logs of another service", "logs:GetLogEvents",
            f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/lambda/payments:log-stream:x"),
    refusal("an EMR Serverless application of another domain", "emr-serverless:StartApplication", EMR_APP,
            {"aws:ResourceTag/sagemaker:domain-arn": [f"{ARN}:domain/d-otherdomain1"]}),
    refusal("deleting objects in an unlisted bucket", "s3:DeleteObject", f"arn:aws:s3:::other-team-data/{BUCKET}"),
]
