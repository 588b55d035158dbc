"""What every SDK recorder shares: moto in-process, a call recorder, canned answers, a virtual clock.

The recorder is a botocore `provide-client-params` hook: it sees each operation with the
parameters the SDK passes, before serialisation. Calls the suite makes itself to prepare moto
(buckets, log streams) go through another boto3 session and are not recorded.
"""
import json
import logging
import os
import sys
import tempfile
import time

os.environ.setdefault("MOTO_ACCOUNT_ID", "111122223333")
os.environ.update({"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                   "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1"})
os.environ.pop("AWS_PROFILE", None)

import boto3  # noqa: E402
from botocore.awsrequest import AWSResponse  # noqa: E402

ACCOUNT = os.environ["MOTO_ACCOUNT_ID"]
REGION = "us-east-1"
BUCKET = f"sagemaker-{REGION}-{ACCOUNT}"
COMPUTE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-Compute"
PIPELINE_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-PipelineExecution"
MLFLOW_ROLE = f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-MLflow"
SUBNETS = ["subnet-0a1b2c3d4e5f67890"]
SECURITY_GROUPS = ["sg-0a1b2c3d4e5f67890"]
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/training-images:latest"
TAGS = [{"Key": "team", "Value": "ml"}]


def quiet_sdk():
    """No telemetry requests, no deprecation banners: an SDK defaults file that opts out."""
    config = os.path.join(tempfile.mkdtemp(prefix="smrole-sdk-config-"), "config.yaml")
    with open(config, "w") as f:
        f.write("SchemaVersion: '1.0'\nSageMaker:\n  PythonSDK:\n    Modules:\n      TelemetryOptOut: true\n")
    os.environ["SAGEMAKER_USER_CONFIG_OVERRIDE"] = config
    os.environ["SAGEMAKER_SUPPRESS_V2_WARNING"] = "1"
    logging.basicConfig(level=logging.WARNING)


def validate_configs_once():
    """The SDK validates its defaults config against its JSON schema at every config lookup (hundreds of
    times a workflow, most of the recording's CPU time); the config does not change, so each distinct
    (config, schema) pair is validated once here. Only speed: no AWS call depends on it."""
    import jsonschema
    validate, valid = jsonschema.validate, set()

    def validate_once(instance, schema, *args, **kwargs):
        key = (id(schema), json.dumps(instance, sort_keys=True, default=str))
        if key not in valid:
            validate(instance, schema, *args, **kwargs)
            valid.add(key)
    jsonschema.validate = validate_once


def plain(value):
    """A JSON-able copy of request parameters (bytes and streams become a marker)."""
    return json.loads(json.dumps(value, default=lambda v: "<bytes>"))


class VirtualClock:
    """The SDK polls with time.sleep; a sleep here advances time.time instead of waiting."""

    def __init__(self):
        self.offset = 0.0
        self.real_time, self.real_sleep = time.time, time.sleep

    def install(self):
        time.time = lambda: self.real_time() + self.offset
        time.sleep = self.sleep

    def sleep(self, seconds):
        self.offset += max(float(seconds), 0.0)


class Recorder:
    def __init__(self):
        self.calls = []
        self.stubbed = set()

    def attach(self, boto_session):
        boto_session.events.register("provide-client-params", self._record)
        boto_session.smrole_own = True
        Recorder.active = self

    def _record(self, params, model, **_):
        self.calls.append({"service": model.service_model.service_name, "operation": model.name,
                           "params": plain(params)})

    def take(self):
        calls, self.calls = self.calls, []
        return calls


def record_sdk_sessions():
    """Also records the boto3 sessions the SDK makes itself (SDK v3's log tailing makes a default
    `boto3.Session()`: in Studio it holds the same execution-role credentials). The calls go to
    the recorder attached last; the suite's own sessions (recorded or setup) are left out."""
    init = boto3.session.Session.__init__

    def recording_init(self, *args, **kwargs):
        init(self, *args, **kwargs)

        def record(**event):
            if not getattr(self, "smrole_own", False) and getattr(Recorder, "active", None):
                Recorder.active._record(**event)
        self.events.register("provide-client-params", record)
    boto3.session.Session.__init__ = recording_init


def canned_boto(boto_session, service, operation, answer, status=200):
    """`canned` for a boto3 session before any client exists (clients copy its hooks)."""
    def respond(**_):
        return AWSResponse(f"https://{service}.amazonaws.com/", status, {}, None), answer
    boto_session.events.register(f"before-call.{service}.{operation}", respond)


def event_systems(session):
    """The SDK session's boto session and the clients it already made (each holds a copy)."""
    systems = [session.boto_session.events]
    for name in ("sagemaker_client", "sagemaker_runtime_client", "sagemaker_metrics_client"):
        client = getattr(session, name, None)
        if client is not None:
            systems.append(client.meta.events)
    return systems


def canned(session, service, operation, answer, status=200):
    """Answers `operation` in-process (moto does not implement it): a before-call hook whose
    return value botocore uses instead of sending the request. `answer` gets the params."""
    def respond(params, **_):
        # before-call sees the serialised request; these are JSON-protocol services
        parsed = answer(json.loads(params["body"] or "{}")) if callable(answer) else answer
        return AWSResponse(f"https://{service}.{REGION}.amazonaws.com/", status, {}, None), parsed
    for events in event_systems(session):
        events.register(f"before-call.{service}.{operation}", respond)


def complete(session, service, operation, fill):
    """Adds to moto's answer what moto leaves out and the SDK reads (an after-call hook)."""
    def amend(parsed, **_):
        fill(parsed)
    for events in event_systems(session):
        events.register(f"after-call.{service}.{operation}", amend)


def refuse_duplicates(session, service, operation, name_key):
    """moto accepts a second create of the same name; AWS answers ValidationException
    "... already exists", after which the SDK loads the existing resource. Answered here."""
    seen = set()

    def respond(params, **_):
        name = json.loads(params["body"] or "{}").get(name_key)
        if name not in seen:
            seen.add(name)
            return None  # the first create goes to moto
        return (AWSResponse(f"https://{service}.{REGION}.amazonaws.com/", 400, {}, None),
                error("ValidationException", f"{name} already exists"))
    for events in event_systems(session):
        events.register(f"before-call.{service}.{operation}", respond)


def error(code, message):
    return {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": 400}}


def sessions():
    """(recorded session the SDK uses, unrecorded session for setup)."""
    recorded, setup = boto3.Session(region_name=REGION), boto3.Session(region_name=REGION)
    setup.smrole_own = True
    return recorded, setup


def prepare_moto(setup):
    s3 = setup.client("s3")
    s3.create_bucket(Bucket=BUCKET)
    for key in ("data/train/train.csv", "data/baseline/baseline.csv", "models/model.tar.gz",
                "monitoring/statistics.json", "monitoring/constraints.json"):
        s3.put_object(Bucket=BUCKET, Key=key, Body=b"{}" if key.endswith(".json") else b"1,2,3\n")


def create_roles(setup):
    """The roles the workflows pass exist in the account (SDK v3 looks the role up)."""
    iam = setup.client("iam")
    trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                        "Principal": {"Service": "sagemaker.amazonaws.com"}}]})
    for arn in (COMPUTE_ROLE, PIPELINE_ROLE, MLFLOW_ROLE):
        iam.create_role(RoleName=arn.rsplit("/", 1)[1], Path="/service-role/", AssumeRolePolicyDocument=trust)


