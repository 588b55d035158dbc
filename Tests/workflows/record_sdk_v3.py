#!/usr/bin/env python3
"""Runs SageMaker Python SDK v3 workflows against moto in-process and records every call.

Usage: record_sdk_v3.py OUT.json [WORKFLOW...]   (run with .venv-workflows-v3/bin/python)
Same recorder as record_sdk_v2.py (recording.py); v3 and v2 cannot share a venv.
"""
import json
import os
import sys
import tempfile

import recording as rec
from recording import BUCKET, COMPUTE_ROLE, IMAGE, KEY, SECURITY_GROUPS, SUBNETS, TAGS

rec.VirtualClock().install()
rec.quiet_sdk()

import moto  # noqa: E402
from importlib.metadata import version  # noqa: E402

S3 = f"s3://{BUCKET}"
WORK = tempfile.mkdtemp(prefix="smrole-workflows-v3-")
with open(os.path.join(WORK, "train.py"), "w") as f:
    f.write("print('hello')\n")


def model_trainer_train(session, setup, secure):
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
    # The job name gets a timestamp; its log stream is added when the SDK asks for it.
    rec.complete(session, "sagemaker", "DescribeTrainingJob", lambda parsed: add_logs_once(setup, parsed))
    trainer.train(input_data_config=[InputData(channel_name="train", data_source=f"{S3}/data/train")],
                  wait=True, logs=True)


LOGGED = set()


def add_logs_once(setup, parsed):
    name = parsed.get("TrainingJobName")
    if name and name not in LOGGED:
        LOGGED.add(name)
        rec.add_job_logs(setup, "/aws/sagemaker/TrainingJobs", name)


WORKFLOWS = [("model-trainer-train-with-logs", model_trainer_train, True)]


def main():
    from sagemaker.core.helper.session_helper import Session
    out, only = sys.argv[1], set(sys.argv[2:])
    results = []
    for workflow, run, has_secure_variant in WORKFLOWS:
        if only and workflow not in only:
            continue
        for secure in (False, True) if has_secure_variant else (False,):
            with moto.mock_aws():
                recorded, setup = rec.sessions()
                rec.prepare_moto(setup)
                rec.create_roles(setup)
                recorder = rec.Recorder()
                recorder.attach(recorded)
                # moto has no SimulatePrincipalPolicy; a least-privilege role gets AccessDenied, after
                # which the SDK goes on with the permission "verdict unknown". Answered here.
                rec.canned_boto(recorded, "iam", "SimulatePrincipalPolicy",
                                rec.error("AccessDenied", "not authorized"), status=403)
                session = Session(boto_session=recorded, default_bucket=BUCKET)
                recorder.take()
                run(session, setup, secure)
                results.append({"workflow": workflow, "variant": "vpc-kms" if secure else "plain",
                                "sdk": f"sagemaker {version('sagemaker')}", "calls": recorder.take()})
            print(f"recorded {workflow} ({results[-1]['variant']}): {len(results[-1]['calls'])} calls",
                  file=sys.stderr)
    with open(out, "w") as f:
        json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
