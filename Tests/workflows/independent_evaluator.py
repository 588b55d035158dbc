"""The second opinion: principalmapper's local policy simulation (PyPI principalmapper 1.1.5).

It evaluates identity policies statement by statement like IAM (an explicit Deny wins, then any
Allow). One thing it is known to get wrong, worked around here, narrowly:

- It substitutes policy variables (`${sagemaker:UserProfileName}`) in Resource but not in
  condition values (its `_get_arn_match` / `_get_str_match` compare the raw text). Before handing
  a policy over, `substituted` replaces `${key}` in condition values with the request's value of a
  single-valued key, as IAM does; a variable of a missing key is left as it is (IAM then does not
  match it either).
"""
import collections
import collections.abc
import copy
import re

# principalmapper 1.1.5 imports Mapping and MutableMapping from `collections`, which Python 3.10
# removed (they live in collections.abc): give them back before importing it. Nothing else changes.
collections.Mapping, collections.MutableMapping = collections.abc.Mapping, collections.abc.MutableMapping

from principalmapper.querying.local_policy_simulation import policy_has_matching_statement  # noqa: E402
from principalmapper.util.case_insensitive_dict import CaseInsensitiveDict  # noqa: E402

VARIABLE = re.compile(r"\$\{([^}]+)\}")


def managed_documents(arns):
    """The documents of AWS-managed policies, from moto's copy of AWS's list (others are skipped)."""
    import json
    from moto.iam.aws_managed_policies import aws_managed_policies_data
    known = json.loads(aws_managed_policies_data)
    return [known[a.rsplit("/", 1)[1]]["Document"] for a in arns
            if ":iam::aws:policy/" in a and a.rsplit("/", 1)[1] in known]


def context_of(item):
    """principalmapper's context: a string for single values, a list for several."""
    return CaseInsensitiveDict({k: v[0] if len(v) == 1 else list(v) for k, v in item["context"].items()})


def substituted(policy, context):
    def fill(value):
        if isinstance(value, list):
            return [fill(v) for v in value]

        def one(match):
            found = context.get(match.group(1))
            return found if isinstance(found, str) else match.group(0)
        return VARIABLE.sub(one, value) if isinstance(value, str) else value

    policy = copy.deepcopy(policy)
    statements = policy["Statement"] if isinstance(policy["Statement"], list) else [policy["Statement"]]
    for statement in statements:
        for operator, keys in statement.get("Condition", {}).items():
            for key in keys:
                keys[key] = fill(keys[key])
    return policy


def allowed(policies, item):
    """(verdict, note) for one request against the role's customer-managed policies."""
    context = context_of(item)
    documents = [substituted(p, context) for p in policies]
    for effect in ("Deny", "Allow"):
        matched = any(policy_has_matching_statement(d, effect, item["action"], item["resource"], context)
                      for d in documents)
        if matched:
            return effect == "Allow", ""
    return False, ""
