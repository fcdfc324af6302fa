#!/usr/bin/env python3
"""Generate a synthetic Terraform estate (AWS) for benchmarking driftback.

    generate_terraform.py --resources N --out DIR [--seed S]

Writes, deterministically for a given (N, seed):

  DIR/iac/versions.tf, variables.tf, terraform.tfvars, main.tf, main_<stack>.tf
                              one root module in ~20 files: terraform fmt style HCL with comments,
                              variables set by terraform.tfvars, a locals block of common tags
                              (one per stack merges its own), and per stack: a load-balancer security
                              group, a for_each of log buckets with their public access blocks, then
                              services: a security group with 2-3 ingress rules and an egress rule,
                              often aws_instance(s) (some with count, some with user_data) and often
                              an aws_s3_bucket + aws_s3_bucket_public_access_block pair
  DIR/live/terraform.tfstate  the state Terraform 1.11.4 with hashicorp/aws v5 writes after applying it
                              (state v4, every attribute as the provider stores it, like
                              snapshots/*/terraform/terraform.tfstate) plus the planted differences
  DIR/planted.json            what was planted, to check a report against

N is the number of managed resource instances in the state. Planted differences:
  ~5% of them drift in one way each: security group ingress rule added, removed or its CIDR changed;
  bucket tag added or changed; one public-access-block flag flipped; instance type changed, IMDSv1
  re-enabled (http_tokens) or a tag added.
  ~1% are in the state but not in the code (removed from the source, still deployed).

Not drift, but stored differently from the code, as the provider does: aws_instance.user_data is
kept in the state as the SHA-1 hex digest of the script (planted.json counts these instances).

Python 3 standard library only.
"""

import argparse
import base64
import hashlib
import json
import os
import random
import sys
import uuid

ACCOUNT = "123456789012"
REGION = "eu-west-1"
PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
TF_VERSION = "1.11.4"
CANONICAL_USER = "75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a"
S3_ZONE = "Z1BKCTXD74EZPE"  # eu-west-1

# `private` of each type, as the provider writes it (timeouts and schema version).
PRIVATE = {
    "aws_instance": base64.b64encode(
        b'{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":600000000000,"delete":1200000000000,'
        b'"read":900000000000,"update":600000000000},"schema_version":"1"}').decode(),
    "aws_security_group": base64.b64encode(
        b'{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":600000000000,"delete":900000000000},'
        b'"schema_version":"1"}').decode(),
    "aws_s3_bucket": base64.b64encode(
        b'{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":1200000000000,"delete":3600000000000,'
        b'"read":1200000000000,"update":1200000000000}}').decode(),
    # A bucket imported long ago (schema version recorded, force_destroy never set).
    "aws_s3_bucket/imported": base64.b64encode(
        b'{"e2bfb730-ecaa-11e6-8f88-34363bc7c4c0":{"create":1200000000000,"delete":3600000000000,'
        b'"read":1200000000000,"update":1200000000000},"schema_version":"0"}').decode(),
    "aws_s3_bucket_public_access_block": "bnVsbA==",
}
SCHEMA_VERSION = {"aws_instance": 1, "aws_security_group": 1, "aws_s3_bucket": 0,
                  "aws_s3_bucket_public_access_block": 0}

STACKS = [
    "payments", "checkout", "catalog", "search", "identity", "orders", "shipping", "pricing",
    "notify", "media", "analytics", "fraud", "ledger", "inventory", "reviews", "loyalty",
    "support", "gateway", "reports",
]
COST_CENTERS = ["cc-1001", "cc-1042", "cc-2210", "cc-3300", "cc-4120"]
SUFFIXES = ["api", "worker", "web", "consumer", "proxy", "indexer", "cron", "sync", "admin", "batch"]
LOG_KINDS = [("alb", "Access logs of the load balancer"), ("audit", "Audit trail exports"),
             ("flow", "VPC flow logs of the stack")]
INSTANCE_TYPES = ["t3.micro", "t3.medium", "m5.large", "c5.xlarge"]
BIGGER = {"t3.micro": "t3.small", "t3.small": "t3.medium", "t3.medium": "t3.large",
          "m5.large": "m5.xlarge", "c5.xlarge": "c5.2xlarge"}
AZS = ["a", "b", "c"]
SUBNET_BASE = {"a": (10, 20, 0), "b": (10, 20, 32), "c": (10, 20, 64)}  # /19 each

DRIFT_KINDS = {
    "aws_security_group": ["ingress_added", "ingress_removed", "ingress_cidr_changed"],
    "aws_s3_bucket": ["tag_added", "tag_changed"],
    "aws_s3_bucket_public_access_block": ["flag_flipped"],
    "aws_instance": ["instance_type", "http_tokens", "tag_added"],
}


# --------------------------------------------------------------------------------------
# Identifiers
# --------------------------------------------------------------------------------------

class Ids:
    def __init__(self, rng):
        self.rng = rng
        self.seen = set()

    def hex17(self, prefix):
        while True:
            v = f"{prefix}-{self.rng.getrandbits(68):017x}"
            if v not in self.seen:
                self.seen.add(v)
                return v

    def uuid(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))


# --------------------------------------------------------------------------------------
# HCL writing (terraform fmt style: two spaces, `=` aligned over runs of one-line attributes)
# --------------------------------------------------------------------------------------

