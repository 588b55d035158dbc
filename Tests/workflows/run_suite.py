#!/usr/bin/env python3
"""The workflow conformance suite: do smrole's roles let each real workflow do its job, and no more?

Usage: run_suite.py SMROLE_BINARY [--write-doc docs/workflows.md] [--recorded FILE.json]
(run with .venv-workflows-v2/bin/python; it records the SDK v2 workflows with that venv and the
SDK v3 ones with .venv-workflows-v3 when it exists).

1. Records real SDK workflows against moto (record_sdk_v2.py) and adds the documented ones
   (documented_calls.py) and the requests made at run time by the roles the workflows pass.
2. Turns every call into IAM requests (iam_requests.py).
3. Generates answers files (personas and single activities, without and with VPC/KMS) and their
   policies with `smrole generate`.
4. Evaluates each request with `smrole simulate` and with principalmapper's local policy
   simulation; fails when a verdict differs from EXPECTED/REFUSALS or the two evaluators disagree.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
ROOT = os.path.dirname(os.path.dirname(HERE))

import documented_calls  # noqa: E402
import independent_evaluator  # noqa: E402
import runtime_requests  # noqa: E402
from expectations import EXPECTED, NEW_ACTIVITIES, REFUSALS, TABLE_PERSONAS  # noqa: E402
from iam_requests import RequestMapper, request, unique  # noqa: E402
from recording import (ACCOUNT, BUCKET, COMPUTE_ROLE, KEY, MLFLOW_ROLE, PIPELINE_ROLE, REGION,  # noqa: E402
                       SECURITY_GROUPS, SUBNETS)

VARIANTS = ("plain", "vpc-kms")
OWN_BUCKETS = (BUCKET, documented_calls.ATHENA_RESULTS)


# ---------------------------------------------------------------- answers files


def parameter_values(activity, parameter):
    """Realistic values for one parameter of an activity (None: leave it to the catalog default)."""
    kind, key, title = parameter["kind"], parameter["key"], activity["title"]
    if kind == "roleArn":
        if NEW_ACTIVITIES["emr-serverless"].search(title):
            return [documented_calls.EMR_RUNTIME_ROLE]
        if NEW_ACTIVITIES["pipeline-execution"].search(title):
            return [COMPUTE_ROLE]
        if "mlflow" in activity["id"]:
            return [MLFLOW_ROLE]
        return [COMPUTE_ROLE, PIPELINE_ROLE]
    if parameter.get("default") and key != "s3Buckets":
        return None
    return {"s3Bucket": [BUCKET],
            "ecrRepositoryArn": [f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/training-images"],
            "athenaWorkgroup": ["primary"], "glueDatabase": ["sales_db"],
            "kendraIndexId": ["0123abcd-4567-89ef-0123-456789abcdef"]}[kind]


def answers(name, persona, activity_ids, catalog, variant):
    activities = {}
    for activity_id in activity_ids:
        values = {}
        for parameter in catalog[activity_id]["parameters"]:
            chosen = parameter_values(catalog[activity_id], parameter)
            if chosen is not None:
                values[parameter["key"]] = chosen
        activities[activity_id] = values
    doc = {"version": 1, "role": {"name": name, "description": "workflow conformance"}, "persona": persona,
           "account": ACCOUNT, "region": REGION, "activities": activities}
    if variant == "vpc-kms":
        doc["network"] = {"subnets": SUBNETS, "securityGroups": SECURITY_GROUPS}
        doc["encryption"] = {"volumeKeys": [KEY], "dataKeys": [KEY]}
    return doc


class Profiles:
    """Answers files and generated policies for every profile the expectations name."""

    def __init__(self, binary, workdir):
        self.binary, self.workdir = binary, workdir
        catalog = json.loads(subprocess.check_output([binary, "activities", "--json"]))
        self.catalog = {a["id"]: a for a in catalog}
        self.personas = {p["id"]: p for p in json.loads(subprocess.check_output([binary, "personas", "--json"]))}
        self.files, self.policies, self.missing = {}, {}, {}

    def resolve(self, profile):
        kind, _, name = profile.partition(":")
        if kind == "persona":
            if name not in self.personas:
                return None, f"persona {name} is not in the catalog"
            return (name, self.personas[name]["activities"]), None
        # `activity:a+b`: a workflow that needs two activities together (e.g. monitoring and its S3 data).
        ids = []
        for part in name.split("+"):
            if part in NEW_ACTIVITIES:
                found = [a for a in self.catalog.values() if NEW_ACTIVITIES[part].search(a["title"])]
                if not found:
                    return None, f"no activity titled like /{NEW_ACTIVITIES[part].pattern}/ in the catalog"
                part = found[0]["id"]
            if part not in self.catalog:
                return None, f"activity {part} is not in the catalog"
            ids.append(part)
        return ("custom", ids), None

    def prepare(self, profile, variant):
        key = (profile, variant)
        if key in self.files or key in self.missing:
            return
        resolved, problem = self.resolve(profile)
        if problem:
            self.missing[key] = problem
            return
        persona, activity_ids = resolved
        name = "WF-" + profile.replace(":", "-")[:50] + ("-vpc-kms" if variant == "vpc-kms" else "")
        path = os.path.join(self.workdir, name + ".json")
        with open(path, "w") as f:
            json.dump(answers(name, persona, activity_ids, self.catalog, variant), f, indent=1)
        out = os.path.join(self.workdir, "out", name)
        result = subprocess.run([self.binary, "generate", "--answers", path, "--out", out],
                                capture_output=True, text=True)
        if result.returncode != 0:
            self.missing[key] = "smrole generate failed: " + result.stderr.strip()
            return
        policy_dir = os.path.join(out, "policies")
        self.files[key] = path
        self.policies[key] = [json.load(open(os.path.join(policy_dir, n))) for n in sorted(os.listdir(policy_dir))]
        # smrole simulate evaluates the AWS-managed policies the role attaches; principalmapper gets
        # their documents from moto's copy, independently of the ones smrole ships.
        role = json.load(open(os.path.join(out, "role.json")))
        self.policies[key] += independent_evaluator.managed_documents(role["managedPolicyArns"])


# ---------------------------------------------------------------- workflows → requests


def session_context(user):
    """Keys SageMaker sets on every request of a Studio user's execution-role session."""
    return {"sagemaker:DomainId": [documented_calls.DOMAIN], "sagemaker:UserProfileName": [user]}


