#!/usr/bin/env python3
"""The peer of `smrole generate` in `make bench`: the Role Manager CDK construct (PyPI
cdklabs.cdk-aws-sagemaker-role-manager) synthesizing the same role as examples/data-scientist.yaml, the Data
Scientist persona with VPC and KMS conditions, into a CloudFormation template in OUT_DIR.

Usage: cdk_data_scientist.py OUT_DIR
"""
import sys

import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2, aws_iam as iam, aws_kms as kms, aws_s3 as s3
from cdklabs.cdk_aws_sagemaker_role_manager import Activity, Persona

ACCOUNT, REGION = "111122223333", "us-east-1"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"

app = cdk.App(outdir=sys.argv[1])
stack = cdk.Stack(app, "SmroleBench", env=cdk.Environment(account=ACCOUNT, region=REGION))
bucket = s3.Bucket.from_bucket_name(stack, "Bucket", f"sagemaker-{REGION}-{ACCOUNT}")
compute = [iam.Role.from_role_arn(stack, "Compute", f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-Compute")]
persona = Persona(
    stack, "DataScientist",
    activities=[
        Activity.run_studio_apps(stack, "StudioApps", roles_to_pass=compute),
        Activity.manage_experiments(stack, "Experiments"),
        Activity.manage_jobs(stack, "Jobs", roles_to_pass=compute),
        Activity.manage_models(stack, "Models", roles_to_pass=compute),
        Activity.manage_pipelines(stack, "Pipelines", roles_to_pass=compute),
        Activity.access_s3_buckets(stack, "Buckets", s3_buckets=[bucket]),
    ],
    subnets=[ec2.Subnet.from_subnet_id(stack, "Subnet", "subnet-0a1b2c3d4e5f67890")],
    security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "SecurityGroup", "sg-0a1b2c3d4e5f67890")],
    volume_keys=[kms.Key.from_key_arn(stack, "VolumeKey", KEY)],
    data_keys=[kms.Key.from_key_arn(stack, "DataKey", KEY)],
)
persona.create_role(stack, "Role", "DataScientist", "Data scientists of team A")
app.synth()
