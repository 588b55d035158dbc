#!/usr/bin/env python3
"""Construct parity: smrole's roles still allow everything the Role Manager CDK construct allows.

Usage: construct_parity.py SMROLE_BINARY [--write-doc docs/construct-parity.md]
(run with .venv-workflows-v2/bin/python, which has principalmapper).

The construct's 28 policy templates (Tests/fixtures/cdk-role-manager, Apache-2.0) are the console's
2023 policies. For each template:

1. Fill its placeholders as the construct does, with the values the smrole answers file gets
   (key ARNs for the key placeholders: the construct's bare key ids are fix 6 of
   docs/fixes-over-construct.md, and no IAM request names a key by id).
2. Derive the requests each statement allows: every action on every resource type the IAM
   action database gives it whose sample ARN the statement's resource matches, with a request
   context that satisfies the statement's conditions (only keys the action supports, as IAM
   sends them), made by a Studio user of the suite's domain in the role's own account.
3. Check with principalmapper that the construct's policy allows each request (a request the
   template itself refuses is one of its anomalies; it is counted, not required of smrole).
4. Evaluate it against smrole's policies for the same activity and settings, with `smrole
   simulate` and principalmapper. Each must allow it, unless NARROWED names it with the fix that
   refuses it; a narrowing must hold (both refuse) and must still match something.
"""
import argparse
import concurrent.futures
import copy
import fnmatch
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(os.path.dirname(HERE))
TEMPLATES = os.path.join(ROOT, "Tests", "fixtures", "cdk-role-manager", "templates")

import documented_calls  # noqa: E402
import independent_evaluator  # noqa: E402
from iam_requests import ActionDatabase, request  # noqa: E402
from recording import ACCOUNT, BUCKET, COMPUTE_ROLE, KEY, PIPELINE_ROLE, REGION, SECURITY_GROUPS, SUBNETS  # noqa: E402
from run_suite import session_context, simulate, with_account_context  # noqa: E402

# The construct's template names -> smrole's activity of the same job.
ACTIVITY_OF_TEMPLATE = {
    "SM_ComputeExecutionRole": "access-aws-services",
    "SageMakerS3AllResourcesPolicyTemplate": "s3-full-access",
    "SageMakerS3BucketPolicyTemplate": "s3-bucket-access",
    "SM_EndpointDeployment": "manage-endpoints",
    "SM_ExperimentsManagement": "manage-experiments",
    "SM_GlueTableManagement": "manage-glue-tables",
    "SM_CommonJobManagement": "manage-ml-jobs",
    "SM_ModelManagement": "manage-models",
    "SM_PipelineManagement": "manage-pipelines",
    "SM_ModelMonitoring": "monitor-models",
    "SM_AthenaQueryAccess": "query-athena",
    "SM_StudioAppPermissions": "run-studio-apps",
    "SM_ExperimentsVisualization": "search-experiments",
}

ECR_REPOSITORY = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/training-images"
# Placeholder -> (values, smrole parameter key). The same values go into both roles.
MULTI_VALUES = {
    "S3Buckets": ([BUCKET], "s3Buckets"),
    "ECRRepoArns": ([ECR_REPOSITORY], "ecrRepositories"),
    "PassRoles": ([COMPUTE_ROLE, PIPELINE_ROLE], "passRoles"),
    "WorkGroupNames": (["primary"], "athenaWorkgroups"),
    "GlueDbNames": (["sales_db"], "glueDatabases"),
    "VpcSubnets": (SUBNETS, None),
    "VpcSecurityGroups": (SECURITY_GROUPS, None),
    "DataKmsKeys": ([KEY], None),
    "VolumeKmsKeys": ([KEY], None),
}
SINGLE_VALUES = {"AccountId": ACCOUNT, "Region": REGION}
STUDIO_USER = "alice"
# Values the sample ARNs give their variables: the role's own things where the role lists them (a
# job runs in the listed subnets and pulls from the listed repositories), the suite's Studio user,
# and "parity" for any other name.
ARN_NAMES = {"DomainId": documented_calls.DOMAIN, "UserProfileName": STUDIO_USER, "Partition": "aws",
             "Region": REGION, "Account": ACCOUNT, "SubnetId": SUBNETS[0], "SecurityGroupId": SECURITY_GROUPS[0],
             "RepositoryName": ECR_REPOSITORY.split("/", 1)[1]}
# Variables whose values may hold a "/" (paths, object keys, versioned names); others are one segment.
PATH_VARIABLES = {"ObjectName", "LogGroupName", "LogStreamName", "RoleNameWithPath", "ModelPackageName",
                  "UserNameWithPath", "PolicyNameWithPath", "InstanceProfileNameWithPath", "RelativeId"}


