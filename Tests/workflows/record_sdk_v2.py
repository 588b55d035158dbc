#!/usr/bin/env python3
"""Runs real SageMaker Python SDK v2 workflows against moto in-process and records every call.

Usage: record_sdk_v2.py OUT.json   (run with .venv-workflows-v2/bin/python)
Each workflow runs twice: without and with VPC/KMS settings (the SDK then passes VpcConfig and
KMS key ids). Where moto does not implement an operation the SDK calls, `canned` answers it
in-process; each such place says so. The answers only let the SDK go on: the point is what the
SDK calls, with which parameters.
"""
import os
import sys
import tempfile

import recording as rec
from recording import BUCKET, COMPUTE_ROLE, IMAGE, KEY, PIPELINE_ROLE, SECURITY_GROUPS, SUBNETS, TAGS

rec.VirtualClock().install()
rec.quiet_sdk()
rec.validate_configs_once()

import sagemaker  # noqa: E402
from sagemaker.network import NetworkConfig  # noqa: E402
from sagemaker.processing import ProcessingInput, ProcessingOutput  # noqa: E402

S3 = f"s3://{BUCKET}"
WORK = tempfile.mkdtemp(prefix="smrole-workflows-")
for script in ("train.py", "preprocess.py"):
    with open(os.path.join(WORK, script), "w") as f:
        f.write("print('hello')\n")


def security(secure):
    """The SDK arguments of the VPC/KMS variant, per SDK parameter name."""
    if not secure:
        return {}
    return {"subnets": SUBNETS, "security_group_ids": SECURITY_GROUPS, "volume_kms_key": KEY,
            "output_kms_key": KEY}


def network(secure):
    if not secure:
        return {}
    return {"network_config": NetworkConfig(subnets=SUBNETS, security_group_ids=SECURITY_GROUPS),
            "volume_kms_key": KEY, "output_kms_key": KEY}


def processor(session, secure):
    from sagemaker.sklearn.processing import SKLearnProcessor
    return SKLearnProcessor(framework_version="1.2-1", role=COMPUTE_ROLE, instance_type="ml.m5.large",
                            instance_count=1, sagemaker_session=session, tags=TAGS, **network(secure))


def estimator_fit(session, setup, secure):
    from sagemaker.sklearn.estimator import SKLearn
    job = "wf-train-vpc" if secure else "wf-train"
    rec.add_job_logs(setup, "/aws/sagemaker/TrainingJobs", job)
    estimator = SKLearn(entry_point="train.py", source_dir=WORK, framework_version="1.2-1", py_version="py3",
                        image_uri=IMAGE,
                        role=COMPUTE_ROLE, instance_type="ml.m5.large", instance_count=1,
                        output_path=f"{S3}/output", code_location=f"{S3}/code", sagemaker_session=session,
                        tags=TAGS, **security(secure))
    estimator.fit({"train": f"{S3}/data/train"}, job_name=job, wait=True, logs="All")


def processor_run(session, setup, secure):
    # moto's DescribeProcessingJob has no ProcessingResources, which the SDK's log tailing reads.
    rec.complete(session, "sagemaker", "DescribeProcessingJob", lambda parsed: parsed.setdefault(
        "ProcessingResources", {"ClusterConfig": {"InstanceCount": 1, "InstanceType": "ml.m5.large",
                                                  "VolumeSizeInGB": 30}}))
    job = "wf-process-vpc" if secure else "wf-process"
    rec.add_job_logs(setup, "/aws/sagemaker/ProcessingJobs", job)
    processor(session, secure).run(
        code=os.path.join(WORK, "preprocess.py"), job_name=job, wait=True, logs=True,
        inputs=[ProcessingInput(source=f"{S3}/data/train", destination="/opt/ml/processing/input")],
        outputs=[ProcessingOutput(source="/opt/ml/processing/output", destination=f"{S3}/processed")])


def deploy_predict(session, setup, secure):
    from sagemaker.model import Model
    from sagemaker.predictor import Predictor
    from sagemaker.serializers import CSVSerializer
    suffix = "-vpc" if secure else ""
    vpc = {"vpc_config": {"Subnets": SUBNETS, "SecurityGroupIds": SECURITY_GROUPS}} if secure else {}
    model = Model(image_uri=IMAGE, model_data=f"{S3}/models/model.tar.gz", role=COMPUTE_ROLE,
                  name=f"wf-model{suffix}", sagemaker_session=session, **vpc)
    model.deploy(initial_instance_count=1, instance_type="ml.m5.large", endpoint_name=f"wf-endpoint{suffix}",
                 tags=TAGS, **({"kms_key": KEY} if secure else {}))
    Predictor(f"wf-endpoint{suffix}", sagemaker_session=session, serializer=CSVSerializer()).predict("1,2,3")


