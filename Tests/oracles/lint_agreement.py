#!/usr/bin/env python3
"""`smrole lint` against parliament (PyPI, with its community auditors) on a corpus: where both
tools have a rule, both must report it or neither, except for the known disagreements in
lint-disagreements.json, each with who is right (docs/exports-and-audit.md lists them).

The corpus:
- cases/…: lint-cases.json, statements written for this check (regressions from parliament's bug
  reports, the bad policies of issue 11);
- generated/…: every policy and trust policy smrole generates, for each persona and each activity,
  without and with VPC/KMS;
- parliament-tests/…: the policies of parliament's own unit tests (parliament-tests/policies.json,
  extracted by scripts/extract-parliament-policies.py; they are not in parliament's wheel or sdist).

Fails when smrole lint finds anything at medium or above in smrole's own policies, on a
disagreement no entry lists, on an entry that no longer matches any disagreement, and
on an entry that docs/exports-and-audit.md does not name.

Usage: lint_agreement.py path/to/smrole
"""
import copy
import fnmatch
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import parliament

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from check_policies import role_cases  # noqa: E402

# Same code, same meaning in both tools.
SHARED = ["UNKNOWN_ACTION", "UNKNOWN_PREFIX", "RESOURCE_MISMATCH", "UNKNOWN_CONDITION_FOR_ACTION", "RESOURCE_STAR",
          "MALFORMED_JSON", "UNKNOWN_OPERATOR", "NO_VERSION", "MISMATCHED_TYPE", "INVALID_ARN", "DUPLICATE_SID",
          "SINGLE_VALUE_CONDITION_TOO_PERMISSIVE", "CREDENTIALS_EXPOSURE"]
# parliament's rule is narrower than smrole's: where parliament reports it, smrole must report its own.
IMPLIED = {"RESOURCE_POLICY_PRIVILEGE_ESCALATION": "RESOURCE_POLICY_ESCALATION"}


def normalise(codes):
    return {"MISMATCHED_TYPE" if c.startswith("MISMATCHED_TYPE") else c for c in codes}


def generated_corpus(binary, tmp):
    cases = role_cases(binary, "Lint")
    # Without account and region the trust policy cannot name its source: the confused-deputy case.
    no_account = copy.deepcopy(next(c for c in cases if c["role"]["name"] == "Lint-data-scientist"))
    no_account["role"]["name"] = "Lint-no-account"
    del no_account["account"], no_account["region"]
    cases.append(no_account)
    documents = {}
    for case in cases:
        path = os.path.join(tmp, case["role"]["name"] + ".json")
        Path(path).write_text(json.dumps(case))
        out = os.path.join(tmp, "out", case["role"]["name"])
        subprocess.run([binary, "generate", "--answers", path, "--out", out], check=True, capture_output=True)
        for file in sorted(Path(out, "policies").glob("*.json")) + [Path(out, "trust-policy.json")]:
            documents[f"generated/{case['role']['name']}/{file.name}"] = file.read_text()
    return documents


def corpus(binary, tmp):
    documents = {}
    for case in json.loads((HERE / "lint-cases.json").read_text()):
        documents[f"cases/{case['name']}"] = json.dumps({"Version": "2012-10-17", "Statement": [case["statement"]]},
                                                       indent=2)
    documents.update(generated_corpus(binary, tmp))
    for entry in json.loads((HERE / "parliament-tests" / "policies.json").read_text())["policies"]:
        documents[f"parliament-tests/{entry['name']}"] = entry["policy"]
    return documents


def smrole_codes(binary, documents, tmp):
    """Each document's findings, from one lint run over files (as CI runs it)."""
    folder = Path(tmp, "corpus")
    folder.mkdir()
    paths = {}
    for i, (name, text) in enumerate(documents.items()):
        path = folder / f"{i:04d}.json"
        path.write_text(text)
        paths[str(path)] = name
    run = subprocess.run([binary, "lint", "--json", *paths], capture_output=True, text=True)
    if run.returncode not in (0, 1) or not run.stdout:
        sys.exit(f"smrole lint failed ({run.returncode}): {run.stderr}")
    return {paths[f["file"]]: f["findings"] for f in json.loads(run.stdout)["files"]}