def with_account_context(item):
    context = dict(item["context"])
    context.setdefault("aws:PrincipalAccount", [ACCOUNT])
    resource = item["resource"]
    if resource.startswith("arn:aws:s3:::") and resource[13:].split("/")[0] in OWN_BUCKETS:
        context.setdefault("aws:ResourceAccount", [ACCOUNT])
    elif f":{ACCOUNT}:" in resource:
        context.setdefault("aws:ResourceAccount", [ACCOUNT])
    return dict(item, context={k: sorted(set(v)) for k, v in sorted(context.items())})


def requests_of_calls(mapper, calls, studio_user="alice"):
    found = []
    for call in calls:
        if "request" in call:
            items = [request(call["request"]["action"], call["request"]["resource"], call["request"]["context"])]
        else:
            items = mapper.requests_for(call)
        user = call.get("session", studio_user)
        for item in items:
            if studio_user:
                item["context"] = {**session_context(user), **item["context"]}
            found.append(with_account_context(item))
    return unique(found)


def build_workflows(recorded):
    """[{workflow, variant, source, requests}] for every workflow of the suite."""
    mapper = RequestMapper(default_bucket=BUCKET)
    workflows = []
    for run in recorded:
        workflows.append({"workflow": run["workflow"], "variant": run["variant"], "source": run["sdk"],
                          "requests": requests_of_calls(mapper, run["calls"])})
        derived = runtime_requests.derived(run)
        for workflow, source, items in derived:
            workflows.append({"workflow": workflow, "variant": run["variant"], "source": source,
                              "requests": unique([with_account_context(i) for i in items])})
    for workflow, pages, calls in documented_calls.DOCUMENTED:
        workflows.append({"workflow": workflow, "variant": "plain", "source": "AWS docs: " + ", ".join(pages),
                          "requests": requests_of_calls(mapper, calls)})
    return workflows


