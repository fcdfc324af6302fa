#!/usr/bin/env python3
"""moto's server, with the CloudFormation resource handlers completed where moto 5 skips properties.

Usage: python3 moto_server.py -H 127.0.0.1 -p PORT   (the same arguments as `moto_server`)

moto 5.2 creates AWS::EC2::SecurityGroup, AWS::S3::Bucket and AWS::IAM::Role from a template but drops
properties that real CloudFormation applies (measured with moto 5.2.1):

- SecurityGroup: ingress `Description` is dropped, `CidrIpv6`, `SourcePrefixListId` and
  `SecurityGroupEgress` are not read, a rule without FromPort/ToPort (IpProtocol -1) fails create-stack
  with HTTP 500, and update-stack deletes and re-creates the group (new sg- id, runtime rules and
  aws:cloudformation tags lost) where CloudFormation updates it in place.
- Bucket: `PublicAccessBlockConfiguration`, `VersioningConfiguration` and `LifecycleConfiguration` are
  ignored; the defaults AWS gives every new bucket (Block Public Access on, SSE-S3) are missing.
- Role: `ManagedPolicyArns` is ignored; inline `Policies` are stored as Python reprs (get-role-policy then
  returns "{'Version': ...}", which is not JSON); update-stack changes nothing but resets
  MaxSessionDuration to 3600.

This launcher replaces those three handlers with ones that apply the properties through moto's own
backends, then runs moto's server unchanged. Everything else is plain moto. It also loads the AWS managed
policies (MOTO_IAM_LOAD_MANAGED_POLICIES), without which arn:aws:iam::aws:policy/* cannot be attached.
"""

from __future__ import annotations

import copy
import json
import os
import sys

os.environ.setdefault("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")

try:
    from moto.core.utils import ensure_boolean
    from moto.ec2.models import ec2_backends
    from moto.ec2.models.security_groups import SecurityGroup
    from moto.iam.models import Role, iam_backends
    from moto.s3.cloud_formation import cfn_to_api_encryption
    from moto.s3.models import FakeBucket, s3_backends
    from moto.server import main as moto_main
    from moto.utilities.utils import get_partition
except ImportError as error:  # a moto without these modules: say so instead of a traceback
    sys.stderr.write(f"moto_server.py: this moto is not supported ({error}); moto 5.x is needed\n")
    sys.exit(3)


# --- AWS::EC2::SecurityGroup -------------------------------------------------------------------------


def _ip_ranges(rule: dict) -> list[dict]:
    ranges = []
    for key in ("CidrIp", "CidrIpv6"):
        if rule.get(key):
            entry = {key: rule[key]}
            if rule.get("Description") is not None:
                entry["Description"] = rule["Description"]
            ranges.append(entry)
    return ranges


def _source_groups(rule: dict, prefix: str) -> list[dict]:
    group = {}
    if rule.get(prefix + "SecurityGroupId"):
        group["GroupId"] = rule[prefix + "SecurityGroupId"]
    if rule.get(prefix + "SecurityGroupName"):
        group["GroupName"] = rule[prefix + "SecurityGroupName"]
    if rule.get(prefix + "SecurityGroupOwnerId"):
        group["UserId"] = rule[prefix + "SecurityGroupOwnerId"]
    if group and rule.get("Description") is not None:
        group["Description"] = rule["Description"]
    return [group] if group else []


def _prefix_lists(rule: dict, key: str) -> list[dict]:
    if not rule.get(key):
        return []
    entry = {"PrefixListId": rule[key]}
    if rule.get("Description") is not None:
        entry["Description"] = rule["Description"]
    return [entry]


def _ports(rule: dict) -> tuple:
    protocol = str(rule["IpProtocol"])
    from_port = rule.get("FromPort")
    to_port = rule.get("ToPort")
    if protocol == "-1":
        return protocol, None, None
    return protocol, None if from_port is None else int(from_port), None if to_port is None else int(to_port)


