#!/usr/bin/env python3
"""A loopback stand-in for the SageMaker operations onboarding uses, which moto lacks:
ListDomains, DescribeDomain, CreateUserProfile, DescribeUserProfile, ListUserProfiles.

It keeps state, answers with AWS's JSON 1.1 error shapes (ResourceInUse, ResourceNotFound,
ValidationException, ResourceLimitExceeded), and validates every request against
botocore's SageMaker service model: required members, unknown members, types, lengths,
patterns and enums, recursively. Requests must be SigV4-signed for service `sagemaker`.

Usage: sagemaker_stub.py PORT DOMAIN_ID:AUTH_MODE[:NAME][,...] [FAIL_ONCE_FILE]
  NAME: the domain's name (default name-DOMAIN_ID).
  PORT: 0 for any free port; once listening, it prints `listening on http://127.0.0.1:PORT`.
  FAIL_ONCE_FILE: user profile names (one per line) whose first CreateUserProfile fails
  with ThrottlingException-free ResourceLimitExceeded, to test re-runs.
"""
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore.loaders

MODEL = botocore.loaders.create_loader().load_service_model("sagemaker", "service-2")
SHAPES = MODEL["shapes"]
OPERATIONS = ["ListDomains", "DescribeDomain", "CreateUserProfile", "DescribeUserProfile", "ListUserProfiles"]

lock = threading.Lock()
domains = {}
names = {}  # domain id -> domain name
profiles = {}  # (domain, lower name) -> record
fail_once = set()
request_count = 0


def validate(value, shape_name, path):
    shape = SHAPES[shape_name]
    kind = shape["type"]
    if kind == "structure":
        if not isinstance(value, dict):
            return f"{path}: expected an object"
        for member in shape.get("required", []):
            if member not in value:
                return f"{path}: missing required member {member}"
        for key, item in value.items():
            if key not in shape["members"]:
                return f"{path}: unknown member {key}"
            problem = validate(item, shape["members"][key]["shape"], f"{path}.{key}")
            if problem:
                return problem
    elif kind == "list":
        if not isinstance(value, list):
            return f"{path}: expected a list"
        if "max" in shape and len(value) > shape["max"]:
            return f"{path}: at most {shape['max']} items"
        for i, item in enumerate(value):
            problem = validate(item, shape["member"]["shape"], f"{path}[{i}]")
            if problem:
                return problem
    elif kind == "map":
        if not isinstance(value, dict):
            return f"{path}: expected a map"
    elif kind == "string":
        if not isinstance(value, str):
            return f"{path}: expected a string"
        if "min" in shape and len(value) < shape["min"] or "max" in shape and len(value) > shape["max"]:
            return f"{path}: length {len(value)} outside {shape.get('min', 0)}-{shape.get('max', '')}"
        if "pattern" in shape and not re.fullmatch(shape["pattern"], value):
            return f"{path}: '{value}' does not match {shape['pattern']}"
        if "enum" in shape and value not in shape["enum"]:
            return f"{path}: '{value}' is not one of {shape['enum']}"
    elif kind in ("integer", "long"):
        if not isinstance(value, int):
            return f"{path}: expected an integer"
    elif kind == "boolean":
        if not isinstance(value, bool):
            return f"{path}: expected a boolean"
    return None


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, error=None):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        if error:
            self.send_header("X-Amzn-ErrorType", error)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def fail(self, status, code, message):
        self.answer(status, {"__type": code, "Message": message}, error=code)

    def do_POST(self):
        global request_count
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        target = self.headers.get("X-Amz-Target", "")
        auth = self.headers.get("Authorization", "")
        with lock:
            request_count += 1
        if "/sagemaker/aws4_request" not in auth:
            return self.fail(403, "MissingAuthenticationTokenException", "requests must be SigV4-signed for sagemaker")
        if not target.startswith("SageMaker.") or target[10:] not in OPERATIONS:
            return self.fail(400, "UnknownOperationException", f"unknown target {target}")
        operation = target[10:]
        try:
            request = json.loads(body or b"{}")
        except ValueError:
            return self.fail(400, "SerializationException", "the body is not JSON")
        problem = validate(request, MODEL["operations"][operation]["input"]["shape"], operation)
        if problem:
            return self.fail(400, "ValidationException", problem)
        return getattr(self, operation)(request)

    def ListDomains(self, request):
        self.answer(200, {"Domains": [{"DomainId": d, "DomainName": names[d], "Status": "InService",
                                       "DomainArn": f"arn:aws:sagemaker:us-east-1:123456789012:domain/{d}"} for d in sorted(domains)]})

    def DescribeDomain(self, request):
        domain = request["DomainId"]
        if domain not in domains:
            return self.fail(400, "ResourceNotFound", f"Domain '{domain}' not found")
        self.answer(200, {"DomainId": domain, "DomainName": names[domain], "Status": "InService",
                          "AuthMode": domains[domain]})

    def CreateUserProfile(self, request):
        domain, name = request["DomainId"], request["UserProfileName"]
        if domain not in domains:
            return self.fail(400, "ResourceNotFound", f"Domain '{domain}' not found")
        sso = domains[domain] == "SSO"
        if sso != ("SingleSignOnUserValue" in request):
            return self.fail(400, "ValidationException", "SingleSignOnUserValue is required for IAM Identity Center domains and not allowed otherwise")
        if not request.get("UserSettings", {}).get("ExecutionRole"):
            return self.fail(400, "ValidationException", "an execution role is required")
        with lock:
            if name.lower() in fail_once:
                fail_once.discard(name.lower())
                return self.fail(400, "ResourceLimitExceeded", f"injected failure for {name}")
            if (domain, name.lower()) in profiles:
                return self.fail(400, "ResourceInUse", f"User profile {name} already exists")
            profiles[(domain, name.lower())] = {"UserProfileName": name, "DomainId": domain, "Status": "InService",
                                                 "UserSettings": request.get("UserSettings", {}),
                                                 "SingleSignOnUserValue": request.get("SingleSignOnUserValue")}
        time.sleep(0.005)  # a service's latency, so that concurrent onboarding requests overlap
        self.answer(200, {"UserProfileArn": f"arn:aws:sagemaker:us-east-1:123456789012:user-profile/{domain}/{name}"})

    def DescribeUserProfile(self, request):
        record = profiles.get((request["DomainId"], request["UserProfileName"].lower()))
        if not record:
            return self.fail(400, "ResourceNotFound", "User profile not found")
        self.answer(200, record)

    def ListUserProfiles(self, request):
        domain = request.get("DomainIdEquals")
        names = sorted(r["UserProfileName"] for (d, _), r in profiles.items() if domain in (None, d))
        start = int(request.get("NextToken", "0"))
        page = names[start:start + 50]
        answer = {"UserProfiles": [{"DomainId": domain, "UserProfileName": n, "Status": "InService"} for n in page]}
        if start + 50 < len(names):
            answer["NextToken"] = str(start + 50)
        self.answer(200, answer)

    def do_GET(self):
        # /state: what the stub holds, for assertions.
        self.answer(200, {"profiles": [r for r in profiles.values()], "requests": request_count})


def main():
    port = int(sys.argv[1])
    for entry in sys.argv[2].split(","):
        domain, mode, *name = entry.split(":")
        domains[domain] = mode
        names[domain] = name[0] if name else f"name-{domain}"
    if len(sys.argv) > 3:
        with open(sys.argv[3]) as f:
            fail_once.update(line.strip().lower() for line in f if line.strip())
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
