#!/usr/bin/env python3
"""Checks smrole's CloudFormation, Terraform and CLI-script output with the tools people
deploy with: cfn-lint on every template, python-hcl2 on every main.tf, shellcheck and
`bash -n` on every script, and each script run against moto on loopback, after which IAM
must hold exactly the planned role. Also: a description made of quotes, $(), backticks and
`;` arrives intact with nothing executed, and a failing step leaves nothing behind.

Usage: check_exports.py path/to/smrole
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import boto3
import hcl2

sys.path.insert(0, str(Path(__file__).parent))
from moto_server import moto_server  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
CANARY = Path(tempfile.gettempdir()) / "smrole-export-pwned"
HOSTILE = f"it's \"ours\" $(touch {CANARY}) `touch {CANARY}`; touch {CANARY} ${{HOME}} %{{x}} \\\\ end"

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL", message)


def generate(smrole, answers_text, out):
    answers = out.parent / (out.name + ".yaml")
    answers.write_text(answers_text)
    subprocess.run([smrole, "generate", "--answers", str(answers), "--out", str(out), "--format", "all"],
                   check=True, capture_output=True)
    return json.loads((out / "role.json").read_text())


def template_body(stackset_text):
    """The role template a stackset.yaml carries inline (its `TemplateBody: |` block), or None."""
    lines = stackset_text.splitlines()
    for n, line in enumerate(lines):
        if line.strip() == "TemplateBody: |":
            indent = len(line) - len(line.lstrip()) + 2
            body = []
            for rest in lines[n + 1:]:
                if rest and len(rest) - len(rest.lstrip()) < indent:
                    break
                body.append(rest[indent:])
            return "\n".join(body).rstrip("\n") + "\n"
    return None


def account_free(out, name, planned_account):
    """A template that deploys unchanged to any account names the planned account nowhere."""
    for file in ("cloudformation.yaml", "main.tf", "stackset.yaml"):
        text = (out / file).read_text()
        check(planned_account not in text, f"{name}: {file} still names the planned account {planned_account}")


def static_checks(out, name):
    for template in ("cloudformation.yaml", "stackset.yaml"):
        lint = subprocess.run([str(VENV_BIN / "cfn-lint"), str(out / template)], capture_output=True, text=True)
        check(lint.returncode == 0, f"{name}: cfn-lint {template}: {lint.stdout}{lint.stderr}")
    body = template_body((out / "stackset.yaml").read_text())
    check(body == (out / "cloudformation.yaml").read_text(),
          f"{name}: the StackSet's TemplateBody is not the role's cloudformation.yaml")
    planned = json.loads((out / "role.json").read_text())
    if planned.get("account"):
        account_free(out, name, planned["account"])
    with open(out / "main.tf") as f:
        tf = hcl2.load(f)
    resources = [list(r.keys())[0].strip("\"") for r in tf.get("resource", [])]
    role = json.loads((out / "role.json").read_text())
    check(resources.count("aws_iam_policy") == len(role["customerManagedPolicies"]), f"{name}: main.tf policy count")
    check(resources.count("aws_iam_role_policy_attachment") == role["quota"]["attached"], f"{name}: main.tf attachment count")
    sc = subprocess.run(["shellcheck", str(out / "create-role.sh")], capture_output=True, text=True)
    check(sc.returncode == 0, f"{name}: shellcheck: {sc.stdout}")
    n = subprocess.run(["bash", "-n", str(out / "create-role.sh")], capture_output=True, text=True)
    check(n.returncode == 0, f"{name}: bash -n: {n.stderr}")


def run_script(out, url):
    env = dict(os.environ, AWS_ENDPOINT_URL=url, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_DEFAULT_REGION="us-east-1", PATH=f"{VENV_BIN}:{os.environ['PATH']}", HOME=str(out))
    env.pop("AWS_PROFILE", None)
    return subprocess.run(["bash", str(out / "create-role.sh")], env=env, capture_output=True, text=True)


def iam_client(url):
    return boto3.client("iam", endpoint_url=url, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def compare_with_plan(iam, out, name):
    planned = json.loads((out / "role.json").read_text())
    role = iam.get_role(RoleName=planned["name"])["Role"]
    check(role["Path"] == planned["path"], f"{name}: path")
    check(role.get("Description") == planned.get("description"), f"{name}: description {role.get('Description')!r}")
    check(role["MaxSessionDuration"] == planned["maxSessionDuration"], f"{name}: max session")
    check(role["AssumeRolePolicyDocument"] == planned["trustPolicy"], f"{name}: trust policy")
    tags = iam.list_role_tags(RoleName=planned["name"])["Tags"]
    check(sorted((t["Key"], t["Value"]) for t in tags) == sorted((t["Key"], t["Value"]) for t in planned["tags"]), f"{name}: tags")
    attached = iam.list_attached_role_policies(RoleName=planned["name"])["AttachedPolicies"]
    expected = [p["name"] for p in planned["customerManagedPolicies"]] + [a.split("/")[-1] for a in planned["managedPolicyArns"]]
    check(sorted(p["PolicyName"] for p in attached) == sorted(expected), f"{name}: attachments {attached}")
    for policy in planned["customerManagedPolicies"]:
        arn = next(p["PolicyArn"] for p in attached if p["PolicyName"] == policy["name"])
        meta = iam.get_policy(PolicyArn=arn)["Policy"]
        document = iam.get_policy_version(PolicyArn=arn, VersionId=meta["DefaultVersionId"])["PolicyVersion"]["Document"]
        if isinstance(document, str):
            document = json.loads(document)
        check(document == json.loads((out / policy["file"]).read_text()), f"{name}: document of {policy['name']}")
        check(meta["Path"] == policy["path"], f"{name}: path of {policy['name']}")


def main():
    smrole = str(Path(sys.argv[1]).resolve())
    work = Path(tempfile.mkdtemp(prefix="smrole-exports-"))
    try:
        cases = {p.stem: p.read_text() for p in sorted((ROOT / "examples").glob("*.yaml"))}
        cases["hostile-description"] = (
            "version: 1\nrole: { name: SageMaker-Hostile, description: " + json.dumps(HOSTILE) + " }\n"
            "persona: data-scientist\naccount: \"123456789012\"\nregion: us-east-1\n"
            "activities:\n  manage-ml-jobs: { passRoles: [arn:aws:iam::123456789012:role/Compute] }\n"
            "tags: { team: ml }\n")
        cases["failing-attachment"] = (
            "version: 1\nrole: { name: SageMaker-Rollback }\npersona: data-scientist\naccount: \"123456789012\"\n"
            "activities:\n  manage-experiments: {}\n  search-experiments: {}\n"
            "managedPolicies: [arn:aws:iam::aws:policy/NoSuchPolicyForSmroleTests]\n")
        if CANARY.exists():
            CANARY.unlink()
        with moto_server() as url:
            iam = iam_client(url)
            for name, text in cases.items():
                out = work / name
                generate(smrole, text, out)
                static_checks(out, name)
                result = run_script(out, url)
                if name == "failing-attachment":
                    check(result.returncode != 0, f"{name}: the script should fail on the unknown managed policy")
                    check("undoing" in result.stderr, f"{name}: no rollback message: {result.stderr}")
                    roles = [r["RoleName"] for r in iam.list_roles()["Roles"]]
                    check("SageMaker-Rollback" not in roles, f"{name}: the role was left behind")
                    local = [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]]
                    check(not any(p.startswith("SageMaker-Rollback") for p in local), f"{name}: policies left behind: {local}")
                    continue
                check(result.returncode == 0, f"{name}: create-role.sh failed: {result.stderr}")
                if result.returncode == 0:
                    compare_with_plan(iam, out, name)
        check(not CANARY.exists(), "a command in the description was executed")
        print(f"checked {len(cases)} exports: cfn-lint, python-hcl2, shellcheck, bash -n, and create-role.sh against moto")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        sys.exit(1)


if __name__ == "__main__":
    main()