def add_job_logs(setup, group, job_name):
    """The log stream the job's compute role would write, so the SDK's log tailing reads events."""
    logs = setup.client("logs")
    try:
        logs.create_log_group(logGroupName=group)
    except logs.exceptions.ResourceAlreadyExistsException:
        pass
    stream = f"{job_name}/algo-1-1700000000"
    logs.create_log_stream(logGroupName=group, logStreamName=stream)
    logs.put_log_events(logGroupName=group, logStreamName=stream,
                        logEvents=[{"timestamp": int(time.time() * 1000), "message": "epoch 1 loss 0.5"}])


def record_all(workflows, open_session, sdk, argv):
    """Runs each workflow (each VPC/KMS variant too) in a fresh moto and writes the recorded calls.

    `workflows`: (id, function, whether it has a VPC/KMS variant); `open_session(recorded, setup)`
    returns the SDK's session on the recorded boto3 session; `sdk` names the SDK in the results;
    `argv`: OUT.json [WORKFLOW...].
    """
    import moto
    out, only = argv[0], set(argv[1:])
    results = []
    for workflow, run, has_secure_variant in workflows:
        if only and workflow not in only:
            continue
        for secure in (False, True) if has_secure_variant else (False,):
            with moto.mock_aws():
                recorded, setup = sessions()
                prepare_moto(setup)
                recorder = Recorder()
                recorder.attach(recorded)
                session = open_session(recorded, setup)
                recorder.take()  # the session's own start-up calls belong to no workflow
                run(session, setup, secure)
                results.append({"workflow": workflow, "variant": "vpc-kms" if secure else "plain",
                                "sdk": sdk, "calls": recorder.take()})
            print(f"recorded {workflow} ({results[-1]['variant']}): {len(results[-1]['calls'])} calls",
                  file=sys.stderr)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)
