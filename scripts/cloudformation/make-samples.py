#!/usr/bin/env python3
"""Regenerates snapshots/<capture>/cloudformation/ for the three sample captures, from moto.

    python3 scripts/cloudformation/make-samples.py

Needs the AWS CLI and moto 5 (`pip install 'moto[server]' awscli`). It starts moto (through
moto_server.py next to this file, which completes moto's CloudFormation handlers) on a free loopback
port, creates the stacks from iac-samples/cloudformation/, plays the story below with the AWS CLI,
captures each day with capture.sh, then rewrites what moto makes up at random (ids, dates) into the
fixed, realistic values below and adds what AWS returns but moto does not (DriftInformation, the
aws:cloudformation:* tags on buckets, the default security group's self rule, RoleLastUsed). Every run
writes the same files.

The story (the templates are the IaC; every change happens behind CloudFormation's back):
  2026-11-19  both stacks in sync.
  2026-11-20  an auto-remediation tool puts a full public-access block on the assets bucket, revokes the
              0.0.0.0/0 rule on 8080 (debug listener) and enables versioning on the logs bucket.
  2026-11-21  as before, plus SSH opened to 0.0.0.0/0 by hand, AdministratorAccess attached to the app
              role, versioning enabled on the assets bucket by hand, and a hand-made `debug-sg`.
              Also: describe-stack-resource-drifts for shop-edge and a Cloud Control get-resource of
              the app role (moto has neither: they are derived from the captured state).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SAMPLES = ROOT / "iac-samples" / "cloudformation"
SNAPSHOTS = ROOT / "snapshots"

ACCOUNT = "123456789012"
REGION = "us-east-1"
ASSETS = f"shop-assets-prod-{ACCOUNT}"
LOGS = f"shop-logs-{ACCOUNT}"
ROLE = "shop-app-prod"

# Fixed ids (moto's are random).
GROUP_IDS = {"default": "sg-03a9c1e7d2b4f8a56", "shop-web-prod": "sg-0b7f3c2a91d4e5f60", "debug-sg": "sg-0e5d8b1c4a7f29d03"}
VPC_ID = "vpc-0c4e1a9b7d3f62e85"
STACK_UUIDS = {"shop-edge": "5c3e8a40-a0c6-11f1-9b2e-0a6f3c1d4e57", "shop-logs": "7e91b2c0-a0c7-11f1-a4c8-12e5f0b9d361"}
ROLE_ID = "AROAQ3EGRTX7K5NLM2PZD"

# Fixed dates: the stacks were created on 2026-10-02.
STACK_CREATED = {"shop-edge": "2026-10-02T09:13:58.214Z", "shop-logs": "2026-10-02T09:21:40.877Z"}
RESOURCE_CREATED = {
    ("shop-edge", "WebSecurityGroup"): "2026-10-02T09:14:05.630Z",
    ("shop-edge", "AppRole"): "2026-10-02T09:14:20.941Z",
    ("shop-edge", "AssetsBucket"): "2026-10-02T09:14:27.118Z",
    ("shop-logs", "LogsBucket"): "2026-10-02T09:22:03.402Z",
}
ROLE_CREATED = "2026-10-02T09:14:08Z"
ROLE_LAST_USED = {
    "2026-11-19T02-00Z": "2026-11-19T01:52:37Z",
    "2026-11-20T02-00Z": "2026-11-20T01:55:02Z",
    "2026-11-21T02-00Z": "2026-11-21T01:49:18Z",
}
DRIFT_CHECKED = {"WebSecurityGroup": "2026-11-21T01:58:43.912Z", "AssetsBucket": "2026-11-21T01:58:44.207Z",
                 "AppRole": "2026-11-21T01:58:44.655Z"}
STACK_DRIFT_CHECKED = "2026-11-21T01:58:45.018Z"

CAPTURES = ["2026-11-19T02-00Z", "2026-11-20T02-00Z", "2026-11-21T02-00Z"]


class Moto:
    """moto's server on a free loopback port, stopped on exit."""

    def __init__(self, workdir: Path):
        self.log = open(workdir / "moto.log", "w")
        for _ in range(10):
            with socket.socket() as probe:
                probe.bind(("127.0.0.1", 0))
                self.port = probe.getsockname()[1]
            self.process = subprocess.Popen(
                [sys.executable, str(HERE / "moto_server.py"), "-H", "127.0.0.1", "-p", str(self.port)],
                stdout=self.log, stderr=subprocess.STDOUT)
            if self._wait():
                break
            self.stop()
        else:
            sys.exit("make-samples: moto did not start (see moto.log)")
        self.env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
                        AWS_DEFAULT_REGION=REGION, AWS_ENDPOINT_URL=f"http://127.0.0.1:{self.port}",
                        AWS_PAGER="")
        self.env.pop("AWS_PROFILE", None)

    def _wait(self) -> bool:
        for _ in range(100):
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/moto-api/", timeout=1):
                    return True
            except OSError:
                time.sleep(0.2)
        return False

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def aws(self, *args: str):
        result = subprocess.run(["aws", "--output", "json", *args], env=self.env, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"make-samples: aws {' '.join(args)} failed:\n{result.stderr}")
        return json.loads(result.stdout) if result.stdout.strip() else None