# ---------------------------------------------------------------- evaluation


def simulate(binary, answers_file, item):
    command = [binary, "simulate", "--answers", answers_file, "--action", item["action"],
               "--resource", item["resource"]]
    for key, values in item["context"].items():
        for value in values:
            command += ["--context", f"{key}={value}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode not in (0, 1):
        raise RuntimeError(f"smrole simulate failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    return result.returncode == 0


def describe(item):
    context = " ".join(f"{k}={','.join(v)}" for k, v in item["context"].items()
                       if not k.startswith(("aws:PrincipalAccount", "aws:ResourceAccount")))
    return f"{item['action']} on {item['resource']}" + (f" [{context}]" if context else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--write-doc", help="write the report (markdown) to this file")
    parser.add_argument("--recorded", help="reuse recorded SDK calls instead of recording them")
    parser.add_argument("--jobs", type=int, default=2)
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="smrole-workflows-") as workdir:
        recorded = record(options.recorded, workdir)
        recorded_at = time.monotonic()
        workflows = build_workflows(recorded)
        profiles = Profiles(binary, workdir)
        pairs = []  # (workflow index, profile, variant)
        for index, flow in enumerate(workflows):
            for profile in dict.fromkeys(EXPECTED.get(flow["workflow"], []) + TABLE_PERSONAS):
                pairs.append((index, profile, flow["variant"]))
        unknown = sorted({f["workflow"] for f in workflows} - set(EXPECTED))
        if unknown:
            sys.exit(f"workflows without expectations: {unknown}")
        for _, profile, variant in pairs:
            profiles.prepare(profile, variant)
        refusal_profiles = sorted({(p, v) for _, p, v in pairs})
        for profile, variant in refusal_profiles:
            profiles.prepare(profile, variant)

        jobs = []  # (kind, key, answers key, request)
        for index, profile, variant in pairs:
            for r, item in enumerate(workflows[index]["requests"]):
                jobs.append(("workflow", (index, r), (profile, variant), item))
        for n, item in enumerate(REFUSALS):
            for profile, variant in refusal_profiles:
                if variant in item["variants"]:
                    jobs.append(("refusal", n, (profile, variant), item))
        verdicts = evaluate(binary, profiles, jobs, options.jobs)
        report = Report(workflows, profiles, pairs, jobs, verdicts)
        text = report.render(recorded_at - started, time.monotonic() - started)
        print(text)
        if options.write_doc:
            with open(options.write_doc, "w") as f:
                f.write(report.document(text))
        sys.exit(1 if report.failures else 0)


def record(reuse, workdir):
    if reuse:
        return json.load(open(reuse))
    recorded = []
    for major in ("v2", "v3"):
        python = os.path.join(ROOT, f".venv-workflows-{major}", "bin", "python")
        script = os.path.join(HERE, f"record_sdk_{major}.py")
        if not (os.path.exists(python) and os.path.exists(script)):
            print(f"SDK {major}: no venv or recorder, not recorded", file=sys.stderr)
            continue
        out = os.path.join(workdir, f"recorded-{major}.json")
        subprocess.run([python, script, out], check=True, cwd=HERE)
        recorded += json.load(open(out))
    return recorded


def evaluate(binary, profiles, jobs, workers):
    """{job index: (smrole verdict, independent verdict, why)}; None verdicts for missing profiles."""
    def one(n):
        _, _, key, item = jobs[n]
        if key in profiles.missing:
            return n, (None, None, profiles.missing[key])
        ours = simulate(binary, profiles.files[key], item)
        theirs, note = independent_evaluator.allowed(profiles.policies[key], item)
        return n, (ours, theirs, note)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(pool.map(one, range(len(jobs))))


class Report:
    def __init__(self, workflows, profiles, pairs, jobs, verdicts):
        self.workflows, self.profiles, self.pairs = workflows, profiles, pairs
        self.failures = []  # (profile, variant, workflow, request text, problem)
        self.cells = {}  # (workflow index, profile) -> (allowed count, total, expected)
        for n, (kind, key, (profile, variant), item) in enumerate(jobs):
            ours, theirs, note = verdicts[n]
            if kind == "workflow":
                index, _ = key
                flow = workflows[index]
                expected = profile in EXPECTED[flow["workflow"]]
                allowed, total, _ = self.cells.get((index, profile), (0, 0, expected))
                if item.get("optional"):  # the workflow goes on without it: not counted
                    continue
                self.cells[(index, profile)] = (allowed + bool(ours), total + 1, expected)
                if ours is None and expected:
                    self.failures.append((profile, variant, flow["workflow"], describe(item), note))
                elif expected and not ours and not item.get("optional"):
                    self.failures.append((profile, variant, flow["workflow"], describe(item), "refused"))
                if ours is not None and ours != theirs:
                    self.failures.append((profile, variant, flow["workflow"], describe(item),
                                          f"evaluators disagree: smrole {ours}, principalmapper {theirs} {note}"))
            else:
                if ours:
                    self.failures.append((profile, variant, "refusal: " + item["why"], describe(item), "allowed"))
                elif ours is not None and ours != theirs:
                    self.failures.append((profile, variant, "refusal: " + item["why"], describe(item),
                                          f"evaluators disagree: smrole {ours}, principalmapper {theirs} {note}"))
        self.refusals = len([j for j in jobs if j[0] == "refusal"])

    def render(self, record_seconds, total_seconds):
        columns = list(dict.fromkeys(p for _, p, _ in self.pairs))
        lines = ["| workflow | variant | requests | " + " | ".join(columns) + " |",
                 "| --- | --- | --- | " + " | ".join("---" for _ in columns) + " |"]
        for index, flow in enumerate(self.workflows):
            cells = []
            for profile in columns:
                if (index, profile) not in self.cells:
                    cells.append("")
                    continue
                allowed, total, expected = self.cells[(index, profile)]
                if (profile, flow["variant"]) in self.profiles.missing:
                    cells.append("✘ missing (expected)" if expected else "missing")
                    continue
                verdict = "allowed" if allowed == total else ("refused" if allowed == 0 else f"{allowed}/{total}")
                mark = "✔" if allowed == total else "✘"
                cells.append(f"{mark} {verdict} (expected)" if expected else verdict)
            lines.append(f"| {flow['workflow']} | {flow['variant']} | {len(flow['requests'])} | "
                         + " | ".join(cells) + " |")
        lines.append("")
        lines.append(f"{len(self.workflows)} workflow runs, {sum(len(f['requests']) for f in self.workflows)} "
                     f"requests, {self.refusals} refusal checks; recorded in {record_seconds:.0f} s, "
                     f"all in {total_seconds:.0f} s.")
        if self.failures:
            lines.append("")
            lines.append(f"{len(self.failures)} failures (profile, variant, workflow: request — problem):")
            for failure in sorted(set(self.failures)):
                lines.append("- {} {}, {}: {} — {}".format(*failure))
        return "\n".join(lines)

    def document(self, text):
        with open(os.path.join(HERE, "report-intro.md")) as f:
            intro = f.read()
        return intro + "\n" + text + "\n"


if __name__ == "__main__":
    main()