def _apply_rules(backend, group, properties: dict) -> None:
    vpc_id = group.vpc_id
    group.ingress_rules = []
    for rule in properties.get("SecurityGroupIngress") or []:
        protocol, from_port, to_port = _ports(rule)
        backend.authorize_security_group_ingress(
            group_name_or_id=group.id,
            ip_protocol=protocol,
            from_port=from_port,
            to_port=to_port,
            ip_ranges=_ip_ranges(rule),
            source_groups=_source_groups(rule, "Source"),
            prefix_list_ids=_prefix_lists(rule, "SourcePrefixListId"),
            vpc_id=vpc_id,
        )
    if "SecurityGroupEgress" in properties:
        # Declared egress replaces AWS's default allow-all rule, as CloudFormation does.
        group.egress_rules = []
        for rule in properties.get("SecurityGroupEgress") or []:
            protocol, from_port, to_port = _ports(rule)
            ranges = [
                {k: v for k, v in (("CidrIp", rule.get("CidrIp")), ("CidrIpv6", rule.get("CidrIpv6")),
                                   ("Description", rule.get("Description"))) if v is not None}
            ] if (rule.get("CidrIp") or rule.get("CidrIpv6")) else []
            backend.authorize_security_group_egress(
                group_name_or_id=group.id,
                ip_protocol=protocol,
                from_port=from_port,
                to_port=to_port,
                ip_ranges=ranges,
                source_groups=_source_groups(rule, "Destination"),
                prefix_list_ids=_prefix_lists(rule, "DestinationPrefixListId"),
                vpc_id=vpc_id,
            )


def _apply_tags(backend, group, properties: dict) -> None:
    tags = {tag["Key"]: tag["Value"] for tag in properties.get("Tags") or []}
    current = dict(backend.tags.get(group.id, {}))
    stale = {key: None for key in current if not key.startswith("aws:") and key not in tags}
    if stale:
        backend.delete_tags([group.id], stale)
    if tags:
        backend.create_tags([group.id], tags)


def sg_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    properties = cloudformation_json.get("Properties", {})
    backend = ec2_backends[account_id][region_name]
    group = backend.create_security_group(
        name=resource_name,
        description=properties.get("GroupDescription"),
        vpc_id=properties.get("VpcId"),
    )
    _apply_tags(backend, group, properties)
    _apply_rules(backend, group, properties)
    return group


def sg_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    properties = cloudformation_json.get("Properties", {})
    backend = ec2_backends[account_id][region_name]
    replaced = (
        properties.get("GroupName", original_resource.name) != original_resource.name
        or properties.get("GroupDescription") != original_resource.description
        or (properties.get("VpcId") or original_resource.vpc_id) != original_resource.vpc_id
    )
    if replaced:  # what CloudFormation replaces: a new group, the old one deleted
        backend.delete_security_group(group_id=original_resource.id)
        return sg_create(cls, new_resource_name, cloudformation_json, account_id, region_name)
    _apply_tags(backend, original_resource, properties)
    _apply_rules(backend, original_resource, properties)
    return original_resource


# --- AWS::S3::Bucket ------------------------------------------------------------------------------------

_PUBLIC_ACCESS_KEYS = ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")


def _lifecycle_rules(configuration: dict) -> list[dict]:
    rules = []
    for rule in configuration.get("Rules") or []:
        api = {"Status": rule["Status"]}
        if rule.get("Id"):
            api["ID"] = rule["Id"]
        if rule.get("Prefix") is not None:
            api["Prefix"] = rule["Prefix"]
        else:
            api["Filter"] = {"Prefix": ""}
        if rule.get("ExpirationInDays") is not None:
            api["Expiration"] = {"Days": str(rule["ExpirationInDays"])}
        if rule.get("NoncurrentVersionExpirationInDays") is not None:
            api["NoncurrentVersionExpiration"] = {"NoncurrentDays": str(rule["NoncurrentVersionExpirationInDays"])}
        abort = rule.get("AbortIncompleteMultipartUpload")
        if abort and abort.get("DaysAfterInitiation") is not None:
            api["AbortIncompleteMultipartUpload"] = {"DaysAfterInitiation": str(abort["DaysAfterInitiation"])}
        rules.append(api)
    return rules