# --- the story --------------------------------------------------------------------------------------------

def create_stacks(moto: Moto) -> None:
    moto.aws("cloudformation", "create-stack", "--stack-name", "shop-edge",
             "--template-body", f"file://{SAMPLES / 'shop-edge.yaml'}",
             "--parameters", f"file://{SAMPLES / 'shop-edge.parameters.json'}",
             "--capabilities", "CAPABILITY_NAMED_IAM")
    moto.aws("cloudformation", "create-stack", "--stack-name", "shop-logs",
             "--template-body", f"file://{SAMPLES / 'shop-logs.json'}")


def web_group(moto: Moto) -> str:
    return moto.aws("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=shop-web-prod",
                    "--query", "SecurityGroups[0].GroupId")


def day2(moto: Moto) -> None:
    """The auto-remediation tool."""
    moto.aws("s3api", "put-public-access-block", "--bucket", ASSETS, "--public-access-block-configuration",
             "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true")
    moto.aws("ec2", "revoke-security-group-ingress", "--group-id", web_group(moto),
             "--protocol", "tcp", "--port", "8080", "--cidr", "0.0.0.0/0")
    moto.aws("s3api", "put-bucket-versioning", "--bucket", LOGS, "--versioning-configuration", "Status=Enabled")


def day3(moto: Moto) -> None:
    """People, by hand."""
    moto.aws("ec2", "authorize-security-group-ingress", "--group-id", web_group(moto),
             "--protocol", "tcp", "--port", "22", "--cidr", "0.0.0.0/0")
    moto.aws("iam", "attach-role-policy", "--role-name", ROLE,
             "--policy-arn", "arn:aws:iam::aws:policy/AdministratorAccess")
    moto.aws("s3api", "put-bucket-versioning", "--bucket", ASSETS, "--versioning-configuration", "Status=Enabled")
    debug = moto.aws("ec2", "create-security-group", "--group-name", "debug-sg",
                     "--description", "temporary debugging access")["GroupId"]
    moto.aws("ec2", "authorize-security-group-ingress", "--group-id", debug, "--ip-permissions",
             'IpProtocol=tcp,FromPort=5005,ToPort=5005,IpRanges=[{CidrIp=0.0.0.0/0,Description="jdwp remote debug"}]')


# --- capture and rewrite -----------------------------------------------------------------------------------

def capture(moto: Moto, folder: Path) -> None:
    subprocess.run([str(HERE / "capture.sh"), str(folder), "shop-edge", "shop-logs"], env=moto.env, check=True)


def read(path: Path):
    return json.loads(path.read_text())


