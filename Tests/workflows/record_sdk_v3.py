#!/usr/bin/env python3
"""Runs SageMaker Python SDK v3 workflows against moto in-process and records every call.

Usage: record_sdk_v3.py OUT.json [WORKFLOW...]   (run with .venv-workflows-v3/bin/python)
Same recorder as record_sdk_v2.py (recording.py); v3 and v2 cannot share a venv.
"""
import os
import sys
import tempfile

import recording as rec
from recording import BUCKET, COMPUTE_ROLE, IMAGE, KEY, PIPELINE_ROLE, SECURITY_GROUPS, SUBNETS, TAGS

rec.VirtualClock().install()
rec.quiet_sdk()
rec.validate_configs_once()
rec.record_sdk_sessions()

from importlib.metadata import version  # noqa: E402

S3 = f"s3://{BUCKET}"
ARN = f"arn:aws:sagemaker:{rec.REGION}:{rec.ACCOUNT}"
WORK = tempfile.mkdtemp(prefix="smrole-workflows-v3-")
for script in ("train.py", "preprocess.py"):
    with open(os.path.join(WORK, script), "w") as f:
        f.write("print('hello')\n")


def core_tags():
    """The suite's tags as sagemaker-core shapes (its resources take `Tag`, not dicts)."""
    from sagemaker.core.shapes import Tag
    return [Tag(key=t["Key"], value=t["Value"]) for t in TAGS]


def network(secure):
    """The arguments of sagemaker.core's job classes (Processor, ModelMonitor) in the VPC/KMS variant."""
    if not secure:
        return {}
    from sagemaker.core.network import NetworkConfig
    return {"network_config": NetworkConfig(subnets=SUBNETS, security_group_ids=SECURITY_GROUPS),
            "volume_kms_key": KEY, "output_kms_key": KEY}


def suffix(secure):
    return "-vpc" if secure else ""


LOGGED = set()


def add_logs_once(setup, group, name):
    """A job's names get a timestamp: its log stream is added when the SDK first describes it."""
    if name and name not in LOGGED:
        LOGGED.add(name)
        rec.add_job_logs(setup, group, name)


def model_trainer_train(session, setup, secure):
    """ModelTrainer.train (sagemaker-train): uploads the source dir, CreateTrainingJob, waits and
    tails the job's logs."""
    from sagemaker.core.shapes import OutputDataConfig
    from sagemaker.train import ModelTrainer
    from sagemaker.train.configs import Compute, InputData, Networking, SourceCode
    job = "wf-v3-train-vpc" if secure else "wf-v3-train"
    compute = Compute(instance_type="ml.m5.large", instance_count=1,
                      **({"volume_kms_key_id": KEY} if secure else {}))
    extra = {"networking": Networking(subnets=SUBNETS, security_group_ids=SECURITY_GROUPS)} if secure else {}
    trainer = ModelTrainer(
        sagemaker_session=session, role=COMPUTE_ROLE, training_image=IMAGE, base_job_name=job,
        source_code=SourceCode(source_dir=WORK, entry_script="train.py"), compute=compute,
        output_data_config=OutputDataConfig(s3_output_path=f"{S3}/output", **({"kms_key_id": KEY} if secure else {})),
        tags=[{"key": t["Key"], "value": t["Value"]} for t in TAGS], **extra)
    rec.complete(session, "sagemaker", "DescribeTrainingJob", lambda parsed: add_logs_once(
        setup, "/aws/sagemaker/TrainingJobs", parsed.get("TrainingJobName")))
    trainer.train(input_data_config=[InputData(channel_name="train", data_source=f"{S3}/data/train")],
                  wait=True, logs=True)


def script_processor(session, secure):
    from sagemaker.core.processing import ScriptProcessor
    return ScriptProcessor(role=COMPUTE_ROLE, image_uri=IMAGE, command=["python3"], instance_type="ml.m5.large",
                           instance_count=1, base_job_name="wf-v3-process" + suffix(secure),
                           sagemaker_session=session, tags=TAGS, **network(secure))


def processing_io():
    """The script's input and output, as sagemaker-core shapes."""
    from sagemaker.core.shapes import ProcessingInput, ProcessingOutput, ProcessingS3Input, ProcessingS3Output
    inputs = [ProcessingInput(input_name="input", s3_input=ProcessingS3Input(
        s3_uri=f"{S3}/data/train", local_path="/opt/ml/processing/input", s3_data_type="S3Prefix",
        s3_input_mode="File"))]
    outputs = [ProcessingOutput(output_name="output", s3_output=ProcessingS3Output(
        s3_uri=f"{S3}/processed", local_path="/opt/ml/processing/output", s3_upload_mode="EndOfJob"))]
    return {"inputs": inputs, "outputs": outputs}