def narrowing(fix, why, action, resource=".*", templates=".*"):
    return {"fix": fix, "why": why, "action": re.compile(action), "resource": re.compile(resource),
            "templates": re.compile(templates)}


# What the construct allows and smrole refuses on purpose, each with the fix that says why.
NARROWED = [
    narrowing("Today's SageMaker: Run Studio Applications",
              "AppImageConfig writes are an admin's job (AWS's 2024 Studio policy dropped them)",
              r"sagemaker:(Create|Update|Delete)AppImageConfig$"),
    narrowing("3", "Run Studio Applications has no PassRole since 2023 (the console's newer activity)",
              r"iam:PassRole$", templates=r"^SM_StudioAppPermissions$"),
]

# Statements' actions whose resources name nothing the action takes: the template grants nothing
# there, so there is nothing to keep. (template base name, action) -> why.
GRANTS_NOTHING = {
    ("SM_GlueTableManagement", "s3:GetBucketAcl"): "fix 4: a bucket action on bucket/* object ARNs",
    ("SM_GlueTableManagement", "s3:PutBucketAcl"): "fix 4: a bucket action on bucket/* object ARNs",
    ("SM_ExperimentsVisualization", "sagemaker:DescribeLineageGroup"):
        "IAM grants it only on *, the template names arn:aws:sagemaker:*:*:*/*",
}


# ---------------------------------------------------------------- the construct's policies


def fill(value):
    """The construct's replacePatterns, on parsed JSON: a string with [[X]] becomes one string per
    value (inside a list, the list grows); {{X}} is replaced in place."""
    if isinstance(value, dict):
        return {k: fill(v) for k, v in value.items()}
    if isinstance(value, list):
        out = []
        for item in value:
            filled = fill(item)
            out += filled if isinstance(filled, list) and isinstance(item, str) else [filled]
        return out
    if isinstance(value, str):
        for name, single in SINGLE_VALUES.items():
            value = value.replace("{{" + name + "}}", single)
        found = re.search(r"\[\[([A-Za-z0-9]+)\]\]", value)
        if found:
            return [value.replace(found.group(0), v) for v in MULTI_VALUES[found.group(1)][0]]
        return value
    return value


def load_templates():
    templates = []
    for path in sorted(glob.glob(os.path.join(TEMPLATES, "*.json"))):
        document = json.load(open(path))
        name = document["name"]
        base = re.sub(r"(_VPC)?(_KMS)?$", "", name)
        templates.append({"file": os.path.basename(path), "name": name, "base": base,
                          "version": document["version"], "vpc": "_VPC" in name, "kms": "_KMS" in name,
                          "activity": ACTIVITY_OF_TEMPLATE[base], "policy": fill(document["templateJson"]),
                          "placeholders": sorted(set(re.findall(r"\[\[([A-Za-z0-9]+)\]\]", json.dumps(document))))})
    return templates


# ---------------------------------------------------------------- requests a statement allows


def as_list(value):
    return value if isinstance(value, list) else [value]


def glob_matches(pattern, value):
    """IAM's resource matching: * any run of characters, ? one character, case-sensitive."""
    return fnmatch.fnmatchcase(value, pattern.replace("[", "[[]"))


def satisfying_context(statement):
    """A request context that meets the statement's conditions (keys -> list of values)."""
    context = {}
    for operator, keys in statement.get("Condition", {}).items():
        for key, values in keys.items():
            values = as_list(values)
            if operator == "Null":
                continue  # "false": the key is present; the other conditions give it its values
            if operator.startswith("ForAllValues:") or operator.startswith("ForAnyValue:"):
                context[key] = values
            elif operator in ("StringEquals", "ArnEquals", "Bool", "StringEqualsIgnoreCase"):
                context[key] = values[:1]
            elif operator in ("StringLike", "ArnLike"):
                sample = values[0].replace("*", REGION if key.lower() == "kms:viaservice" else "").replace("?", "x")
                context[key] = [sample]
            else:
                raise ValueError(f"no sample for condition operator {operator} ({key})")
    return context


def format_pattern(arn_format):
    """The ARNs of one resource type, as IAM's database writes them (${Variable} placeholders)."""
    def variable(match):
        return "[^:]+" if match.group(1) in PATH_VARIABLES else "[^:/]+"
    parts = re.split(r"(\$\{[A-Za-z]+\})", arn_format)
    return re.compile("^" + "".join(variable(re.match(r"\$\{([A-Za-z]+)\}", p)) if p.startswith("${") else re.escape(p)
                                    for p in parts) + "$")


