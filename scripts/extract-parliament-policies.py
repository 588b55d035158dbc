#!/usr/bin/env python3
"""Extracts the policy documents of parliament's own unit tests into
Tests/oracles/parliament-tests/policies.json, the third corpus of Tests/oracles/lint_agreement.py.

parliament's tests are in neither its wheel nor its sdist on PyPI (1.6.4 ships only the package),
so they are read from a clone of its GitHub repository (duo-labs/parliament) at the commit that
is release 1.6.4:

    scripts/extract-parliament-policies.py PATH/TO/parliament/.git 574ea45079fadfc5f4559ee8934b818d9066761c

Taken: every string literal in the tests that is a JSON policy (it has "Statement"), every dict
literal that is one, and every other literal passed straight to analyze_policy_string ("not
json"). Policies the tests build at run time (f-strings, loops) are left out.
"""
import ast
import json
import subprocess
import sys
from pathlib import Path


def git(repo, *args):
    return subprocess.run(["git", "--git-dir", repo, *args], check=True, capture_output=True, text=True).stdout


def policies_in(source):
    tree = ast.parse(source)
    found = []

    def add(text):
        if text not in found:
            found.append(text)

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "analyze_policy_string":
            if node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                add(node.args[0].value)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and '"Statement"' in node.value:
            try:
                if isinstance(json.loads(node.value), dict):
                    add(node.value)
            except ValueError:
                pass
        elif isinstance(node, ast.Dict):
            try:
                value = ast.literal_eval(node)
            except ValueError:
                continue
            if isinstance(value, dict) and "Statement" in value:
                add(json.dumps(value, indent=2))
    return found


def main():
    repo, commit = sys.argv[1], sys.argv[2]
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", commit).split("\n")
             if f.endswith(".py") and "/test_" in f]
    corpus = []
    for path in sorted(files):
        for i, text in enumerate(policies_in(git(repo, "show", f"{commit}:{path}"))):
            corpus.append({"name": f"{path}#{i + 1}", "policy": text})
    out = Path(__file__).resolve().parent.parent / "Tests" / "oracles" / "parliament-tests" / "policies.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"source": f"duo-labs/parliament {commit} (release 1.6.4), its tests",
                               "policies": corpus}, indent=1) + "\n")
    print(f"wrote {out}: {len(corpus)} policies from {len(files)} test files", file=sys.stderr)


if __name__ == "__main__":
    main()