def processor_run(session, setup, secure):
    """ScriptProcessor.run (sagemaker.core.processing): uploads the script, CreateProcessingJob, waits
    and tails the job's logs."""
    def fill(parsed):
        # moto's DescribeProcessingJob has no ProcessingResources, which the SDK's log tailing reads.
        parsed.setdefault("ProcessingResources", {"ClusterConfig": {
            "InstanceCount": 1, "InstanceType": "ml.m5.large", "VolumeSizeInGB": 30}})
        add_logs_once(setup, "/aws/sagemaker/ProcessingJobs", parsed.get("ProcessingJobName"))
    rec.complete(session, "sagemaker", "DescribeProcessingJob", fill)
    script_processor(session, secure).run(code=os.path.join(WORK, "preprocess.py"), wait=True, logs=True,
                                          **processing_io())


def without_empty(key):
    """moto answers an unset structure as {} (DescribeModel's VpcConfig, DescribeEndpoint's
    DataCaptureConfig), which sagemaker-core's shapes reject; AWS leaves it out."""
    def fill(parsed):
        if not parsed.get(key):
            parsed.pop(key, None)
    return fill


def model_builder(session, secure):
    """An image and a model artifact in S3: ModelBuilder's pass-through build (no model server)."""
    from sagemaker.serve.model_builder import ModelBuilder
    from sagemaker.train.configs import Networking
    extra = {"network": Networking(subnets=SUBNETS, security_group_ids=SECURITY_GROUPS)} if secure else {}
    return ModelBuilder(s3_model_data_url=f"{S3}/models/model.tar.gz", image_uri=IMAGE, role_arn=COMPUTE_ROLE,
                        sagemaker_session=session, instance_type="ml.m5.large", content_type="text/csv",
                        accept_type="text/csv", **extra)


def model_builder_deploy_invoke(session, setup, secure):
    """ModelBuilder.build (CreateModel) and .deploy (CreateEndpointConfig, CreateEndpoint, waits, probes
    the endpoint's log group for live logging), then Endpoint.invoke (InvokeEndpoint)."""
    rec.complete(session, "sagemaker", "DescribeModel", without_empty("VpcConfig"))
    rec.complete(session, "sagemaker", "DescribeEndpoint", without_empty("DataCaptureConfig"))
    builder = model_builder(session, secure)
    builder.build(model_name="wf-v3-model" + suffix(secure), tags=TAGS)
    endpoint = builder.deploy(endpoint_name="wf-v3-endpoint" + suffix(secure), initial_instance_count=1,
                              instance_type="ml.m5.large", tags=TAGS, **({"kms_key": KEY} if secure else {}))
    endpoint.invoke(body="1,2,3", content_type="text/csv")


def register_approve(session, setup, secure):
    """ModelPackageGroup.create (sagemaker-core), ModelBuilder.register into the group, then
    ModelPackage.update to approve the version."""
    from sagemaker.core.resources import ModelPackage, ModelPackageGroup
    group = "wf-v3-models" + suffix(secure)
    ModelPackageGroup.create(model_package_group_name=group, tags=core_tags(), session=session.boto_session)
    package_arn = model_builder(session, secure).register(
        model_package_group_name=group, content_types=["text/csv"], response_types=["text/csv"],
        inference_instances=["ml.m5.large"], transform_instances=["ml.m5.large"],
        approval_status="PendingManualApproval")
    package = ModelPackage.get(model_package_name=package_arn, session=session.boto_session)
    package.update(model_approval_status="Approved")


def pipeline_upsert_start(session, setup, secure):
    """A sagemaker-mlops Pipeline with a ProcessingStep (the processor run under a PipelineSession gives
    the step's arguments): upsert (CreatePipeline), upsert again (UpdatePipeline, tags), start."""
    from sagemaker.core.workflow.pipeline_context import PipelineSession
    from sagemaker.mlops.workflow.pipeline import Pipeline
    from sagemaker.mlops.workflow.steps import ProcessingStep
    pipeline_session = PipelineSession(boto_session=session.boto_session, default_bucket=BUCKET)
    args = script_processor(pipeline_session, secure).run(code=os.path.join(WORK, "preprocess.py"),
                                                          **processing_io())
    pipeline = Pipeline(name="wf-v3-pipeline" + suffix(secure), sagemaker_session=pipeline_session,
                        steps=[ProcessingStep(name="Prepare", step_args=args)])
    pipeline.upsert(role_arn=PIPELINE_ROLE, tags=TAGS)
    pipeline.upsert(role_arn=PIPELINE_ROLE, tags=TAGS)  # the pipeline exists now: UpdatePipeline
    pipeline.start()


