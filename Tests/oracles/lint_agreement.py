#!/usr/bin/env python3
"""`smrole lint` against parliament (PyPI) on the cases in lint-cases.json: where both
tools have a rule, both must report it or neither. Cases marked "disagree" are known
parliament bugs or gaps; for them the two must differ, so a fix on either side is noticed.

Usage: lint_agreement.py path/to/smrole
"""
import json
import subprocess
import sys
from pathlib import Path

import parliament

SHARED = {"UNKNOWN_ACTION", "UNKNOWN_PREFIX", "RESOURCE_MISMATCH", "UNKNOWN_CONDITION_FOR_ACTION", "RESOURCE_STAR",
          "MALFORMED_JSON", "UNKNOWN_OPERATOR", "NO_VERSION", "MISMATCHED_TYPE", "INVALID_ARN", "DUPLICATE_SID"}


def normalise(codes):
    return {"MISMATCHED_TYPE" if c.startswith("MISMATCHED_TYPE") else c for c in codes} & SHARED


def main():
    smrole = sys.argv[1]
    cases = json.loads((Path(__file__).parent / "lint-cases.json").read_text())
    failures = 0
    for case in cases:
        document = json.dumps({"Version": "2012-10-17", "Statement": [case["statement"]]})
        theirs = normalise(f.issue for f in parliament.analyze_policy_string(document).findings)
        run = subprocess.run([smrole, "lint", "--json", "-"], input=document, capture_output=True, text=True)
        ours = normalise(f["code"] for f in json.loads(run.stdout)["files"][0]["findings"])
        agree = theirs == ours
        if agree == bool(case.get("disagree")):
            failures += 1
            print(f"FAIL {case['name']}: parliament {sorted(theirs)}, smrole {sorted(ours)}"
                  + (f" (expected to differ: {case['disagree']})" if case.get("disagree") else ""))
    print(f"compared smrole lint with parliament {parliament.__version__} on {len(cases)} cases")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