def write(path: Path, value) -> None:
    """As the AWS CLI prints JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=4, ensure_ascii=False) + "\n")


def id_map(folder: Path) -> dict[str, str]:
    """moto's random ids in this capture → the fixed ones."""
    mapping = {}
    for group in read(folder / "ec2" / "describe-security-groups.json")["SecurityGroups"]:
        mapping[group["GroupId"]] = GROUP_IDS[group["GroupName"]]
        mapping[group["VpcId"]] = VPC_ID
    for stack in read(folder / "describe-stacks.json")["Stacks"]:
        mapping[stack["StackId"].rsplit("/", 1)[1]] = STACK_UUIDS[stack["StackName"]]
    mapping[read(folder / "iam" / ROLE / "get-role.json")["Role"]["RoleId"]] = ROLE_ID
    return mapping


def rewrite(folder: Path, capture_name: str, drifted: bool) -> None:
    mapping = id_map(folder)
    for path in sorted(folder.rglob("*.json")):
        text = path.read_text()
        for old, new in mapping.items():
            text = text.replace(old, new)
        path.write_text(text)

    logical_ids = {}
    for stack in ("shop-edge", "shop-logs"):
        path = folder / f"describe-stack-resources-{stack}.json"
        document = read(path)
        for resource in document["StackResources"]:
            logical_ids[resource["PhysicalResourceId"]] = (stack, resource["LogicalResourceId"])
            resource["Timestamp"] = RESOURCE_CREATED[(stack, resource["LogicalResourceId"])]
            if drifted and stack == "shop-edge":
                resource["DriftInformation"] = {"StackResourceDriftStatus": "MODIFIED",
                                                "LastCheckTimestamp": DRIFT_CHECKED[resource["LogicalResourceId"]]}
            else:
                resource["DriftInformation"] = {"StackResourceDriftStatus": "NOT_CHECKED"}
        write(path, document)

    path = folder / "describe-stacks.json"
    stacks = []
    for stack in read(path)["Stacks"]:
        name = stack["StackName"]
        shaped = {key: stack[key] for key in ("StackId", "StackName", "Description", "Parameters") if key in stack}
        shaped["CreationTime"] = STACK_CREATED[name]
        shaped["RollbackConfiguration"] = {}
        shaped.update({key: stack[key] for key in ("StackStatus", "DisableRollback", "NotificationARNs")})
        if name == "shop-edge":
            shaped["Capabilities"] = ["CAPABILITY_NAMED_IAM"]
        if stack.get("Outputs"):
            shaped["Outputs"] = stack["Outputs"]
        shaped["Tags"] = stack.get("Tags", [])
        shaped["EnableTerminationProtection"] = stack.get("EnableTerminationProtection", False)
        if drifted and name == "shop-edge":
            shaped["DriftInformation"] = {"StackDriftStatus": "DRIFTED", "LastCheckTimestamp": STACK_DRIFT_CHECKED}
        else:
            shaped["DriftInformation"] = {"StackDriftStatus": "NOT_CHECKED"}
        stacks.append(shaped)
    write(path, {"Stacks": sorted(stacks, key=lambda stack: stack["StackName"])})

    path = folder / "ec2" / "describe-security-groups.json"
    document = read(path)
    for group in document["SecurityGroups"]:
        for permission in group["IpPermissions"] + group["IpPermissionsEgress"]:
            permission["IpRanges"] = [
                {key: value for key, value in (("CidrIp", r.get("CidrIp")), ("Description", r.get("Description")))
                 if value is not None} for r in permission["IpRanges"]]
        if group["GroupName"] == "default" and not group["IpPermissions"]:
            # AWS's default group lets its own members in; moto's has no rule at all.
            group["IpPermissions"] = [{"IpProtocol": "-1", "UserIdGroupPairs": [
                {"UserId": ACCOUNT, "GroupId": group["GroupId"]}], "IpRanges": [], "Ipv6Ranges": [], "PrefixListIds": []}]
    write(path, document)

    # CloudFormation tags the buckets it creates (moto only tags EC2 resources).
    for bucket in (ASSETS, LOGS):
        stack, logical = logical_ids[bucket]
        path = folder / "s3" / bucket / "get-bucket-tagging.json"
        tags = read(path)["TagSet"] if path.exists() else []
        tags += [{"Key": "aws:cloudformation:stack-name", "Value": stack},
                 {"Key": "aws:cloudformation:stack-id",
                  "Value": f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/{stack}/{STACK_UUIDS[stack]}"},
                 {"Key": "aws:cloudformation:logical-id", "Value": logical}]
        write(path, {"TagSet": tags})

    path = folder / "iam" / ROLE / "get-role.json"
    document = read(path)
    role = document["Role"]
    role["CreateDate"] = ROLE_CREATED
    if role.get("Description") == "":
        del role["Description"]  # AWS leaves it out when the role has none
    role["RoleLastUsed"] = {"LastUsedDate": ROLE_LAST_USED[capture_name], "Region": REGION}
    write(path, document)


# --- what moto cannot produce: drift detection and Cloud Control --------------------------------------------

def rules(group: dict) -> list[dict]:
    result = []
    for permission in group["IpPermissions"]:
        for source in permission["IpRanges"]:
            rule = {"CidrIp": source["CidrIp"]}
            if "Description" in source:
                rule["Description"] = source["Description"]
            rule.update(FromPort=permission["FromPort"], IpProtocol=permission["IpProtocol"], ToPort=permission["ToPort"])
            result.append(rule)
    return result


def user_tags(tags: list[dict]) -> list[dict]:
    return [tag for tag in tags if not tag["Key"].startswith("aws:")]


def cfn_properties(folder: Path) -> dict[str, dict]:
    """The shop-edge resources as CloudFormation properties (the ones the template sets)."""
    group = next(g for g in read(folder / "ec2" / "describe-security-groups.json")["SecurityGroups"]
                 if g["GroupName"] == "shop-web-prod")
    s3 = folder / "s3" / ASSETS
    block = read(s3 / "get-public-access-block.json")["PublicAccessBlockConfiguration"]
    encryption = read(s3 / "get-bucket-encryption.json")["ServerSideEncryptionConfiguration"]["Rules"][0]
    iam = folder / "iam" / ROLE
    role = read(iam / "get-role.json")["Role"]
    policies = [read(path) for path in sorted(iam.glob("get-role-policy-*.json"))]
    return {
        "WebSecurityGroup": {
            "GroupDescription": group["Description"],
            "GroupName": group["GroupName"],
            "SecurityGroupIngress": rules(group),
            "Tags": user_tags(group["Tags"]),
        },
        "AssetsBucket": {
            "BucketName": ASSETS,
            "PublicAccessBlockConfiguration": {key: block[key] for key in (
                "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": encryption["ApplyServerSideEncryptionByDefault"]}]},
            "VersioningConfiguration": read(s3 / "get-bucket-versioning.json"),
            "Tags": user_tags(read(s3 / "get-bucket-tagging.json")["TagSet"]),
        },
        "AppRole": {
            "RoleName": role["RoleName"],
            "MaxSessionDuration": role["MaxSessionDuration"],
            "AssumeRolePolicyDocument": role["AssumeRolePolicyDocument"],
            "ManagedPolicyArns": [p["PolicyArn"] for p in read(iam / "list-attached-role-policies.json")["AttachedPolicies"]],
            "Policies": [{"PolicyDocument": p["PolicyDocument"], "PolicyName": p["PolicyName"]} for p in policies],
        },
    }