def _apply_bucket(backend, name: str, properties: dict) -> None:
    block = properties.get("PublicAccessBlockConfiguration")
    if block is not None:
        backend.put_public_access_block(name, {key: ensure_boolean(block.get(key, False)) for key in _PUBLIC_ACCESS_KEYS})
    versioning = properties.get("VersioningConfiguration")
    if versioning and versioning.get("Status"):
        backend.put_bucket_versioning(name, versioning["Status"])
    lifecycle = properties.get("LifecycleConfiguration")
    if lifecycle:
        backend.put_bucket_lifecycle(name, _lifecycle_rules(lifecycle))


original_bucket_create = FakeBucket.create_from_cloudformation_json.__func__
original_bucket_update = FakeBucket.update_from_cloudformation_json.__func__


def bucket_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    bucket = original_bucket_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)
    backend = s3_backends[account_id][get_partition(region_name)]
    properties = cloudformation_json.get("Properties", {})
    # What AWS gives every new bucket (since 2023): SSE-S3 and Block Public Access on.
    if "BucketEncryption" not in properties:
        backend.put_bucket_encryption(
            bucket_name=bucket.name,
            encryption=cfn_to_api_encryption(
                {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}
            ),
        )
    backend.put_public_access_block(bucket.name, {key: True for key in _PUBLIC_ACCESS_KEYS})
    _apply_bucket(backend, bucket.name, properties)
    return bucket


def bucket_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    bucket = original_bucket_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name)
    if bucket is original_resource:  # updated in place (a new name goes through bucket_create)
        backend = s3_backends[account_id][get_partition(region_name)]
        _apply_bucket(backend, bucket.name, cloudformation_json.get("Properties", {}))
    return bucket


# --- AWS::IAM::Role -------------------------------------------------------------------------------------

original_role_create = Role.create_from_cloudformation_json.__func__


def _document(value) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def _apply_role_policies(backend, role, properties: dict) -> None:
    wanted = {policy["PolicyName"]: _document(policy["PolicyDocument"]) for policy in properties.get("Policies") or []}
    for name in list(role.policies):
        if name not in wanted:
            backend.delete_role_policy(role.name, name)
    for name, document in wanted.items():
        backend.put_role_policy(role.name, name, document)
    arns = list(properties.get("ManagedPolicyArns") or [])
    for arn in [policy.arn for policy in role.managed_policies.values()]:
        if arn not in arns:
            backend.detach_role_policy(arn, role.name)
    attached = {policy.arn for policy in role.managed_policies.values()}
    for arn in arns:
        if arn not in attached:
            backend.attach_role_policy(arn, role.name)


def role_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    without_policies = copy.deepcopy(cloudformation_json)
    without_policies.get("Properties", {}).pop("Policies", None)
    role = original_role_create(cls, resource_name, without_policies, account_id, region_name, **kwargs)
    backend = iam_backends[account_id][get_partition(region_name)]
    _apply_role_policies(backend, role, cloudformation_json.get("Properties", {}))
    return role


def role_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    properties = cloudformation_json.get("Properties", {})
    backend = iam_backends[account_id][get_partition(region_name)]
    if properties.get("RoleName", original_resource.name) != original_resource.name:
        Role.delete_from_cloudformation_json(original_resource.name, cloudformation_json, account_id, region_name)
        return role_create(cls, new_resource_name, cloudformation_json, account_id, region_name)
    role = original_resource
    backend.update_role(role.name, properties.get("Description", ""), int(properties.get("MaxSessionDuration", 3600)))
    backend.update_assume_role_policy(role.name, _document(properties["AssumeRolePolicyDocument"]))
    _apply_role_policies(backend, role, properties)
    return role


SecurityGroup.create_from_cloudformation_json = classmethod(sg_create)
SecurityGroup.update_from_cloudformation_json = classmethod(sg_update)
FakeBucket.create_from_cloudformation_json = classmethod(bucket_create)
FakeBucket.update_from_cloudformation_json = classmethod(bucket_update)
Role.create_from_cloudformation_json = classmethod(role_create)
Role.update_from_cloudformation_json = classmethod(role_update)

if __name__ == "__main__":
    sys.exit(moto_main(sys.argv[1:]))
