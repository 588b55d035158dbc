#!/usr/bin/env python3
"""`smrole lint --format sarif` against the SARIF 2.1.0 JSON schema (OASIS; copied under sarif/
with its notice) and what GitHub code scanning reads: every result names a rule of
tool.driver.rules, which has help text and a security-severity, and sits at a file (a relative
URI reference) and a line; each finding of the JSON report is one result at the same line.

It lints the bad cases of lint-cases.json, one file each, and the generated examples' policies.
Usage: check_sarif.py path/to/smrole
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from jsonschema import Draft4Validator

HERE = Path(__file__).resolve().parent


def main():
    binary = str(Path(sys.argv[1]).resolve())
    schema = json.loads((HERE / "sarif" / "sarif-schema-2.1.0.json").read_text())
    validator = Draft4Validator(schema)
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for case in json.loads((HERE / "lint-cases.json").read_text()):
            path = Path(tmp, "cases", case["name"] + ".json")
            path.parent.mkdir(exist_ok=True)
            path.write_text(json.dumps({"Version": "2012-10-17", "Statement": [case["statement"]]}, indent=2))
            files.append(str(path.relative_to(tmp)))
        for example in sorted((HERE.parent.parent / "examples").glob("*.yaml")):
            out = Path(tmp, "out", example.stem)
            subprocess.run([binary, "generate", "--answers", str(example), "--out", str(out)], check=True,
                           capture_output=True)
            files += [str(p.relative_to(tmp)) for p in sorted(out.glob("policies/*.json"))]
            files.append(str((out / "trust-policy.json").relative_to(tmp)))
        sarif = subprocess.run([binary, "lint", "--format", "sarif", *files], cwd=tmp, capture_output=True, text=True)
        report = subprocess.run([binary, "lint", "--json", *files], cwd=tmp, capture_output=True, text=True)
    log = json.loads(sarif.stdout)
    for error in validator.iter_errors(log):
        failures.append(f"schema: {'/'.join(map(str, error.absolute_path))}: {error.message}")
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [rule["id"] for rule in rules]
    for rule in rules:
        if not rule.get("help", {}).get("text") or "security-severity" not in rule.get("properties", {}):
            failures.append(f"rule {rule['id']} lacks help text or a security-severity")
    expected = [(f["file"], x["code"], x.get("line", 1)) for f in json.loads(report.stdout)["files"]
                for x in f["findings"]]
    seen = []
    for result in run["results"]:
        if ids[result["ruleIndex"]] != result["ruleId"]:
            failures.append(f"result {result['ruleId']} points at rule {ids[result['ruleIndex']]}")
        location = result["locations"][0]["physicalLocation"]
        uri, line = location["artifactLocation"]["uri"], location["region"]["startLine"]
        if uri.startswith("/") or ":" in uri.split("/")[0]:
            failures.append(f"{uri}: not a relative reference")
        seen.append((uri, result["ruleId"], line))
    if sorted(seen) != sorted(expected):
        failures.append(f"SARIF results differ from the JSON report: {len(seen)} against {len(expected)}")
    if sarif.returncode != report.returncode:
        failures.append(f"exit {sarif.returncode} with SARIF, {report.returncode} with JSON")
    print(f"validated smrole's SARIF for {len(files)} files ({len(seen)} results, {len(rules)} rules) "
          f"against the SARIF 2.1.0 schema")
    if failures:
        print("\n".join(failures[:50]))
        sys.exit(1)


if __name__ == "__main__":
    main()
