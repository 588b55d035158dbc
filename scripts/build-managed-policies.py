#!/usr/bin/env python3
"""Builds Sources/RoleExport/Resources/aws-managed-policy-documents.json, the documents of the
AWS-managed policies that `smrole simulate` evaluates, from the copy of AWS's managed policies
that moto ships (moto/iam/aws_managed_policies.py, PyPI). Only the policies smrole can attach
are kept: those the activity catalog attaches and those the wizard offers. Run after changing
the pinned moto in scripts/test-requirements.txt, or either list:

    make deps && .venv-test/bin/python scripts/build-managed-policies.py

The file records moto's version and, per policy, its default VersionId and UpdateDate, so a
reviewer can tell which edition of each policy an answer was computed from.
"""
import json
import re
import sys
from importlib import metadata
from pathlib import Path

from moto.iam.aws_managed_policies import aws_managed_policies_data

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "Sources/RoleExport/Resources/aws-managed-policy-documents.json"
WIZARD = ROOT / "Sources/WizardCore/Resources/aws-managed-policies.json"
CATALOG = ROOT / "Sources/RoleEngine/Resources/catalog.json"


def wanted_arns():
    arns = [entry["arn"] for entry in json.loads(WIZARD.read_text())]
    catalog = CATALOG.read_text()
    arns += [a.replace("{{partition}}", "aws")
             for a in re.findall(r'"(arn:\{\{partition\}\}:iam::aws:policy/[^"]+)"', catalog)]
    return sorted(set(arns))


def main():
    known = json.loads(aws_managed_policies_data)
    policies, problems = [], []
    for arn in wanted_arns():
        path_and_name = arn.split(":policy", 1)[1]
        name = path_and_name.rsplit("/", 1)[1]
        entry = known.get(name)
        if entry is None or entry["Path"] + name != path_and_name:
            problems.append(f"{arn}: not in moto's copy of AWS's managed policies at that path")
            continue
        policies.append({"arn": arn, "versionId": entry["DefaultVersionId"], "updateDate": entry["UpdateDate"],
                         "document": entry["Document"]})
    if problems:
        sys.exit("\n".join(problems))
    data = {"source": f"moto {metadata.version('moto')}, moto/iam/aws_managed_policies.py",
            "policies": policies}
    OUT.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"wrote {len(policies)} policies, {OUT.stat().st_size} bytes, to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