def experiment_run(session, setup, secure):
    """sagemaker.core.experiments Run, twice: creates (or finds) the experiment, the run's trial and trial
    component, logs a parameter (UpdateTrialComponent) and a metric (BatchPutMetrics)."""
    from sagemaker.core.experiments.run import Run
    # moto has no sagemaker-metrics endpoint: BatchPutMetrics is answered in-process.
    rec.canned(session, "sagemaker-metrics", "BatchPutMetrics", {"Errors": []})
    rec.refuse_duplicates(session, "sagemaker", "CreateExperiment", "ExperimentName")
    rec.refuse_duplicates(session, "sagemaker", "CreateTrial", "TrialName")
    for run_name in ("wf-v3-run-1", "wf-v3-run-2"):  # the second run finds the experiment existing
        with Run(experiment_name="wf-v3-experiment", run_name=run_name, sagemaker_session=session) as run:
            run.log_parameter("learning_rate", 0.1)
            run.log_metric(name="loss", value=0.5, step=1)


def model_monitor(session, setup, secure):
    """sagemaker.core.model_monitor DefaultModelMonitor: suggest_baseline (a processing job) and
    create_monitoring_schedule (a data-quality job definition and its schedule)."""
    from sagemaker.core.model_monitor import CronExpressionGenerator, DefaultModelMonitor
    from sagemaker.core.model_monitor.dataset_format import DatasetFormat
    # moto implements neither data-quality job definitions nor monitoring schedules: answered here.
    rec.canned(session, "sagemaker", "CreateDataQualityJobDefinition",
               lambda p: {"JobDefinitionArn": f"{ARN}:data-quality-job-definition/{p['JobDefinitionName']}"})
    rec.canned(session, "sagemaker", "CreateMonitoringSchedule",
               lambda p: {"MonitoringScheduleArn": f"{ARN}:monitoring-schedule/{p['MonitoringScheduleName']}"})
    monitor = DefaultModelMonitor(role=COMPUTE_ROLE, instance_count=1, instance_type="ml.m5.large",
                                  sagemaker_session=session, tags=TAGS, **network(secure))
    monitor.suggest_baseline(baseline_dataset=f"{S3}/data/baseline/baseline.csv",
                             dataset_format=DatasetFormat.csv(header=False), output_s3_uri=f"{S3}/monitoring",
                             job_name="wf-v3-baseline" + suffix(secure), wait=False, logs=False)
    monitor.create_monitoring_schedule(monitor_schedule_name="wf-v3-schedule" + suffix(secure),
                                       endpoint_input="wf-v3-endpoint" + suffix(secure),
                                       output_s3_uri=f"{S3}/monitoring",
                                       statistics=f"{S3}/monitoring/statistics.json",
                                       constraints=f"{S3}/monitoring/constraints.json",
                                       schedule_cron_expression=CronExpressionGenerator.hourly())


def automl_v2(session, setup, secure):
    """AutoMLJobV2.create (sagemaker-core; v3 has no AutoML class): CreateAutoMLJobV2 for a tabular
    problem, then DescribeAutoMLJobV2 (create loads the job, refresh reads it again)."""
    from sagemaker.core.resources import AutoMLJobV2
    from sagemaker.core.shapes import (AutoMLDataSource, AutoMLJobChannel, AutoMLOutputDataConfig,
                                       AutoMLProblemTypeConfig, AutoMLS3DataSource, AutoMLSecurityConfig,
                                       TabularJobConfig, VpcConfig)
    name = "wf-v3-automl" + suffix(secure)
    # moto's CreateAutoMLJobV2 fails on a tabular problem without ProblemType (AWS infers it): answered here.
    arn = f"{ARN}:automl-job"
    rec.canned(session, "sagemaker", "CreateAutoMLJobV2", lambda p: {"AutoMLJobArn": f"{arn}/{p['AutoMLJobName']}"})
    rec.canned(session, "sagemaker", "DescribeAutoMLJobV2", lambda p: {
        "AutoMLJobName": p["AutoMLJobName"], "AutoMLJobArn": f"{arn}/{p['AutoMLJobName']}",
        "AutoMLJobStatus": "InProgress", "AutoMLJobSecondaryStatus": "Starting", "RoleArn": COMPUTE_ROLE,
        "CreationTime": 0, "LastModifiedTime": 0, "AutoMLJobInputDataConfig": [],
        "OutputDataConfig": {"S3OutputPath": f"{S3}/automl"}})
    extra = {}
    if secure:
        extra = {"security_config": AutoMLSecurityConfig(
            volume_kms_key_id=KEY, vpc_config=VpcConfig(subnets=SUBNETS, security_group_ids=SECURITY_GROUPS))}
    job = AutoMLJobV2.create(
        auto_ml_job_name=name, role_arn=COMPUTE_ROLE, tags=core_tags(), session=session.boto_session,
        auto_ml_job_input_data_config=[AutoMLJobChannel(channel_type="training", data_source=AutoMLDataSource(
            s3_data_source=AutoMLS3DataSource(s3_data_type="S3Prefix", s3_uri=f"{S3}/data/train")))],
        output_data_config=AutoMLOutputDataConfig(s3_output_path=f"{S3}/automl",
                                                  **({"kms_key_id": KEY} if secure else {})),
        auto_ml_problem_type_config=AutoMLProblemTypeConfig(
            tabular_job_config=TabularJobConfig(target_attribute_name="y")), **extra)
    job.refresh()