def q(s):
    """An HCL quoted string (the values here need no escapes beyond these)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def hcl_list(items):
    return "[" + ", ".join(items) + "]"


def aligned(pairs, indent):
    """One-line attributes with their `=` aligned, as terraform fmt does."""
    if not pairs:
        return []
    width = max(len(k) for k, _ in pairs)
    pad = " " * indent
    return [f"{pad}{k.ljust(width)} = {v}" for k, v in pairs]


def tags_expr(base_local, extra, indent):
    """`merge(local.x, { ... })` over several lines, or `local.x` when there is nothing extra."""
    if not extra:
        return [" " * indent + f"tags = {base_local}"]
    lines = [" " * indent + f"tags = merge({base_local}, {{"]
    lines += aligned(extra, indent + 2)
    lines.append(" " * indent + "})")
    return lines


# --------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------

class Rule:
    """One ingress/egress block: what the HCL says and what the state holds."""

    def __init__(self, description, protocol, from_port, to_port, cidr=None, cidr_hcl=None,
                 ipv6=None, sg_refs=None, self_=False):
        self.description = description  # None: not set
        self.protocol = protocol
        self.from_port = from_port
        self.to_port = to_port
        self.cidr = cidr or []          # values in the state
        self.cidr_hcl = cidr_hcl        # HCL expression for cidr_blocks (None: literal list)
        self.ipv6 = ipv6 or []
        self.sg_refs = sg_refs or []    # resource names of referenced security groups
        self.self_ = self_

    def hcl(self, kind, indent):
        pad = " " * indent
        pairs = []
        if self.description is not None:
            pairs.append(("description", q(self.description)))
        pairs += [("from_port", str(self.from_port)), ("to_port", str(self.to_port)),
                  ("protocol", q(self.protocol))]
        if self.cidr:
            pairs.append(("cidr_blocks", self.cidr_hcl or hcl_list(q(c) for c in self.cidr)))
        if self.ipv6:
            pairs.append(("ipv6_cidr_blocks", hcl_list(q(c) for c in self.ipv6)))
        if self.sg_refs:
            pairs.append(("security_groups",
                          hcl_list(f"aws_security_group.{r}.id" for r in self.sg_refs)))
        if self.self_:
            pairs.append(("self", "true"))
        return [f"{pad}{kind} {{"] + aligned(pairs, indent + 2) + [f"{pad}}}"]

    def state(self, sg_ids):
        return {
            "cidr_blocks": list(self.cidr),
            "description": self.description or "",
            "from_port": self.from_port,
            "ipv6_cidr_blocks": list(self.ipv6),
            "prefix_list_ids": [],
            "protocol": self.protocol,
            "security_groups": sorted(sg_ids[r] for r in self.sg_refs),
            "self": self.self_,
            "to_port": self.to_port,
        }


class Res:
    """A resource block: type, name, its instances (key -> per-instance facts) and HCL facts."""

    def __init__(self, type_, name, stack):
        self.type = type_
        self.name = name
        self.stack = stack
        self.keys = [None]      # None (single), ints (count) or strings (for_each)
        self.expansion = None   # None, ("count", n) or ("for_each", expr)
        self.deps = []
        self.managed_in_code = True
        self.f = {}             # facts

    def address(self, key):
        if key is None:
            return f"{self.type}.{self.name}"
        if isinstance(key, int):
            return f"{self.type}.{self.name}[{key}]"
        return f'{self.type}.{self.name}["{key}"]'


class Estate:
    def __init__(self, rng, ids, env):
        self.rng = rng
        self.ids = ids
        self.env = env
        self.project = "market"
        self.name = f"{self.project}-{env}"
        self.resources = []
        self.by_stack = {}
        self.sg_ids = {}
        self.used_names = set()
        self.used_buckets = set()
        self.ips = set()
        self.vpc_id = ids.hex17("vpc")
        self.subnets = {az: ids.hex17("subnet") for az in AZS}
        self.ami = "ami-0" + f"{rng.getrandbits(64):016x}"
        self.default_type = "t3.small"
        self.office_cidrs = ["203.0.113.0/24", "198.51.100.0/25"]
        self.monitoring_cidr = "10.20.96.0/24"
        self.vpc_cidr = "10.20.0.0/16"
        self.key_name = "ops-2024"
        self.ebs_key = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{ids.uuid()}"

    def unique(self, base):
        name, k = base, 2
        while name in self.used_names:
            name = f"{base}_{k}"
            k += 1
        self.used_names.add(name)
        return name

    def add(self, res):
        self.resources.append(res)
        self.by_stack.setdefault(res.stack, []).append(res)
        if res.type == "aws_security_group":
            self.sg_ids[res.name] = self.ids.hex17("sg")
        return res

    def private_ip(self, az):
        a, b, c = SUBNET_BASE[az]
        while True:
            off = self.rng.randrange(4, 32 * 256 - 2)
            ip = f"{a}.{b}.{c + off // 256}.{off % 256}"
            if ip not in self.ips:
                self.ips.add(ip)
                return ip


def stack_tags_local(stack):
    return f"local.{stack}_tags"


def new_lb_sg(est, stack):
    r = Res("aws_security_group", est.unique(f"{stack}_lb"), stack)
    r.f = {
        "display": f"{stack}-lb",
        "description": f"Public load balancer of the {stack} stack",
        "ingress": [
            Rule("HTTPS from anywhere", "tcp", 443, 443, ["0.0.0.0/0"], None, ["::/0"]),
            Rule("HTTP from anywhere (redirected to HTTPS)", "tcp", 80, 80, ["0.0.0.0/0"], None, ["::/0"]),
        ],
        "egress": [Rule("To the services inside the VPC", "tcp", 1024, 65535, [est.vpc_cidr], "[var.vpc_cidr]")],
        "tags": {"Name": f"{est.name}-{stack}-lb", "tier": "edge"},
        "tags_hcl": [("Name", q(f"${{local.name}}-{stack}-lb")), ("tier", q("edge"))],
        "comment": [f"Public entry point of the {stack} stack: HTTPS only, HTTP is redirected."],
    }
    return est.add(r)


def service_rules(est, rng, stack, lb_name, port):
    templates = [
        lambda: Rule(f"HTTP from the {stack} load balancer", "tcp", port, port, sg_refs=[lb_name]),
        lambda: Rule("Metrics scrape from the monitoring subnet", "tcp", 9100, 9100,
                     [est.monitoring_cidr], "[var.monitoring_cidr]"),
        lambda: Rule("SSH from the office", "tcp", 22, 22, list(est.office_cidrs), "var.office_cidrs"),
        lambda: Rule("Members of the service talk to each other", "-1", 0, 0, self_=True),
        lambda: Rule("HTTPS from anywhere", "tcp", 443, 443, ["0.0.0.0/0"], None, ["::/0"]),
        lambda: Rule("Service ports from inside the VPC", "tcp", 8000, 8099, [est.vpc_cidr], "[var.vpc_cidr]"),
        lambda: Rule("gRPC from inside the VPC", "tcp", 50051, 50051, [est.vpc_cidr], "[var.vpc_cidr]"),
        lambda: Rule("DNS over UDP from inside the VPC", "udp", 53, 53, [est.vpc_cidr], "[var.vpc_cidr]"),
    ]
    first = 0 if rng.random() < 0.7 else rng.randrange(1, len(templates))
    rest = [i for i in range(1, len(templates)) if i != first]
    chosen = [first] + rng.sample(rest, rng.choice([1, 2, 2]))
    rules = [templates[i]() for i in chosen]
    for r in rules:
        if rng.random() < 0.08:
            r.description = None  # written without a description
    return rules


def egress_rule(est, rng):
    if rng.random() < 0.75:
        if rng.random() < 0.5:
            return Rule("All outbound", "-1", 0, 0, ["0.0.0.0/0"], None, ["::/0"])
        return Rule("All outbound", "-1", 0, 0, ["0.0.0.0/0"])
    return Rule("HTTPS to the internet and AWS APIs", "tcp", 443, 443, ["0.0.0.0/0"])


def new_service(est, rng, stack, lb_name, budget):
    """A service's resources within `budget` instances; returns how many instances it used."""
    k = 1
    while True:
        sfx = rng.choice(SUFFIXES)
        display = f"{stack}-{sfx}" if k == 1 and rng.random() < 0.5 else f"{stack}-{sfx}-{rng.randrange(2, 999)}"
        base = display.replace("-", "_")
        if base not in est.used_names:
            break
        k += 1
    name = est.unique(base)
    port = rng.choice([8080, 8080, 8000, 3000, 9000])
    used = 0
    sg = Res("aws_security_group", name, stack)
    sg.f = {
        "display": display,
        "description": None if rng.random() < 0.1 else f"{display} service",
        "ingress": service_rules(est, rng, stack, lb_name, port),
        "egress": [egress_rule(est, rng)],
        "tags": {"Name": f"{est.name}-{display}"},
        "tags_hcl": [("Name", q(f"${{local.name}}-{display}"))],
        "comment": rng.choice([
            [f"{display}: listens on {port}."],
            [f"{display} ({sfx}). Rules stay inline, one block per opening, so a review shows",
             "every opening in one place."],
            [],
            [],
        ]),
    }
    sg.deps = sorted({f"aws_security_group.{r}" for rule in sg.f["ingress"] for r in rule.sg_refs})
    est.add(sg)
    used += 1

    if budget - used >= 1 and rng.random() < 0.7:
        count = min(rng.choice([1, 1, 1, 2, 2, 3]), budget - used)
        inst = Res("aws_instance", name, stack)
        if count > 1:
            inst.keys = list(range(count))
            inst.expansion = ("count", count)
        itype = None if rng.random() < 0.6 else rng.choice(INSTANCE_TYPES)
        root = None
        if rng.random() < 0.85:
            vt = "gp3" if rng.random() < 0.8 else "gp2"
            root = {"volume_type": vt, "volume_size": rng.choice([8, 20, 20, 30, 50, 100]),
                    "encrypted": rng.random() < 0.9}
        role = sfx
        inst.f = {
            "display": display,
            "instance_type": itype,  # None: var.default_instance_type
            "root": root,
            "imds": rng.random() < 0.9,
            "monitoring": rng.random() < 0.3,
            "key_name": rng.random() < 0.25,
            "user_data": rng.random() < 0.25,
            "tags_extra": [("role", role)] + ([("backup", "daily")] if rng.random() < 0.3 else []),
            "azs": [],
        }
        if count == 1:
            inst.f["azs"] = [rng.choice(AZS)]
        else:
            inst.f["azs"] = [AZS[i % len(AZS)] for i in range(count)]
        inst.deps = sorted(set([f"aws_security_group.{name}"] + sg.deps))
        est.add(inst)
        used += count

    if budget - used >= 2 and rng.random() < 0.55:
        purpose = rng.choice(["data", "exports", "uploads", "artifacts", "assets", "scratch"])
        bname = est.unique(f"{name}_{purpose}")
        bucket_name = f"acme-{est.name}-{display}-{purpose}"
        b = Res("aws_s3_bucket", bname, stack)
        public = purpose == "assets" and rng.random() < 0.5
        b.f = {
            "bucket": bucket_name,
            "bucket_hcl": q(f"acme-${{local.name}}-{display}-{purpose}"),
            "force_destroy": purpose == "scratch",
            "tags": {"Name": f"{est.name}-{display}-{purpose}",
                     "data-class": "public" if public else rng.choice(["internal", "confidential"])},
            "public": public,
        }
        b.f["tags_hcl"] = [("Name", q(f"${{local.name}}-{display}-{purpose}")),
                           ("data-class", q(b.f["tags"]["data-class"]))]
        est.add(b)
        pab = Res("aws_s3_bucket_public_access_block", bname, stack)
        if public:
            flags = {k: False for k in ("block_public_acls", "block_public_policy",
                                        "ignore_public_acls", "restrict_public_buckets")}
        elif rng.random() < 0.2:
            flags = {"block_public_acls": True, "block_public_policy": True}  # the rest left unset
        else:
            flags = {k: True for k in ("block_public_acls", "block_public_policy",
                                       "ignore_public_acls", "restrict_public_buckets")}
        pab.f = {"flags": flags, "bucket": bucket_name, "bucket_ref": f"aws_s3_bucket.{bname}.id",
                 "public": public}
        pab.deps = [f"aws_s3_bucket.{bname}"]
        est.add(pab)
        used += 2
    return used


