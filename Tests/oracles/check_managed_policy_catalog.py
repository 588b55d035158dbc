#!/usr/bin/env python3
"""Every AWS-managed policy the wizard offers (Sources/WizardCore/Resources/aws-managed-policies.json)
and every one the activity catalog attaches must exist, at that path, in the copy of AWS's
managed policies that moto ships (moto/iam/aws_managed_policies.py)."""
import json
import re
import sys
from pathlib import Path

from moto.iam.aws_managed_policies import aws_managed_policies_data

ROOT = Path(__file__).resolve().parents[2]
known = {name: data["Path"] for name, data in json.loads(aws_managed_policies_data).items()}
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
for problem in problems:
    print("FAIL", problem)
print(f"checked {len(arns)} AWS-managed policy ARNs against moto's copy of AWS's list")
sys.exit(1 if problems else 0)