def register_approve(session, setup, secure):
    from sagemaker.model import Model, ModelPackage
    suffix = "-vpc" if secure else ""
    session.sagemaker_client.create_model_package_group(ModelPackageGroupName=f"wf-models{suffix}", Tags=TAGS)
    vpc = {"vpc_config": {"Subnets": SUBNETS, "SecurityGroupIds": SECURITY_GROUPS}} if secure else {}
    model = Model(image_uri=IMAGE, model_data=f"{S3}/models/model.tar.gz", role=COMPUTE_ROLE,
                  sagemaker_session=session, **vpc)
    package = model.register(content_types=["text/csv"], response_types=["text/csv"],
                             inference_instances=["ml.m5.large"], transform_instances=["ml.m5.large"],
                             model_package_group_name=f"wf-models{suffix}", approval_status="PendingManualApproval")
    ModelPackage(role=COMPUTE_ROLE, model_package_arn=package.model_package_arn,
                 sagemaker_session=session).update_approval_status("Approved")


def pipeline_upsert_start(session, setup, secure):
    from sagemaker.workflow.pipeline import Pipeline
    from sagemaker.workflow.pipeline_context import PipelineSession
    from sagemaker.workflow.steps import ProcessingStep
    pipeline_session = PipelineSession(boto_session=session.boto_session, default_bucket=BUCKET)
    args = processor(pipeline_session, secure).run(
        code=os.path.join(WORK, "preprocess.py"),
        inputs=[ProcessingInput(source=f"{S3}/data/train", destination="/opt/ml/processing/input")],
        outputs=[ProcessingOutput(source="/opt/ml/processing/output", destination=f"{S3}/processed")])
    name = "wf-pipeline-vpc" if secure else "wf-pipeline"
    pipeline = Pipeline(name=name, steps=[ProcessingStep(name="Prepare", step_args=args)],
                        sagemaker_session=pipeline_session)
    pipeline.upsert(role_arn=PIPELINE_ROLE, tags=TAGS)
    pipeline.upsert(role_arn=PIPELINE_ROLE, tags=TAGS)  # the pipeline exists now: UpdatePipeline
    pipeline.start()


def experiment_run(session, setup, secure):
    from sagemaker.experiments.run import Run
    # moto has no sagemaker-metrics endpoint: BatchPutMetrics is answered in-process.
    rec.canned(session, "sagemaker-metrics", "BatchPutMetrics", {"Errors": []})
    rec.refuse_duplicates(session, "sagemaker", "CreateExperiment", "ExperimentName")
    rec.refuse_duplicates(session, "sagemaker", "CreateTrial", "TrialName")
    for run_name in ("wf-run-1", "wf-run-2"):  # the second run finds the experiment existing
        with Run(experiment_name="wf-experiment", run_name=run_name, sagemaker_session=session) as run:
            run.log_parameter("learning_rate", 0.1)
            run.log_metric(name="loss", value=0.5, step=1)


def model_monitor(session, setup, secure):
    from sagemaker.model_monitor import CronExpressionGenerator, DefaultModelMonitor
    from sagemaker.model_monitor.dataset_format import DatasetFormat
    suffix = "-vpc" if secure else ""
    # moto implements neither data-quality job definitions nor monitoring schedules: answered here.
    arn = f"arn:aws:sagemaker:{rec.REGION}:{rec.ACCOUNT}"
    rec.canned(session, "sagemaker", "CreateDataQualityJobDefinition",
               lambda p: {"JobDefinitionArn": f"{arn}:data-quality-job-definition/{p['JobDefinitionName']}"})
    rec.canned(session, "sagemaker", "CreateMonitoringSchedule",
               lambda p: {"MonitoringScheduleArn": f"{arn}:monitoring-schedule/{p['MonitoringScheduleName']}"})
    monitor = DefaultModelMonitor(role=COMPUTE_ROLE, instance_count=1, instance_type="ml.m5.large",
                                  sagemaker_session=session, tags=TAGS, **network(secure))
    monitor.suggest_baseline(baseline_dataset=f"{S3}/data/baseline/baseline.csv",
                             dataset_format=DatasetFormat.csv(header=False), output_s3_uri=f"{S3}/monitoring",
                             job_name=f"wf-baseline{suffix}", wait=False, logs=False)
    monitor.create_monitoring_schedule(monitor_schedule_name=f"wf-schedule{suffix}",
                                       endpoint_input=f"wf-endpoint{suffix}", output_s3_uri=f"{S3}/monitoring",
                                       statistics=f"{S3}/monitoring/statistics.json",
                                       constraints=f"{S3}/monitoring/constraints.json",
                                       schedule_cron_expression=CronExpressionGenerator.hourly())


