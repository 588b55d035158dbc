"""Requests made at run time by the roles a workflow passes, derived from its recorded calls.

- The compute role of a training job (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html,
  "CreateTrainingJob API: Execution Role Permissions"): read the input channels, write the output
  (with the output key), pull the image, write logs and metrics, and in a VPC manage the job's
  network interfaces. (The grant on a volume key is the caller's: iam_requests.py.)
- The pipeline execution role (https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html):
  each step of the recorded pipeline definition is a Create*Job request it makes, with PassRole of
  the step's role, and the Describe it polls.
"""
import json

from iam_requests import RequestMapper, request
from recording import ACCOUNT, REGION

ROLE_PAGE = "AWS docs: https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html"
PIPELINE_PAGE = "AWS docs: https://docs.aws.amazon.com/sagemaker/latest/dg/build-and-manage-access.html"

# Pipeline step types -> (the create call the execution role makes, its describe call, name key)
STEP_CALLS = {
    "Processing": ("CreateProcessingJob", "DescribeProcessingJob", "ProcessingJobName"),
    "Training": ("CreateTrainingJob", "DescribeTrainingJob", "TrainingJobName"),
    "Transform": ("CreateTransformJob", "DescribeTransformJob", "TransformJobName"),
}


def s3_parts(uri):
    bucket, _, key = uri[len("s3://"):].partition("/")
    return bucket, key.rstrip("/")


def training_job_runtime(params):
    job = params["TrainingJobName"]
    found = []
    for channel in params.get("InputDataConfig", []):
        bucket, prefix = s3_parts(channel["DataSource"]["S3DataSource"]["S3Uri"])
        found.append(request("s3:ListBucket", f"arn:aws:s3:::{bucket}", {"s3:prefix": [prefix]}))
        found.append(request("s3:GetObject", f"arn:aws:s3:::{bucket}/{prefix}/train.csv"))
    output = params["OutputDataConfig"]
    bucket, prefix = s3_parts(output["S3OutputPath"])
    found.append(request("s3:PutObject", f"arn:aws:s3:::{bucket}/{prefix}/{job}/output/model.tar.gz"))
    if output.get("KmsKeyId"):
        found.append(request("kms:GenerateDataKey", output["KmsKeyId"],
                             {"kms:ViaService": [f"s3.{REGION}.amazonaws.com"]}))
    image = params["AlgorithmSpecification"].get("TrainingImage", "")
    registry, _, path = image.partition("/")
    if registry.startswith(ACCOUNT + "."):
        repository = path.split(":")[0].split("@")[0]
        found.append(request("ecr:GetAuthorizationToken", "*"))
        for action in ("BatchGetImage", "GetDownloadUrlForLayer", "BatchCheckLayerAvailability"):
            found.append(request(f"ecr:{action}", f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/{repository}"))
    group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/TrainingJobs"
    found.append(request("logs:CreateLogGroup", group))
    found.append(request("logs:DescribeLogStreams", group))
    for action in ("CreateLogStream", "PutLogEvents"):
        found.append(request(f"logs:{action}", f"{group}:log-stream:{job}/algo-1-1700000000"))
    found.append(request("cloudwatch:PutMetricData", "*", {"cloudwatch:namespace": ["/aws/sagemaker/TrainingJobs"]}))
    vpc = params.get("VpcConfig")
    if vpc:
        ec2 = f"arn:aws:ec2:{REGION}:{ACCOUNT}"
        for subnet in vpc["Subnets"]:
            found.append(request("ec2:CreateNetworkInterface", f"{ec2}:subnet/{subnet}"))
        for group_id in vpc["SecurityGroupIds"]:
            found.append(request("ec2:CreateNetworkInterface", f"{ec2}:security-group/{group_id}"))
        for action in ("CreateNetworkInterface", "CreateNetworkInterfacePermission", "DeleteNetworkInterface",
                       "DeleteNetworkInterfacePermission"):
            found.append(request(f"ec2:{action}", f"{ec2}:network-interface/eni-0123456789abcdef0"))
        for action in ("DescribeNetworkInterfaces", "DescribeVpcs", "DescribeDhcpOptions", "DescribeSubnets",
                       "DescribeSecurityGroups"):
            found.append(request(f"ec2:{action}", "*"))
    return found


def pipeline_steps(params, mapper):
    definition = json.loads(params["PipelineDefinition"])
    found = []
    for step in definition.get("Steps", []):
        create, describe, name_key = STEP_CALLS[step["Type"]]
        arguments = dict(step["Arguments"], **{name_key: f"pipelines-{step['Name'].lower()}-0123456789"})
        found += mapper.requests_for({"service": "sagemaker", "operation": create, "params": arguments})
        found += mapper.requests_for({"service": "sagemaker", "operation": describe,
                                      "params": {name_key: arguments[name_key]}})
    return found


def derived(run):
    """[(workflow, source, requests)] made at run time by the roles the recorded run passes."""
    mapper = RequestMapper()
    result = []
    definitions = set()
    for call in run["calls"]:
        if call["operation"] == "CreateTrainingJob" and run["workflow"] == "estimator-fit-with-logs":
            result.append(("compute-role-at-job-run-time", ROLE_PAGE, training_job_runtime(call["params"])))
        pipeline = call["params"].get("PipelineName")
        if call["operation"] in ("CreatePipeline", "UpdatePipeline") and pipeline not in definitions:
            definitions.add(pipeline)  # upserted twice: one definition
            prefix = "v3-" if run["workflow"].startswith("v3-") else ""  # the SDK v3 sibling's row
            result.append((prefix + "pipeline-steps-as-execution-role", f"{run['sdk']} definition; {PIPELINE_PAGE}",
                           pipeline_steps(call["params"], mapper)))
    return result