def parliament_codes(text):
    try:
        return {f.issue for f in parliament.analyze_policy_string(text, include_community_auditors=True).findings}
    except Exception as error:  # parliament 1.6.4 raises on some inputs (e.g. an integer condition value)
        return error


def main():
    binary = sys.argv[1]
    listed = json.loads((HERE / "lint-disagreements.json").read_text())
    docs = (HERE.parent.parent / "docs" / "exports-and-audit.md").read_text()
    with tempfile.TemporaryDirectory() as tmp:
        documents = corpus(binary, tmp)
        findings_by_name = smrole_codes(binary, documents, tmp)
    ours_by_name = {name: {x["code"] for x in found} for name, found in findings_by_name.items()}
    # smrole's own policies must pass `smrole lint` at its default threshold.
    own = [f"{name}: {x['severity']} {x['code']}" for name, found in findings_by_name.items()
           if name.startswith("generated/") for x in found if x["severity"] in ("medium", "high", "critical")]
    tally = {code: Counter() for code in SHARED + list(IMPLIED)}
    disagreements, crashed = [], []
    for name, text in documents.items():
        theirs = parliament_codes(text)
        if isinstance(theirs, Exception):
            crashed.append(f"{name}: {type(theirs).__name__}")
            continue
        theirs, ours = normalise(theirs), normalise(ours_by_name[name])
        for code in SHARED:
            side = {(True, True): "both", (False, False): "neither", (True, False): "parliament",
                    (False, True): "smrole"}[(code in theirs, code in ours)]
            tally[code][side] += 1
            if side in ("parliament", "smrole"):
                disagreements.append((name, code, side))
        for their_code, our_code in IMPLIED.items():
            if their_code in theirs:
                side = "both" if our_code in ours else "parliament"
                tally[their_code][side] += 1
                if side == "parliament":
                    disagreements.append((name, their_code, side))

    def matches(entry, disagreement):
        name, code, side = disagreement
        return entry["code"] == code and entry["only"] == side and any(
            fnmatch.fnmatchcase(name, pattern) for pattern in entry["cases"])

    failures = [f"smrole's own policy has a finding at medium or above: {entry}" for entry in own]
    for disagreement in disagreements:
        if not any(matches(entry, disagreement) for entry in listed):
            name, code, side = disagreement
            failures.append(f"unlisted disagreement: {name}: {code} reported by {side} only")
    for entry in listed:
        if not any(matches(entry, d) for d in disagreements):
            failures.append(f"listed disagreement {entry['id']} no longer occurs")
        if f"`{entry['id']}`" not in docs:
            failures.append(f"listed disagreement {entry['id']} is not in docs/exports-and-audit.md")

    kinds = Counter(name.split("/")[0] for name in documents)
    print(f"compared smrole lint with parliament {parliament.__version__} (community auditors included) on "
          f"{len(documents)} documents: " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())))
    print("| rule | both | neither | smrole only | parliament only | agreement |")
    print("| --- | --- | --- | --- | --- | --- |")
    total = Counter()
    for code, counts in tally.items():
        compared = sum(counts.values())
        if not compared:
            continue
        total.update(counts)
        agree = counts["both"] + counts["neither"]
        label = f"{code} (→ {IMPLIED[code]})" if code in IMPLIED else code
        print(f"| {label} | {counts['both']} | {counts['neither']} | {counts['smrole']} | {counts['parliament']} | "
              f"{100 * agree / compared:.1f}% |")
    compared = sum(total.values())
    print(f"overall: {100 * (total['both'] + total['neither']) / compared:.2f}% of {compared} (document, rule) pairs "
          f"agree; {len(disagreements)} disagreements, all of them listed" if not failures else "")
    for entry in listed:
        count = sum(matches(entry, d) for d in disagreements)
        print(f"  {entry['id']}: {count} ({entry['code']}, {entry['only']} only; right: {entry['right']})")
    if crashed:
        print(f"parliament raised on {len(crashed)} documents (not compared): " + "; ".join(crashed))
    if failures:
        print("\n".join(["FAIL " + f for f in failures]))
        sys.exit(1)


if __name__ == "__main__":
    main()