def automl_v2(session, setup, secure):
    from sagemaker.automl.automlv2 import AutoMLDataChannel, AutoMLTabularConfig, AutoMLV2
    extra = {}
    if secure:
        extra = {"vpc_config": {"Subnets": SUBNETS, "SecurityGroupIds": SECURITY_GROUPS},
                 "volume_kms_key": KEY, "output_kms_key": KEY}
    # moto's CreateAutoMLJobV2 fails on a tabular problem without ProblemType (AWS infers it): answered here.
    arn = f"arn:aws:sagemaker:{rec.REGION}:{rec.ACCOUNT}:automl-job"
    rec.canned(session, "sagemaker", "CreateAutoMLJobV2", lambda p: {"AutoMLJobArn": f"{arn}/{p['AutoMLJobName']}"})
    rec.canned(session, "sagemaker", "DescribeAutoMLJobV2", lambda p: {
        "AutoMLJobName": p["AutoMLJobName"], "AutoMLJobArn": f"{arn}/{p['AutoMLJobName']}",
        "AutoMLJobStatus": "InProgress", "AutoMLJobSecondaryStatus": "Starting", "RoleArn": COMPUTE_ROLE,
        "CreationTime": 0, "LastModifiedTime": 0, "AutoMLJobInputDataConfig": [],
        "OutputDataConfig": {"S3OutputPath": f"{S3}/automl"}})
    automl = AutoMLV2(problem_config=AutoMLTabularConfig(target_attribute_name="y"), role=COMPUTE_ROLE,
                      output_path=f"{S3}/automl", sagemaker_session=session, tags=TAGS, **extra)
    automl.fit(inputs=[AutoMLDataChannel(s3_data_type="S3Prefix", s3_uri=f"{S3}/data/train",
                                         channel_type="training")],
               job_name="wf-automl-vpc" if secure else "wf-automl", wait=False, logs=False)
    automl.describe_auto_ml_job()


def mlflow_client(session, setup, secure):
    # moto implements no MLflow tracking-server operations: answered here. The MLflow client
    # itself (sagemaker-mlflow REST calls to the server) is in studio_calls.py, from the docs.
    name = "wf-tracking"
    arn = f"arn:aws:sagemaker:{rec.REGION}:{rec.ACCOUNT}:mlflow-tracking-server/{name}"
    rec.canned(session, "sagemaker", "DescribeMlflowTrackingServer",
               {"TrackingServerArn": arn, "TrackingServerName": name, "TrackingServerStatus": "Created"})
    rec.canned(session, "sagemaker", "CreatePresignedMlflowTrackingServerUrl",
               {"AuthorizedUrl": "https://example.invalid/auth"})
    client = session.sagemaker_client
    client.describe_mlflow_tracking_server(TrackingServerName=name)
    client.create_presigned_mlflow_tracking_server_url(TrackingServerName=name)


def mlflow_server_create(session, setup, secure):
    # moto implements no MLflow tracking-server operations: answered here.
    name = "wf-tracking"
    arn = f"arn:aws:sagemaker:{rec.REGION}:{rec.ACCOUNT}:mlflow-tracking-server/{name}"
    rec.canned(session, "sagemaker", "CreateMlflowTrackingServer", {"TrackingServerArn": arn})
    session.sagemaker_client.create_mlflow_tracking_server(
        TrackingServerName=name, ArtifactStoreUri=f"{S3}/mlflow", RoleArn=rec.MLFLOW_ROLE, Tags=TAGS)


# (workflow id, function, whether it has a VPC/KMS variant)
WORKFLOWS = [
    ("estimator-fit-with-logs", estimator_fit, True),
    ("processor-run", processor_run, True),
    ("model-deploy-and-predict", deploy_predict, True),
    ("register-and-approve-model", register_approve, True),
    ("pipeline-upsert-twice-and-start", pipeline_upsert_start, True),
    ("experiment-run-log-metric", experiment_run, False),
    ("model-monitor-baseline-and-schedule", model_monitor, True),
    ("automl-v2", automl_v2, True),
    ("mlflow-tracking-client", mlflow_client, False),
    ("mlflow-tracking-server-create", mlflow_server_create, False),
]


def main():
    rec.record_all(WORKFLOWS, lambda recorded, setup: sagemaker.Session(boto_session=recorded, default_bucket=BUCKET),
                   f"sagemaker {sagemaker.__version__}", sys.argv[1:])


if __name__ == "__main__":
    main()