def filled_pattern(pattern):
    """A statement's resource pattern made concrete: * as the role's region and account where they
    stand, "parity" elsewhere."""
    fields = pattern.split(":", 5)
    if len(fields) == 6:
        fields[3] = REGION if fields[3] == "*" else fields[3]
        fields[4] = ACCOUNT if fields[4] == "*" else fields[4]
    return ":".join(fields).replace("*", "parity")


def sample_arns(database, prefix, resource_type, patterns):
    """ARNs of one resource type that one of the statement's resource patterns matches."""
    arn_format = database.resource_formats[(prefix, resource_type)]
    matches_format = format_pattern(arn_format)
    names = re.findall(r"\$\{([A-Za-z]+)\}", arn_format)

    def filled(text):
        return re.sub(r"\$\{([A-Za-z]+)\}", lambda m: ARN_NAMES.get(m.group(1), "parity"), text)
    candidates = [filled(arn_format)]
    for pattern in patterns:
        candidates.append(filled_pattern(pattern))
        # A pattern ending in * can also match the longer ARNs of a nested type (a log stream of a
        # log group): continue its last * with what follows each variable of the format.
        if pattern.endswith("*"):
            for name in names:
                tail = arn_format.split("${" + name + "}", 1)[1]
                if tail:
                    candidates.append(filled_pattern(pattern[:-1]) + "parity" + filled(tail))
    return [c for c in dict.fromkeys(candidates)
            if matches_format.match(c) and any(glob_matches(p, c) for p in patterns)]


def statement_requests(database, statement, empty):
    """The requests one statement allows; `empty` gets the actions it grants on nothing."""
    context = satisfying_context(statement)
    patterns = as_list(statement["Resource"])
    requests = []
    for action in as_list(statement["Action"]):
        prefix, name = action.split(":", 1)
        canonical, types, _ = database.action(prefix, name)
        resources = []
        for resource_type in dict.fromkeys(t for t, _ in types):
            resources += sample_arns(database, prefix, resource_type, patterns)
        if not types and "*" in patterns:
            resources = ["*"]
        if not resources:
            empty.append(f"{prefix}:{canonical}")
        supported = {k: v for k, v in context.items() if database.supports(prefix, canonical, k)}
        supported.update(session_context(STUDIO_USER))
        for resource in dict.fromkeys(resources):
            requests.append(with_account_context(request(f"{prefix}:{canonical}", resource, supported)))
    return requests


# ---------------------------------------------------------------- smrole's roles


def answers(template, catalog):
    activity = catalog[template["activity"]]
    keys = {p["key"] for p in activity["parameters"]}
    values = {}
    for placeholder in template["placeholders"]:
        chosen, key = MULTI_VALUES[placeholder]
        if key in keys:
            values[key] = chosen
    doc = {"version": 1, "role": {"name": f"Parity-{template['file'][:-5]}", "description": "construct parity"},
           "persona": "custom", "account": ACCOUNT, "region": REGION, "activities": {activity["id"]: values}}
    if template["vpc"]:
        doc["network"] = {"subnets": SUBNETS, "securityGroups": SECURITY_GROUPS}
    if template["kms"]:
        doc["encryption"] = {"volumeKeys": [KEY], "dataKeys": [KEY]}
    return doc


def generate(binary, workdir, template, catalog):
    path = os.path.join(workdir, template["file"][:-5] + ".answers.json")
    with open(path, "w") as f:
        json.dump(answers(template, catalog), f, indent=1)
    out = os.path.join(workdir, "out", template["file"][:-5])
    result = subprocess.run([binary, "generate", "--answers", path, "--out", out], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"smrole generate failed for {template['file']}:\n{result.stderr}")
    policy_dir = os.path.join(out, "policies")
    return path, [json.load(open(os.path.join(policy_dir, n))) for n in sorted(os.listdir(policy_dir))]


def narrowing_of(template, item):
    for n, rule in enumerate(NARROWED):
        if (rule["templates"].search(template["base"]) and rule["action"].search(item["action"])
                and rule["resource"].search(item["resource"])):
            return n
    return None