def new_log_buckets(est, rng, stack, budget):
    kinds = LOG_KINDS[:min(rng.choice([2, 2, 3]), budget // 2)]
    if not kinds:
        return 0
    name = est.unique(f"{stack}_logs")
    b = Res("aws_s3_bucket", name, stack)
    b.keys = sorted(k for k, _ in kinds)
    b.expansion = ("for_each", f"local.{stack}_log_buckets")
    b.f = {"kinds": dict(kinds), "force_destroy": False}
    b.deps = ["data.aws_caller_identity.current"]
    est.add(b)
    p = Res("aws_s3_bucket_public_access_block", name, stack)
    p.keys = list(b.keys)
    p.expansion = ("for_each", f"aws_s3_bucket.{name}")
    p.f = {"flags": {k: True for k in ("block_public_acls", "block_public_policy",
                                       "ignore_public_acls", "restrict_public_buckets")},
           "bucket_ref": "each.value.id", "public": False}
    p.deps = [f"aws_s3_bucket.{name}", "data.aws_caller_identity.current"]
    est.add(p)
    return 2 * len(kinds)


# --------------------------------------------------------------------------------------
# State attributes
# --------------------------------------------------------------------------------------

def stack_tags(est, stack):
    return {"project": est.project, "env": est.env, "managed-by": "terraform", "team": stack,
            "cost-center": COST_CENTERS[STACKS.index(stack) % len(COST_CENTERS)]}


def user_data_text(est, display):
    return ("#!/bin/bash\n"
            "set -euo pipefail\n"
            f'echo "SERVICE={display}" >> /etc/environment\n'
            f'echo "ENVIRONMENT={est.env}" >> /etc/environment\n'
            f"systemctl enable --now {display}\n")


def sg_attrs(est, r):
    sg_id = est.sg_ids[r.name]
    ingress = [rule.state(est.sg_ids) for rule in r.f["ingress"]]
    egress = [rule.state(est.sg_ids) for rule in r.f["egress"]]
    tags = {**stack_tags(est, r.stack), **r.f["tags"]} if r.managed_in_code else dict(r.f["tags"])
    return {
        "arn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/{sg_id}",
        "description": r.f["description"] or "Managed by Terraform",
        "egress": egress,
        "id": sg_id,
        "ingress": ingress,
        "name": f"{est.name}-{r.f['display']}",
        "name_prefix": "",
        "owner_id": ACCOUNT,
        "revoke_rules_on_delete": False,
        "tags": tags,
        "tags_all": dict(tags),
        "timeouts": None,
        "vpc_id": est.vpc_id,
    }


def bucket_attrs(est, bucket, tags, force_destroy):
    return {
        "acceleration_status": "",
        "acl": None,
        "arn": f"arn:aws:s3:::{bucket}",
        "bucket": bucket,
        "bucket_domain_name": f"{bucket}.s3.amazonaws.com",
        "bucket_prefix": "",
        "bucket_regional_domain_name": f"{bucket}.s3.{REGION}.amazonaws.com",
        "cors_rule": [],
        "force_destroy": force_destroy,
        "grant": [{"id": CANONICAL_USER, "permissions": ["FULL_CONTROL"], "type": "CanonicalUser", "uri": ""}],
        "hosted_zone_id": S3_ZONE,
        "id": bucket,
        "lifecycle_rule": [],
        "logging": [],
        "object_lock_configuration": [],
        "object_lock_enabled": False,
        "policy": "",
        "region": REGION,
        "replication_configuration": [],
        "request_payer": "",
        "server_side_encryption_configuration": [{"rule": [{
            "apply_server_side_encryption_by_default": [{"kms_master_key_id": "", "sse_algorithm": "AES256"}],
            "bucket_key_enabled": False}]}],
        "tags": tags,
        "tags_all": dict(tags),
        "timeouts": None,
        "versioning": [{"enabled": False, "mfa_delete": False}],
        "website": [],
        "website_domain": None,
        "website_endpoint": None,
    }


def log_bucket_name(est, stack, kind):
    return f"acme-{est.name}-{stack}-{kind}-logs-{ACCOUNT}"


def pab_attrs(bucket, flags):
    return {
        "block_public_acls": flags.get("block_public_acls", False),
        "block_public_policy": flags.get("block_public_policy", False),
        "bucket": bucket,
        "id": bucket,
        "ignore_public_acls": flags.get("ignore_public_acls", False),
        "restrict_public_buckets": flags.get("restrict_public_buckets", False),
    }


def instance_attrs(est, r, key, tags):
    f = r.f
    az = f["azs"][key if isinstance(key, int) else 0]
    iid = est.ids.hex17("i")
    ip = est.private_ip(az)
    itype = f["instance_type"] or est.default_type
    root = f["root"] or {"volume_type": "gp3", "volume_size": 8, "encrypted": False}
    vt, size = root["volume_type"], root["volume_size"]
    if f["imds"]:
        metadata = {"http_endpoint": "enabled", "http_protocol_ipv6": "disabled",
                    "http_put_response_hop_limit": 1, "http_tokens": "required",
                    "instance_metadata_tags": "disabled"}
    else:  # left to the AMI: Amazon Linux 2023 asks for IMDSv2 with a hop limit of 2
        metadata = {"http_endpoint": "enabled", "http_protocol_ipv6": "disabled",
                    "http_put_response_hop_limit": 2, "http_tokens": "required",
                    "instance_metadata_tags": "disabled"}
    user_data = None
    if f["user_data"]:
        user_data = hashlib.sha1(user_data_text(est, f["display"]).encode()).hexdigest()
    return {
        "ami": est.ami,
        "arn": f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{iid}",
        "associate_public_ip_address": False,
        "availability_zone": f"{REGION}{az}",
        "capacity_reservation_specification": [],
        "cpu_core_count": None,
        "cpu_options": [],
        "cpu_threads_per_core": None,
        "credit_specification": [{"cpu_credits": "unlimited"}] if itype.startswith("t3") else [],
        "disable_api_stop": False,
        "disable_api_termination": False,
        "ebs_block_device": [],
        "ebs_optimized": False,
        "enable_primary_ipv6": None,
        "enclave_options": [],
        "ephemeral_block_device": [],
        "get_password_data": False,
        "hibernation": False,
        "host_id": "",
        "host_resource_group_arn": None,
        "iam_instance_profile": "",
        "id": iid,
        "instance_initiated_shutdown_behavior": "stop",
        "instance_lifecycle": "",
        "instance_market_options": [],
        "instance_state": "running",
        "instance_type": itype,
        "ipv6_address_count": 0,
        "ipv6_addresses": [],
        "key_name": est.key_name if f["key_name"] else "",
        "launch_template": [],
        "maintenance_options": [],
        "metadata_options": [metadata],
        "monitoring": f["monitoring"],
        "network_interface": [],
        "outpost_arn": "",
        "password_data": "",
        "placement_group": "",
        "placement_partition_number": 0,
        "primary_network_interface_id": est.ids.hex17("eni"),
        "private_dns": f"ip-{ip.replace('.', '-')}.{REGION}.compute.internal",
        "private_dns_name_options": [],
        "private_ip": ip,
        "public_dns": "",
        "public_ip": "",
        "root_block_device": [{
            "delete_on_termination": True,
            "device_name": "/dev/xvda",
            "encrypted": root["encrypted"],
            "iops": 3000 if vt == "gp3" else max(100, 3 * size),
            "kms_key_id": est.ebs_key if root["encrypted"] else "",
            "tags": {},
            "tags_all": {},
            "throughput": 125 if vt == "gp3" else 0,
            "volume_id": est.ids.hex17("vol"),
            "volume_size": size,
            "volume_type": vt,
        }],
        "secondary_private_ips": [],
        "security_groups": [],
        "source_dest_check": True,
        "spot_instance_request_id": "",
        "subnet_id": est.subnets[az],
        "tags": tags,
        "tags_all": dict(tags),
        "tenancy": "default",
        "timeouts": None,
        "user_data": user_data,
        "user_data_base64": None,
        "user_data_replace_on_change": False,
        "volume_tags": None,
        "vpc_security_group_ids": [est.sg_ids[f.get("sg", r.name)]],
    }


def live_attrs(est, r, key):
    if r.type == "aws_security_group":
        return sg_attrs(est, r)
    if r.type == "aws_s3_bucket":
        if "kinds" in r.f:
            tags = {**stack_tags(est, r.stack), "Name": f"{est.name}-{r.stack}-{key}-logs",
                    "purpose": r.f["kinds"][key]}
            return bucket_attrs(est, log_bucket_name(est, r.stack, key), tags, False)
        if not r.managed_in_code:
            return bucket_attrs(est, r.f["bucket"], dict(r.f["tags"]), None)
        return bucket_attrs(est, r.f["bucket"], {**stack_tags(est, r.stack), **r.f["tags"]},
                            r.f["force_destroy"])
    if r.type == "aws_s3_bucket_public_access_block":
        if key is not None:
            return pab_attrs(log_bucket_name(est, r.stack, key), r.f["flags"])
        return pab_attrs(r.f["bucket"], r.f["flags"])
    if r.type == "aws_instance":
        suffix = f"-{key}" if isinstance(key, int) else ""
        if r.managed_in_code:
            tags = {**stack_tags(est, r.stack), "Name": f"{est.name}-{r.f['display']}{suffix}",
                    **dict(r.f["tags_extra"])}
        else:
            tags = dict(r.f["tags"])
        return instance_attrs(est, r, key, tags)
    raise ValueError(r.type)


# --------------------------------------------------------------------------------------
# Drift
# --------------------------------------------------------------------------------------

def plant_drift(est, rng, r, key, attrs):
    """Changes `attrs` the way a console edit or a script would; returns (kind, expectation)."""
    kinds = list(DRIFT_KINDS[r.type])
    if r.type == "aws_security_group":
        if not any(rule["cidr_blocks"] for rule in attrs["ingress"]):
            kinds.remove("ingress_cidr_changed")
        if len(attrs["ingress"]) < 2:
            kinds.remove("ingress_removed")
    kind = rng.choice(kinds)
    if kind == "ingress_added":
        rule = rng.choice([
            Rule("debug port (temporary)", "tcp", 8081, 8081, ["10.0.0.0/8"]),
            Rule("vendor support session", "tcp", 3389, 3389, ["0.0.0.0/0"]),
            Rule("", "tcp", 5432, 5432, ["172.16.0.0/12"]),
        ])
        attrs["ingress"].append(rule.state(est.sg_ids))
        return kind, f"ingress: + {rule.protocol} {rule.from_port} from {rule.cidr[0]}"
    if kind == "ingress_removed":
        gone = attrs["ingress"].pop(rng.randrange(len(attrs["ingress"])))
        return kind, f"ingress: - {gone['protocol']} {gone['from_port']}-{gone['to_port']}"
    if kind == "ingress_cidr_changed":
        rule = rng.choice([x for x in attrs["ingress"] if x["cidr_blocks"]])
        old = rule["cidr_blocks"][0]
        new = "0.0.0.0/0" if old != "0.0.0.0/0" else "10.0.0.0/8"
        rule["cidr_blocks"] = sorted(set([new] + rule["cidr_blocks"][1:]))
        return kind, f"ingress {rule['from_port']}: cidr {old} -> {new}"
    if kind == "tag_added":
        tag, value = rng.choice([("scanned-by", "guard"), ("incident", f"inc-{rng.randrange(1000, 9999)}"),
                                 ("owner", "jdoe")])
        attrs["tags"][tag] = value
        attrs["tags_all"][tag] = value
        return kind, f"tags.{tag} added: {value}"
    if kind == "tag_changed":
        tag = rng.choice([t for t in ["team", "cost-center", "data-class"] if t in attrs["tags"]])
        new = {"team": "platform", "cost-center": "cc-9999", "data-class": "restricted"}[tag]
        attrs["tags"][tag] = new
        attrs["tags_all"][tag] = new
        return kind, f"tags.{tag} changed to {new}"
    if kind == "flag_flipped":
        flag = rng.choice(sorted(r.f["flags"]))
        attrs[flag] = not attrs[flag]
        return kind, f"{flag} -> {str(attrs[flag]).lower()}"
    if kind == "instance_type":
        old = attrs["instance_type"]
        attrs["instance_type"] = BIGGER[old]
        return kind, f"instance_type {old} -> {attrs['instance_type']}"
    if kind == "http_tokens":
        attrs["metadata_options"][0]["http_tokens"] = "optional"
        if not r.f["imds"]:  # not configured there: change the type instead
            attrs["metadata_options"][0]["http_tokens"] = "required"
            old = attrs["instance_type"]
            attrs["instance_type"] = BIGGER[old]
            return "instance_type", f"instance_type {old} -> {attrs['instance_type']}"
        return kind, "metadata_options.http_tokens required -> optional"
    raise ValueError(kind)


# --------------------------------------------------------------------------------------
# HCL files
# --------------------------------------------------------------------------------------

def hcl_resource(est, r):
    L = []
    f = r.f
    tl = stack_tags_local(r.stack)
    if r.type == "aws_security_group":
        for c in f.get("comment", []):
            L.append(f"# {c}")
        L.append(f'resource "aws_security_group" "{r.name}" {{')
        pairs = [("name", q(f"${{local.name}}-{f['display']}"))]
        if f["description"] is not None:
            pairs.append(("description", q(f["description"])))
        pairs.append(("vpc_id", "var.vpc_id"))
        L += aligned(pairs, 2)
        for rule in f["ingress"]:
            L.append("")
            if rule.cidr_hcl == "var.office_cidrs" and est.rng.random() < 0.3:
                L.append("  # TODO(OPS-311): move to the bastion once it exists.")
            L += rule.hcl("ingress", 2)
        for rule in f["egress"]:
            L.append("")
            L += rule.hcl("egress", 2)
        L.append("")
        L += tags_expr(tl, f["tags_hcl"], 2)
        L.append("}")
    elif r.type == "aws_instance":
        if f["user_data"] and est.rng.random() < 0.5:
            L.append(f"# {f['display']} boots from the stock AMI; user data only enables its unit.")
        L.append(f'resource "aws_instance" "{r.name}" {{')
        if r.expansion:
            L.append(f"  count = {r.expansion[1]}")
            L.append("")
        subnet = ("element(values(var.private_subnet_ids), count.index)" if r.expansion
                  else f'var.private_subnet_ids["{f["azs"][0]}"]')
        pairs = [("ami", "var.app_ami"),
                 ("instance_type", q(f["instance_type"]) if f["instance_type"] else "var.default_instance_type"),
                 ("subnet_id", subnet),
                 ("vpc_security_group_ids", f"[aws_security_group.{r.name}.id]")]
        if f["key_name"]:
            pairs.append(("key_name", "var.ssh_key_name"))
        if f["monitoring"]:
            pairs.append(("monitoring", "true"))
        L += aligned(pairs, 2)
        if f["root"]:
            L += ["", "  root_block_device {"]
            L += aligned([("volume_type", q(f["root"]["volume_type"])),
                          ("volume_size", str(f["root"]["volume_size"])),
                          ("encrypted", "true" if f["root"]["encrypted"] else "false")], 4)
            L.append("  }")
        if f["imds"]:
            L += ["", "  # IMDSv2 only.", "  metadata_options {", '    http_tokens = "required"', "  }"]
        if f["user_data"]:
            L += ["", "  user_data = <<-EOT"]
            for line in user_data_text(est, f["display"]).rstrip("\n").split("\n"):
                line = line.replace(f"ENVIRONMENT={est.env}", "ENVIRONMENT=${var.environment}")
                L.append("    " + line)
            L.append("  EOT")
        L.append("")
        suffix = "-${count.index}" if r.expansion else ""
        extra = [("Name", q(f"${{local.name}}-{f['display']}{suffix}"))]
        extra += [(k, q(v)) for k, v in f["tags_extra"]]
        L += tags_expr(tl, extra, 2)
        L.append("}")
    elif r.type == "aws_s3_bucket":
        if "kinds" in f:
            L.append(f"# One bucket per kind of log; the account ID keeps the names globally unique.")
            L.append(f'resource "aws_s3_bucket" "{r.name}" {{')
            L.append(f"  for_each = {r.expansion[1]}")
            L.append("")
            L.append('  bucket = "acme-${local.name}-' + r.stack
                     + '-${each.key}-logs-${data.aws_caller_identity.current.account_id}"')
            L.append("")
            L += tags_expr(tl, [("Name", q(f"${{local.name}}-{r.stack}-${{each.key}}-logs")),
                                ("purpose", "each.value")], 2)
            L.append("}")
        else:
            if f["force_destroy"]:
                L.append("# Scratch space: emptied and destroyed with the stack.")
            L.append(f'resource "aws_s3_bucket" "{r.name}" {{')
            pairs = [("bucket", f["bucket_hcl"])]
            if f["force_destroy"]:
                pairs.append(("force_destroy", "true"))
            L += aligned(pairs, 2)
            L.append("")
            L += tags_expr(tl, f["tags_hcl"], 2)
            L.append("}")
    elif r.type == "aws_s3_bucket_public_access_block":
        if f["public"]:
            L.append("# Served straight from the bucket (no CDN yet), so nothing is blocked here.")
        L.append(f'resource "aws_s3_bucket_public_access_block" "{r.name}" {{')
        if r.expansion:
            L.append(f"  for_each = {r.expansion[1]}")
            L.append("")
        L.append(f"  bucket = {f['bucket_ref']}")
        L.append("")
        L += aligned([(k, "true" if v else "false") for k, v in f["flags"].items()], 2)
        L.append("}")
    return L


def hcl_stack_file(est, stack, resources):
    L = [f"# The {stack} stack: its load balancer's security group, its log buckets and its services.",
         f"# Owned by the {stack} team; changes need a review from #{stack}-oncall.", ""]
    L.append("locals {")
    L.append(f"  {stack}_tags = merge(local.tags, {{")
    L += aligned([("team", q(stack)),
                  ("cost-center", q(COST_CENTERS[STACKS.index(stack) % len(COST_CENTERS)]))], 4)
    L.append("  })")
    logs = [r for r in resources if r.type == "aws_s3_bucket" and "kinds" in r.f]
    if logs:
        L.append("")
        L.append(f"  # Log buckets of the stack, by kind.")
        L.append(f"  {stack}_log_buckets = {{")
        L += aligned([(k, q(v)) for k, v in sorted(logs[0].f["kinds"].items())], 4)
        L.append("  }")
    L.append("}")
    for r in resources:
        if not r.managed_in_code:
            continue
        L.append("")
        L += hcl_resource(est, r)
    return "\n".join(L) + "\n"


VERSIONS_TF = """terraform {
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }

  # CI reads this state with `terraform state pull` every night.
  backend "s3" {
    bucket         = "acme-terraform-state-123456789012"
    key            = "market/prod/terraform.tfstate"
    region         = "eu-west-1"
    dynamodb_table = "terraform-locks"
    encrypt        = true
  }
}

provider "aws" {
  region = var.region
}
"""

VARIABLES_TF = """variable "region" {
  description = "AWS region for the whole estate."
  type        = string
  default     = "eu-west-1"
}

variable "project" {
  description = "Project name; the first part of every name."
  type        = string
}

variable "environment" {
  description = "Deployment stage; part of names and tags."
  type        = string
  default     = "staging"

  validation {
    condition     = contains(["staging", "prod"], var.environment)
    error_message = "The environment must be \\"staging\\" or \\"prod\\"."
  }
}

# The network is managed by the network team's configuration; only its IDs come here.
variable "vpc_id" {
  description = "ID of the shared VPC."
  type        = string
}

variable "vpc_cidr" {
  description = "Address range of the shared VPC."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnet IDs by availability-zone letter."
  type        = map(string)
}

variable "office_cidrs" {
  description = "Public ranges of the offices (SSH)."
  type        = list(string)
  default     = []
}

variable "monitoring_cidr" {
  description = "Subnet of the Prometheus scrapers."
  type        = string
}

variable "app_ami" {
  description = "AMI of every service instance (Amazon Linux 2023)."
  type        = string
}

variable "default_instance_type" {
  description = "Instance type of services that do not choose one."
  type        = string
  default     = "t3.micro"
}

variable "ssh_key_name" {
  description = "Key pair for break-glass SSH access."
  type        = string
  default     = null
}
"""


def main_tf(est, with_caller_identity):
    L = ["# The market estate on AWS: every stack's security groups, buckets and instances.",
         "# The VPC comes from the network team's configuration (see variables.tf).", "",
         "locals {",
         '  name = "${var.project}-${var.environment}"',
         "",
         '  # Every resource carries these; the cost report groups by "team" and "cost-center".',
         "  tags = {"]
    L += aligned([("project", "var.project"), ("env", "var.environment"), ("managed-by", q("terraform"))], 4)
    L += ["  }", "}"]
    if with_caller_identity:
        L += ["", 'data "aws_caller_identity" "current" {}']
    L += ["", 'output "vpc_id" {', '  description = "ID of the shared VPC (for the network team\'s checks)."',
          "  value       = var.vpc_id", "}"]
    return "\n".join(L) + "\n"


def tfvars(est):
    L = ["# Production values. Nothing secret here: CI passes secrets as TF_VAR_*.",
         ""]
    L += aligned([("project", q(est.project)), ("environment", q(est.env)), ("region", q(REGION))], 0)
    L += ["", "# Shared network (owned by the network team)."]
    L += aligned([("vpc_id", q(est.vpc_id)), ("vpc_cidr", q(est.vpc_cidr))], 0)
    L += ["private_subnet_ids = {"]
    L += aligned([(az, q(est.subnets[az])) for az in AZS], 2)
    L += ["}", ""]
    L += aligned([("office_cidrs", hcl_list(q(c) for c in est.office_cidrs)),
                  ("monitoring_cidr", q(est.monitoring_cidr))], 0)
    L += [""]
    L += aligned([("app_ami", q(est.ami)), ("default_instance_type", q(est.default_type)),
                  ("ssh_key_name", q(est.key_name))], 0)
    return "\n".join(L) + "\n"


# --------------------------------------------------------------------------------------
# Unmanaged resources (in the state, removed from the code)
# --------------------------------------------------------------------------------------

def new_unmanaged(est, rng, i):
    stack = rng.choice(STACKS[:max(1, len(est.by_stack))])
    kind = rng.choice(["aws_s3_bucket", "aws_security_group", "aws_instance"])
    if kind == "aws_s3_bucket":
        name = est.unique(f"legacy_{stack}_exports_{i}")
        r = Res(kind, name, stack)
        r.f = {"bucket": f"acme-{stack}-legacy-exports-{i}",
               "tags": {"owner": "ops", "purpose": "exports-pre-2024"}}
    elif kind == "aws_security_group":
        name = est.unique(f"{stack}_debug_{i}")
        r = Res(kind, name, stack)
        r.f = {"display": f"{stack}-debug-{i}", "description": f"Temporary debug access for {stack}",
               "ingress": [Rule("SSH for debugging", "tcp", 22, 22, ["0.0.0.0/0"]),
                           Rule("debug port", "tcp", 8081, 8081, ["10.0.0.0/8"])],
               "egress": [Rule("All outbound", "-1", 0, 0, ["0.0.0.0/0"])],
               "tags": {"Name": f"{est.name}-{stack}-debug-{i}", "owner": "sre"}}
    else:
        name = est.unique(f"{stack}_canary_{i}")
        r = Res(kind, name, stack)
        sg = next((x for x in est.by_stack.get(stack, [])
                   if x.type == "aws_security_group" and x.managed_in_code), None)
        r.f = {"display": f"{stack}-canary-{i}", "instance_type": "t3.micro", "root": None, "imds": True,
               "monitoring": False, "key_name": True, "user_data": False, "azs": [rng.choice(AZS)],
               "tags": {"Name": f"{est.name}-{stack}-canary-{i}", "role": "canary"}}
        if sg is not None:
            r.f["sg"] = sg.name
            r.deps = [f"aws_security_group.{sg.name}"]
        else:
            kind = "aws_s3_bucket"
            r = Res(kind, est.unique(f"legacy_{stack}_exports_{i}"), stack)
            r.f = {"bucket": f"acme-{stack}-legacy-exports-{i}",
                   "tags": {"owner": "ops", "purpose": "exports-pre-2024"}}
    r.managed_in_code = False
    return est.add(r)


# --------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--resources", type=int, required=True,
                    help="number of managed resource instances in the state")
    ap.add_argument("--out", required=True, help="output directory (iac/ and live/ go inside)")
    ap.add_argument("--seed", type=int, default=20241121, help="random seed (default 20241121)")
    args = ap.parse_args(argv)
    n = args.resources
    if n < 2:
        ap.error("--resources must be at least 2")

    rng = random.Random(args.seed)
    ids = Ids(random.Random(args.seed + 1))
    est = Estate(rng, ids, "prod")

    n_unmanaged = max(1, round(n * 0.01))
    budget = n - n_unmanaged
    n_stacks = max(1, min(len(STACKS), round(budget / 60)))
    stacks = STACKS[:n_stacks]
    lbs = {}
    for s in stacks:
        if budget < 1:
            break
        lbs[s] = new_lb_sg(est, s).name
        budget -= 1
        if budget >= 8:
            budget -= new_log_buckets(est, rng, s, budget)
    i = 0
    while budget > 0:
        s = stacks[i % len(stacks)] if rng.random() < 0.8 else rng.choice(stacks)
        budget -= new_service(est, rng, s, lbs[s], budget)
        i += 1
    for j in range(n_unmanaged):
        new_unmanaged(est, rng, j + 1)

    # Live attributes of every instance, then the planted drift.
    live = {}
    configured = []
    for r in est.resources:
        for key in r.keys:
            live[(r.name, r.type, key)] = live_attrs(est, r, key)
            if r.managed_in_code:
                configured.append((r, key))
    n_drift = max(1, round(n * 0.05))
    planted = {"seed": args.seed, "resources": n, "drifted": [], "unmanaged": [],
               "user_data_instances": 0}
    for r, key in sorted(rng.sample(configured, min(n_drift, len(configured))),
                         key=lambda x: x[0].address(x[1])):
        kind, expect = plant_drift(est, rng, r, key, live[(r.name, r.type, key)])
        planted["drifted"].append({"address": r.address(key), "type": r.type, "drift": kind,
                                   "expect": expect})
    for r in est.resources:
        if not r.managed_in_code:
            planted["unmanaged"].append({"address": r.address(None), "type": r.type})
        if r.type == "aws_instance" and r.managed_in_code and r.f["user_data"]:
            planted["user_data_instances"] += len(r.keys)
    # Sets come out of Terraform in its own order, not the configuration's.
    for attrs in live.values():
        for k in ("ingress", "egress"):
            if k in attrs:
                rng.shuffle(attrs[k])

    out = args.out
    sizes = {"iac": [0, 0], "live": [0, 0]}

    def write(rel, text, part):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode("utf-8")
        with open(path, "wb") as fh:
            fh.write(data)
        sizes[part][0] += 1
        sizes[part][1] += len(data)

    has_logs = any("kinds" in r.f for r in est.resources)
    write("iac/versions.tf", VERSIONS_TF, "iac")
    write("iac/variables.tf", VARIABLES_TF, "iac")
    write("iac/terraform.tfvars", tfvars(est), "iac")
    write("iac/main.tf", main_tf(est, has_logs), "iac")
    for s in stacks:
        write(f"iac/main_{s}.tf", hcl_stack_file(est, s, est.by_stack.get(s, [])), "iac")

    # The state, resources sorted as Terraform sorts them (module, mode, type, name).
    entries = []
    if has_logs:
        entries.append(("", "data", "aws_caller_identity", "current", {
            "mode": "data", "type": "aws_caller_identity", "name": "current", "provider": PROVIDER,
            "instances": [{"schema_version": 0, "attributes": {
                "account_id": ACCOUNT,
                "arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/terraform-ci/nightly-capture",
                "id": ACCOUNT, "user_id": "AROAYVQ6K3NQ2XMPL4TZB:nightly-capture"},
                "sensitive_attributes": []}]}))
    for r in est.resources:
        instances = []
        keys = sorted(r.keys, key=lambda k: (0, k) if isinstance(k, int) else (1, k or ""))
        for key in keys:
            inst = {}
            if key is not None:
                inst["index_key"] = key
            inst["schema_version"] = SCHEMA_VERSION[r.type]
            inst["attributes"] = sort_maps(live[(r.name, r.type, key)])
            inst["sensitive_attributes"] = []
            priv = r.type
            if r.type == "aws_s3_bucket" and not r.managed_in_code:
                priv = "aws_s3_bucket/imported"
            inst["private"] = PRIVATE[priv]
            if r.deps:
                inst["dependencies"] = sorted(r.deps)
            instances.append(inst)
        entries.append(("", "managed", r.type, r.name, {
            "mode": "managed", "type": r.type, "name": r.name, "provider": PROVIDER,
            "instances": instances}))
    entries.sort(key=lambda e: e[:4])
    state = {
        "version": 4,
        "terraform_version": TF_VERSION,
        "serial": 100 + n // 7,
        "lineage": ids.uuid(),
        "outputs": {"vpc_id": {"value": est.vpc_id, "type": "string"}},
        "resources": [e[4] for e in entries],
        "check_results": [{
            "object_kind": "var", "config_addr": "var.environment", "status": "pass",
            "objects": [{"object_addr": "var.environment", "status": "pass"}]}],
    }
    text = json.dumps(state, indent=2, ensure_ascii=False)
    # Go's encoding/json escapes these in strings, as Terraform's state writer does.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"
    write("live/terraform.tfstate", text, "live")

    by_type = {}
    for r in est.resources:
        if r.managed_in_code:
            by_type[r.type] = by_type.get(r.type, 0) + len(r.keys)
    planted["configured_by_type"] = dict(sorted(by_type.items()))
    planted["expected_summary"] = {
        "resources": n, "drifted": len(planted["drifted"]), "unmanaged": len(planted["unmanaged"]),
        "missing": 0, "inSync": n - len(planted["drifted"]) - len(planted["unmanaged"]),
    }
    with open(os.path.join(out, "planted.json"), "w") as fh:
        json.dump(planted, fh, indent=2, sort_keys=True)
        fh.write("\n")

    total = sizes["iac"][1] + sizes["live"][1]
    print(f"resources={n} stacks={len(stacks)} "
          + " ".join(f"{t}={c}" for t, c in sorted(by_type.items())))
    print(f"planted: drifted={len(planted['drifted'])} unmanaged={len(planted['unmanaged'])} "
          f"(user_data instances, not drift: {planted['user_data_instances']})")
    print(f"iac:   {sizes['iac'][0]} files, {sizes['iac'][1]} bytes ({sizes['iac'][1] / 1e6:.1f} MB)")
    print(f"live:  {sizes['live'][0]} file, {sizes['live'][1]} bytes ({sizes['live'][1] / 1e6:.1f} MB)")
    print(f"total: {sizes['iac'][0] + sizes['live'][0]} files, {total} bytes ({total / 1e6:.1f} MB) in {out}")
    return 0


def sort_maps(v):
    """Objects and maps with their keys sorted, as cty's JSON encoding writes them."""
    if isinstance(v, dict):
        return {k: sort_maps(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [sort_maps(x) for x in v]
    return v


if __name__ == "__main__":
    sys.exit(main())