def text(value) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def differences(expected, actual, path: str = "") -> list[dict]:
    """PropertyDifferences as CloudFormation reports them: lists compared as sets (ADD/REMOVE of whole
    items at their own index), maps key by key, scalars NOT_EQUAL."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        found = []
        for key in expected:
            if key not in actual:
                found.append({"PropertyPath": f"{path}/{key}", "ExpectedValue": text(expected[key]),
                              "ActualValue": "null", "DifferenceType": "REMOVE"})
            else:
                found += differences(expected[key], actual[key], f"{path}/{key}")
        return found
    if isinstance(expected, list) and isinstance(actual, list):
        found = []
        for index, item in enumerate(expected):
            if item not in actual:
                found.append({"PropertyPath": f"{path}/{index}", "ExpectedValue": text(item),
                              "ActualValue": "null", "DifferenceType": "REMOVE"})
        for index, item in enumerate(actual):
            if item not in expected:
                found.append({"PropertyPath": f"{path}/{index}", "ExpectedValue": "null",
                              "ActualValue": text(item), "DifferenceType": "ADD"})
        return found
    if expected != actual:
        return [{"PropertyPath": path, "ExpectedValue": text(expected), "ActualValue": text(actual),
                 "DifferenceType": "NOT_EQUAL"}]
    return []


def drift_and_cloud_control(in_sync: Path, folder: Path) -> None:
    expected = cfn_properties(in_sync)
    actual = cfn_properties(folder)
    stack_id = f"arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/shop-edge/{STACK_UUIDS['shop-edge']}"
    physical = {"WebSecurityGroup": GROUP_IDS["shop-web-prod"], "AssetsBucket": ASSETS, "AppRole": ROLE}
    types = {"WebSecurityGroup": "AWS::EC2::SecurityGroup", "AssetsBucket": "AWS::S3::Bucket", "AppRole": "AWS::IAM::Role"}
    drifts = []
    for logical in ("AppRole", "AssetsBucket", "WebSecurityGroup"):
        found = differences(expected[logical], actual[logical])
        drifts.append({
            "StackId": stack_id,
            "LogicalResourceId": logical,
            "PhysicalResourceId": physical[logical],
            "ResourceType": types[logical],
            "ExpectedProperties": text(expected[logical]),
            "ActualProperties": text(actual[logical]),
            "PropertyDifferences": found,
            "StackResourceDriftStatus": "MODIFIED" if found else "IN_SYNC",
            "Timestamp": DRIFT_CHECKED[logical],
        })
    write(folder / "describe-stack-resource-drifts-shop-edge.json", {"StackResourceDrifts": drifts})

    role = read(folder / "iam" / ROLE / "get-role.json")["Role"]
    properties = {
        "Path": role["Path"],
        "MaxSessionDuration": role["MaxSessionDuration"],
        "RoleName": role["RoleName"],
        "Policies": actual["AppRole"]["Policies"],
        "AssumeRolePolicyDocument": role["AssumeRolePolicyDocument"],
        "ManagedPolicyArns": actual["AppRole"]["ManagedPolicyArns"],
        "Arn": role["Arn"],
        "RoleId": role["RoleId"],
    }
    write(folder / "cloudcontrol" / f"get-resource-AWS-IAM-Role-{ROLE}.json", {
        "TypeName": "AWS::IAM::Role",
        "ResourceDescription": {"Identifier": ROLE, "Properties": text(properties)},
    })


def main() -> None:
    if shutil.which("aws") is None:
        sys.exit("make-samples: the aws CLI is needed (pip install awscli)")
    with tempfile.TemporaryDirectory(prefix="driftback-samples-") as scratch:
        work = Path(scratch)
        moto = Moto(work)
        try:
            create_stacks(moto)
            steps = {CAPTURES[0]: None, CAPTURES[1]: day2, CAPTURES[2]: day3}
            for name, step in steps.items():
                if step:
                    step(moto)
                folder = work / name
                capture(moto, folder)
                drifted = name == CAPTURES[2]
                rewrite(folder, name, drifted)
                if drifted:
                    drift_and_cloud_control(work / CAPTURES[0], folder)
        finally:
            moto.stop()
        for name in CAPTURES:
            target = SNAPSHOTS / name / "cloudformation"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(work / name, target)
            print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