def mlflow_client(session, setup, secure):
    """MlflowTrackingServer.get (sagemaker-core) and a presigned URL to the server's UI. v3 has no wrapper
    for CreatePresignedMlflowTrackingServerUrl: the session's SageMaker client makes it."""
    from sagemaker.core.resources import MlflowTrackingServer
    # moto implements no MLflow tracking-server operations: answered here. The MLflow client
    # itself (sagemaker-mlflow REST calls to the server) is in documented_calls.py, from the docs.
    name = "wf-tracking"
    rec.canned(session, "sagemaker", "DescribeMlflowTrackingServer", {
        "TrackingServerArn": f"{ARN}:mlflow-tracking-server/{name}", "TrackingServerName": name,
        "TrackingServerStatus": "Created", "ArtifactStoreUri": f"{S3}/mlflow", "RoleArn": rec.MLFLOW_ROLE})
    rec.canned(session, "sagemaker", "CreatePresignedMlflowTrackingServerUrl",
               {"AuthorizedUrl": "https://example.invalid/auth"})
    MlflowTrackingServer.get(tracking_server_name=name, session=session.boto_session)
    session.sagemaker_client.create_presigned_mlflow_tracking_server_url(TrackingServerName=name)


def mlflow_server_create(session, setup, secure):
    """MlflowTrackingServer.create (sagemaker-core): CreateMlflowTrackingServer, then it loads the server."""
    from sagemaker.core.resources import MlflowTrackingServer
    # moto implements no MLflow tracking-server operations: answered here.
    name = "wf-tracking"
    arn = f"{ARN}:mlflow-tracking-server/{name}"
    rec.canned(session, "sagemaker", "CreateMlflowTrackingServer", {"TrackingServerArn": arn})
    rec.canned(session, "sagemaker", "DescribeMlflowTrackingServer", {
        "TrackingServerArn": arn, "TrackingServerName": name, "TrackingServerStatus": "Creating",
        "ArtifactStoreUri": f"{S3}/mlflow", "RoleArn": rec.MLFLOW_ROLE})
    MlflowTrackingServer.create(tracking_server_name=name, artifact_store_uri=f"{S3}/mlflow",
                                role_arn=rec.MLFLOW_ROLE, tags=core_tags(), session=session.boto_session)


# (workflow id, function, whether it has a VPC/KMS variant); a v2 sibling has the same id without "v3-".
WORKFLOWS = [
    ("model-trainer-train-with-logs", model_trainer_train, True),
    ("v3-processor-run", processor_run, True),
    ("v3-model-builder-deploy-and-invoke", model_builder_deploy_invoke, True),
    ("v3-register-and-approve-model", register_approve, True),
    ("v3-pipeline-upsert-twice-and-start", pipeline_upsert_start, True),
    ("v3-experiment-run-log-metric", experiment_run, False),
    ("v3-model-monitor-baseline-and-schedule", model_monitor, True),
    ("v3-automl-v2", automl_v2, True),
    ("v3-mlflow-tracking-client", mlflow_client, False),
    ("v3-mlflow-tracking-server-create", mlflow_server_create, False),
]


def open_session(recorded, setup):
    from sagemaker.core.helper.session_helper import Session
    rec.create_roles(setup)
    # moto has no SimulatePrincipalPolicy; a least-privilege role gets AccessDenied, after which the
    # SDK goes on with the permission "verdict unknown". Answered here.
    rec.canned_boto(recorded, "iam", "SimulatePrincipalPolicy", rec.error("AccessDenied", "not authorized"),
                    status=403)
    return Session(boto_session=recorded, default_bucket=BUCKET)


def main():
    rec.record_all(WORKFLOWS, open_session, f"sagemaker {version('sagemaker')}", sys.argv[1:])


if __name__ == "__main__":
    main()