def describe(item):
    context = " ".join(f"{k}={','.join(v)}" for k, v in item["context"].items()
                       if not k.startswith(("aws:", "sagemaker:DomainId", "sagemaker:UserProfileName")))
    return f"{item['action']} on {item['resource']}" + (f" [{context}]" if context else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--write-doc", help="write the report (markdown) to this file")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    started = time.monotonic()
    database = ActionDatabase()
    catalog = {a["id"]: a for a in json.loads(subprocess.check_output([binary, "activities", "--json"]))}
    templates = load_templates()
    failures, rows = [], []
    narrowed_seen, empty_seen = set(), set()
    with tempfile.TemporaryDirectory(prefix="smrole-parity-") as workdir:
        jobs = []  # (template index, request)
        for index, template in enumerate(templates):
            template["answers"], template["smrole"] = generate(binary, workdir, template, catalog)
            for statement in template["policy"]["Statement"]:
                empty = []
                for item in statement_requests(database, statement, empty):
                    jobs.append((index, item))
                for action in empty:
                    if (template["base"], action) in GRANTS_NOTHING:
                        empty_seen.add((template["base"], action))
                    else:
                        failures.append(f"{template['file']}: no request for {action} on "
                                        f"{statement['Resource']} (a sample ARN the statement matches)")

        def one(n):
            index, item = jobs[n]
            template = templates[index]
            construct, _ = independent_evaluator.allowed([template["policy"]], item)
            if not construct:
                return n, (False, None, None)
            ours = simulate(binary, template["answers"], item)
            theirs, _ = independent_evaluator.allowed(template["smrole"], item)
            return n, (True, ours, theirs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
            verdicts = dict(pool.map(one, range(len(jobs))))

        for index, template in enumerate(templates):
            mine = [(n, item) for n, (i, item) in enumerate(jobs) if i == index]
            counts = {"construct": 0, "template refuses": 0, "allowed": 0, "narrowed": 0}
            for n, item in mine:
                construct, ours, theirs = verdicts[n]
                if not construct:
                    counts["template refuses"] += 1
                    continue
                counts["construct"] += 1
                if ours != theirs:
                    failures.append(f"{template['file']}: {describe(item)} — evaluators disagree: "
                                    f"smrole {ours}, principalmapper {theirs}")
                    continue
                rule = narrowing_of(template, item)
                if ours:
                    counts["allowed"] += 1
                    if rule is not None:
                        failures.append(f"{template['file']}: {describe(item)} — listed as narrowed "
                                        f"({NARROWED[rule]['why']}) but smrole allows it")
                elif rule is not None:
                    counts["narrowed"] += 1
                    narrowed_seen.add(rule)
                else:
                    failures.append(f"{template['file']}: {describe(item)} — the construct allows it, "
                                    "smrole refuses")
            rows.append((template, counts))
    for n, rule in enumerate(NARROWED):
        if n not in narrowed_seen:
            failures.append(f"narrowing no longer occurs, remove it: {rule['why']}")
    for key, why in GRANTS_NOTHING.items():
        if key not in empty_seen:
            failures.append(f"{key[1]} of {key[0]} is listed as granting nothing ({why}) but has requests now")
    text = render(rows, failures, len(jobs), time.monotonic() - started)
    print(text)
    if options.write_doc:
        with open(options.write_doc, "w") as f:
            f.write(document(text))
    sys.exit(1 if failures else 0)


def render(rows, failures, total, seconds):
    lines = ["| template | smrole activity | settings | allowed by the construct | allowed by smrole "
             "| narrowed on purpose | refused by the template itself |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for template, counts in rows:
        settings = "+".join(s for s, on in (("VPC", template["vpc"]), ("KMS", template["kms"])) if on) or "none"
        lines.append(f"| {template['name']} v{template['version']} | {template['activity']} | {settings} | "
                     f"{counts['construct']} | {counts['allowed']} | {counts['narrowed']} | "
                     f"{counts['template refuses']} |")
    lines.append("")
    lines.append(f"{len(rows)} templates, {total} requests; all in {seconds:.0f} s.")
    if failures:
        lines.append("")
        lines.append(f"{len(failures)} failures:")
        lines += [f"- {f}" for f in failures]
    return "\n".join(lines)


def document(text):
    reasons = "\n".join(f"- fix {r['fix']}: {r['why']} (`{r['action'].pattern}`"
                        + (f" on `{r['resource'].pattern}`" if r["resource"].pattern != ".*" else "") + ")"
                        for r in NARROWED)
    return f"""# Construct parity: nothing the 2023 templates allowed is lost

Generated by `Tests/workflows/construct_parity.py --write-doc docs/construct-parity.md` (`make workflow-test`
runs the same check without writing this file). Do not edit by hand.

For each of the Role Manager CDK construct's 28 policy templates (`Tests/fixtures/cdk-role-manager`, the
console's 2023 policies), the check fills the template as the construct does, derives every request its
statements allow (each action on each resource type the IAM action database gives it, with a context that meets
the statement's conditions), and evaluates each against smrole's role for the same activity and VPC/KMS
settings, with `smrole simulate` and principalmapper. smrole must allow every one, except these narrowings, each a
fix in [fixes-over-construct.md](fixes-over-construct.md); a narrowing must really refuse, and must still occur:

{reasons}

Requests the template itself refuses are its own anomalies (a gate on a key the action never sends, such as the
VPC gate on `CreateTransformJob`, fix 7): they are counted, not required.

{text}
"""


if __name__ == "__main__":
    main()
