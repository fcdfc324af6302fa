#!/usr/bin/env python3
"""Writes a synthetic CloudFormation estate for the benchmark: one template with N security groups (two
ingress rules each, one of them from !Ref Cidr), and the capture AWS would give for it
(describe-security-groups, describe-stack-resources). Every 50th group has its second rule's source
changed at runtime: N/50 drifted resources, each one removed and one added rule. planted.json says so."""
import argparse
import json
import os

parser = argparse.ArgumentParser()
parser.add_argument("--groups", type=int, required=True)
parser.add_argument("--out", required=True)
args = parser.parse_args()
n, out = args.groups, args.out
os.makedirs(out + "/iac", exist_ok=True)
os.makedirs(out + "/live", exist_ok=True)
lines = ["AWSTemplateFormatVersion: '2010-09-09'", "Parameters:", "  Cidr:", "    Type: String",
         "    Default: 10.0.0.0/16", "Resources:"]
groups, records = [], []
stack_id = "arn:aws:cloudformation:us-east-1:123456789012:stack/bench/0b6c4a52-0000-4000-8000-000000000000"
for i in range(n):
    port = 1000 + i % 100
    lines += [f"  Sg{i}:", "    Type: AWS::EC2::SecurityGroup", "    Properties:", f"      GroupDescription: group {i}",
              "      VpcId: vpc-0a1b2c3d4e5f60718", "      SecurityGroupIngress:",
              "        - IpProtocol: tcp", "          FromPort: 443", "          ToPort: 443", "          CidrIp: 0.0.0.0/0",
              "        - IpProtocol: tcp", f"          FromPort: {port}", f"          ToPort: {port}",
              "          CidrIp: !Ref Cidr", "      Tags:", "        - Key: app", f"          Value: app{i}"]
    group_id = f"sg-{i:017x}"
    def rule(from_port, cidr):
        return {"IpProtocol": "tcp", "FromPort": from_port, "ToPort": from_port, "IpRanges": [{"CidrIp": cidr}],
                "Ipv6Ranges": [], "PrefixListIds": [], "UserIdGroupPairs": []}
    groups.append({
        "Description": f"group {i}", "GroupName": f"bench-Sg{i}", "IpPermissions": [
            rule(443, "0.0.0.0/0"), rule(port, "10.9.0.0/16" if i % 50 == 0 else "10.0.0.0/16")],
        "OwnerId": "123456789012", "GroupId": group_id,
        "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [],
                                 "PrefixListIds": [], "UserIdGroupPairs": []}],
        "Tags": [{"Key": "app", "Value": f"app{i}"}], "VpcId": "vpc-0a1b2c3d4e5f60718"})
    records.append({"StackName": "bench", "StackId": stack_id, "LogicalResourceId": f"Sg{i}",
                    "PhysicalResourceId": group_id, "ResourceType": "AWS::EC2::SecurityGroup",
                    "Timestamp": "2026-11-01T00:00:00Z", "ResourceStatus": "CREATE_COMPLETE"})
with open(out + "/iac/bench.yaml", "w") as f:
    f.write("\n".join(lines) + "\n")
with open(out + "/live/describe-security-groups.json", "w") as f:
    json.dump({"SecurityGroups": groups}, f, indent=4)
with open(out + "/live/describe-stack-resources.json", "w") as f:
    json.dump({"StackResources": records}, f, indent=4)
drifted = len(range(0, n, 50))
with open(out + "/planted.json", "w") as f:
    json.dump({"resources": n, "drifted": drifted, "findings": 2 * drifted}, f)
