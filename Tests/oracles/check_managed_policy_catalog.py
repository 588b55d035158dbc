#!/usr/bin/env python3
"""Every AWS-managed policy the wizard offers (Sources/WizardCore/Resources/aws-managed-policies.json)
and every one the activity catalog attaches must exist, at that path, in the copy of AWS's
managed policies that moto ships (moto/iam/aws_managed_policies.py)."""
import json
import re
import sys
from importlib import metadata
from pathlib import Path

from moto.iam.aws_managed_policies import aws_managed_policies_data

ROOT = Path(__file__).resolve().parents[2]
moto_policies = json.loads(aws_managed_policies_data)
known = {name: data["Path"] for name, data in moto_policies.items()}
arns = [entry["arn"] for entry in json.loads((ROOT / "Sources/WizardCore/Resources/aws-managed-policies.json").read_text())]
catalog = (ROOT / "Sources/RoleEngine/Resources/catalog.json").read_text()
arns += [a.replace("{{partition}}", "aws") for a in re.findall(r'"(arn:\{\{partition\}\}:iam::aws:policy/[^"]+)"', catalog)]
problems = []
for arn in arns:
    path_and_name = arn.split(":policy", 1)[1]
    name = path_and_name.rsplit("/", 1)[1]
    path = path_and_name[: -len(name)]
    if name not in known:
        problems.append(f"{arn}: AWS has no managed policy {name}")
    elif known[name] != path:
        problems.append(f"{arn}: the policy's path is {known[name]}, not {path}")
shipped = json.loads((ROOT / "Sources/RoleExport/Resources/aws-managed-policy-documents.json").read_text())
if shipped["source"] != f"moto {metadata.version('moto')}, moto/iam/aws_managed_policies.py":
    problems.append(f"the shipped documents come from {shipped['source']}, not the pinned moto {metadata.version('moto')}")
if sorted(p["arn"] for p in shipped["policies"]) != sorted(set(arns)):
    problems.append("the shipped documents are not exactly the policies the wizard offers and the catalog attaches")
for policy in shipped["policies"]:
    original = moto_policies.get(policy["arn"].rsplit("/", 1)[1])
    if original is None or original["Document"] != policy["document"] or original["DefaultVersionId"] != policy["versionId"]:
        problems.append(f"{policy['arn']}: the shipped document or VersionId differs from moto's")
for problem in problems:
    print("FAIL", problem)
print(f"checked {len(arns)} AWS-managed policy ARNs and {len(shipped['policies'])} shipped documents "
      f"against moto's copy of AWS's managed policies")
sys.exit(1 if problems else 0)
