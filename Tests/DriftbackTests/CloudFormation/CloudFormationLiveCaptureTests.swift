import DriftbackSyntax
import Testing

@testable import Driftback

// Fixtures are AWS CLI v2 output as the CLI prints it (key order, spacing, string-encoded JSON), for the
// shop-edge stack of iac-samples/cloudformation/shop-edge.yaml in account 123456789012, us-east-1.

/// Loads inline capture files laid out under `snap/cloudformation/`.
func loadCapture(_ files: [String: String], root: String = "snap/cloudformation") -> (
  CloudFormationLiveCapture, [Diagnostic]
) {
  let sources = files.map { SourceFile(path: root + "/" + $0.key, text: $0.value) }
  return CloudFormationLiveCapture.load(sources, captureRoot: root)
}

enum CloudFormationCaptureFixtures {
  static let stackId =
    "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0"

  static let securityGroups = #"""
    {
        "SecurityGroups": [
            {
                "Description": "Web tier of the shop",
                "GroupName": "shop-web-prod",
                "IpPermissions": [
                    {
                        "FromPort": 443,
                        "IpProtocol": "tcp",
                        "IpRanges": [
                            {
                                "CidrIp": "0.0.0.0/0",
                                "Description": "HTTPS from anywhere"
                            },
                            {
                                "CidrIp": "198.51.100.0/24",
                                "Description": "partner office"
                            }
                        ],
                        "Ipv6Ranges": [
                            {
                                "CidrIpv6": "::/0",
                                "Description": "HTTPS over IPv6"
                            }
                        ],
                        "PrefixListIds": [],
                        "ToPort": 443,
                        "UserIdGroupPairs": []
                    },
                    {
                        "FromPort": 22,
                        "IpProtocol": "tcp",
                        "IpRanges": [
                            {
                                "CidrIp": "10.0.0.0/16",
                                "Description": "SSH for operators"
                            }
                        ],
                        "Ipv6Ranges": [],
                        "PrefixListIds": [
                            {
                                "Description": "corporate VPN",
                                "PrefixListId": "pl-0a1b2c3d4e5f67890"
                            }
                        ],
                        "ToPort": 22,
                        "UserIdGroupPairs": [
                            {
                                "Description": "bastion",
                                "GroupId": "sg-0bastion000000001",
                                "UserId": "123456789012"
                            },
                            {
                                "GroupId": "sg-0audit00000000002",
                                "UserId": "210987654321",
                                "VpcId": "vpc-0peer0000000000a",
                                "VpcPeeringConnectionId": "pcx-0a1b2c3d",
                                "PeeringStatus": "active"
                            }
                        ]
                    },
                    {
                        "IpProtocol": "icmp",
                        "FromPort": 8,
                        "ToPort": -1,
                        "IpRanges": [
                            {
                                "CidrIp": "10.0.0.0/8"
                            }
                        ],
                        "Ipv6Ranges": [],
                        "PrefixListIds": [],
                        "UserIdGroupPairs": []
                    }
                ],
                "OwnerId": "123456789012",
                "GroupId": "sg-0123456789abcdef0",
                "IpPermissionsEgress": [
                    {
                        "IpProtocol": "-1",
                        "IpRanges": [
                            {
                                "CidrIp": "0.0.0.0/0"
                            }
                        ],
                        "Ipv6Ranges": [],
                        "PrefixListIds": [
                            {
                                "PrefixListId": "pl-63a5400a"
                            }
                        ],
                        "UserIdGroupPairs": [
                            {
                                "GroupId": "sg-0db000000000000003",
                                "UserId": "123456789012",
                                "Description": "to the database"
                            }
                        ]
                    }
                ],
                "Tags": [
                    {
                        "Key": "aws:cloudformation:stack-name",
                        "Value": "shop-edge"
                    },
                    {
                        "Key": "app",
                        "Value": "shop"
                    },
                    {
                        "Key": "aws:cloudformation:logical-id",
                        "Value": "WebSecurityGroup"
                    },
                    {
                        "Key": "aws:cloudformation:stack-id",
                        "Value": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0"
                    },
                    {
                        "Key": "env",
                        "Value": "prod"
                    }
                ],
                "VpcId": "vpc-0a1b2c3d4e5f60718",
                "SecurityGroupArn": "arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0"
            },
            {
                "Description": "default VPC security group",
                "GroupName": "default",
                "IpPermissions": [
                    {
                        "IpProtocol": "-1",
                        "IpRanges": [],
                        "Ipv6Ranges": [],
                        "PrefixListIds": [],
                        "UserIdGroupPairs": [
                            {
                                "GroupId": "sg-0default000000000",
                                "UserId": "123456789012"
                            }
                        ]
                    }
                ],
                "OwnerId": "123456789012",
                "GroupId": "sg-0default000000000",
                "IpPermissionsEgress": [
                    {
                        "IpProtocol": "-1",
                        "IpRanges": [
                            {
                                "CidrIp": "0.0.0.0/0"
                            }
                        ],
                        "Ipv6Ranges": [],
                        "PrefixListIds": [],
                        "UserIdGroupPairs": []
                    }
                ],
                "VpcId": "vpc-0a1b2c3d4e5f60718"
            }
        ]
    }
    """#

  static let drifts = #"""
    {
        "StackResourceDrifts": [
            {
                "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0",
                "LogicalResourceId": "WebSecurityGroup",
                "PhysicalResourceId": "sg-0123456789abcdef0",
                "ResourceType": "AWS::EC2::SecurityGroup",
                "ExpectedProperties": "{\"GroupDescription\":\"Web tier of the shop\",\"GroupName\":\"shop-web-prod\",\"SecurityGroupIngress\":[{\"CidrIp\":\"0.0.0.0/0\",\"Description\":\"HTTPS from anywhere\",\"FromPort\":443,\"IpProtocol\":\"tcp\",\"ToPort\":443},{\"CidrIp\":\"10.0.0.0/16\",\"Description\":\"SSH for operators\",\"FromPort\":22,\"IpProtocol\":\"tcp\",\"ToPort\":22}],\"Tags\":[{\"Key\":\"app\",\"Value\":\"shop\"},{\"Key\":\"env\",\"Value\":\"prod\"}]}",
                "ActualProperties": "{\"GroupDescription\":\"Web tier of the shop\",\"GroupName\":\"shop-web-prod\",\"SecurityGroupIngress\":[{\"CidrIp\":\"0.0.0.0/0\",\"Description\":\"HTTPS from anywhere\",\"FromPort\":443,\"IpProtocol\":\"tcp\",\"ToPort\":443},{\"CidrIp\":\"0.0.0.0/0\",\"Description\":\"SSH for operators\",\"FromPort\":22,\"IpProtocol\":\"tcp\",\"ToPort\":22}],\"Tags\":[{\"Key\":\"app\",\"Value\":\"shop\"},{\"Key\":\"env\",\"Value\":\"prod\"}]}",
                "PropertyDifferences": [
                    {
                        "PropertyPath": "/SecurityGroupIngress/1/CidrIp",
                        "ExpectedValue": "10.0.0.0/16",
                        "ActualValue": "0.0.0.0/0",
                        "DifferenceType": "NOT_EQUAL"
                    },
                    {
                        "PropertyPath": "/SecurityGroupIngress/2",
                        "ExpectedValue": "{\"CidrIp\":\"0.0.0.0/0\",\"FromPort\":8080,\"IpProtocol\":\"tcp\",\"ToPort\":8080}",
                        "DifferenceType": "REMOVE"
                    }
                ],
                "StackResourceDriftStatus": "MODIFIED",
                "Timestamp": "2026-11-21T02:00:14.101Z"
            },
            {
                "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0",
                "LogicalResourceId": "AppRole",
                "PhysicalResourceId": "shop-app-prod",
                "ResourceType": "AWS::IAM::Role",
                "ExpectedProperties": "{\"MaxSessionDuration\":3600,\"RoleName\":\"shop-app-prod\"}",
                "ActualProperties": "{\"MaxSessionDuration\":3600,\"RoleName\":\"shop-app-prod\"}",
                "PropertyDifferences": [],
                "StackResourceDriftStatus": "IN_SYNC",
                "Timestamp": "2026-11-21T02:00:14.312Z"
            },
            {
                "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0",
                "LogicalResourceId": "AssetsBucket",
                "PhysicalResourceId": "shop-assets-prod-123456789012",
                "PhysicalResourceIdContext": [],
                "ResourceType": "AWS::S3::Bucket",
                "ExpectedProperties": "{\"BucketName\":\"shop-assets-prod-123456789012\",\"VersioningConfiguration\":{\"Status\":\"Suspended\"}}",
                "PropertyDifferences": [],
                "StackResourceDriftStatus": "DELETED",
                "Timestamp": "2026-11-21T02:00:14.522Z"
            }
        ]
    }
    """#

  static let cloudControlGroup = #"""
    {
        "TypeName": "AWS::EC2::SecurityGroup",
        "ResourceDescription": {
            "Identifier": "sg-0123456789abcdef0",
            "Properties": "{\"GroupId\":\"sg-0123456789abcdef0\",\"SecurityGroupIngress\":[{\"CidrIp\":\"0.0.0.0/0\",\"IpProtocol\":\"tcp\",\"Description\":\"HTTPS from anywhere\",\"FromPort\":443,\"ToPort\":443}],\"VpcId\":\"vpc-0a1b2c3d4e5f60718\",\"SecurityGroupEgress\":[{\"CidrIp\":\"0.0.0.0/0\",\"IpProtocol\":\"-1\",\"FromPort\":-1,\"ToPort\":-1}],\"GroupDescription\":\"Web tier of the shop\",\"GroupName\":\"shop-web-prod\",\"Id\":\"sg-0123456789abcdef0\",\"Tags\":[{\"Value\":\"shop-edge\",\"Key\":\"aws:cloudformation:stack-name\"},{\"Value\":\"shop\",\"Key\":\"app\"}]}"
        }
    }
    """#

  static let stackResources = #"""
    {
        "StackResources": [
            {
                "StackName": "shop-edge",
                "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0",
                "LogicalResourceId": "AppRole",
                "PhysicalResourceId": "shop-app-prod",
                "ResourceType": "AWS::IAM::Role",
                "Timestamp": "2026-11-18T09:12:40.181Z",
                "ResourceStatus": "CREATE_COMPLETE",
                "DriftInformation": {
                    "StackResourceDriftStatus": "IN_SYNC"
                }
            },
            {
                "StackName": "shop-edge",
                "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0",
                "LogicalResourceId": "AssetsBucket",
                "PhysicalResourceId": "shop-assets-prod-123456789012",
                "ResourceType": "AWS::S3::Bucket",
                "Timestamp": "2026-11-18T09:12:31.007Z",
                "ResourceStatus": "CREATE_COMPLETE",
                "DriftInformation": {
                    "StackResourceDriftStatus": "NOT_CHECKED"
                }
            },
            {
                "StackName": "shop-edge",
                "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/shop-edge/4104bac7-6149-4177-9ea1-0779c3b4b5b0",
                "LogicalResourceId": "WebSecurityGroup",
                "PhysicalResourceId": "sg-0123456789abcdef0",
                "ResourceType": "AWS::EC2::SecurityGroup",
                "Timestamp": "2026-11-18T09:12:29.532Z",
                "ResourceStatus": "CREATE_COMPLETE",
                "DriftInformation": {
                    "StackResourceDriftStatus": "NOT_CHECKED"
                }
            }
        ]
    }
    """#

  static let stacks = #"""
    {
        "Stacks": [
            {
                "StackId": "arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/shop-logs/9a1e2f30-1d2c-11ef-8e44-0a1b2c3d4e5f",
                "StackName": "shop-logs",
                "Parameters": [
                    {
                        "ParameterKey": "Environment",
                        "ParameterValue": "prod"
                    },
                    {
                        "ParameterKey": "DbPassword",
                        "ParameterValue": "****"
                    },
                    {
                        "ParameterKey": "AmiId",
                        "ParameterValue": "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
                        "ResolvedValue": "ami-0abcdef1234567890"
                    }
                ],
                "CreationTime": "2026-11-18T09:12:20.511Z",
                "StackStatus": "CREATE_COMPLETE",
                "DisableRollback": false,
                "NotificationARNs": [],
                "Capabilities": [
                    "CAPABILITY_NAMED_IAM"
                ],
                "Tags": [],
                "EnableTerminationProtection": false,
                "DriftInformation": {
                    "StackDriftStatus": "DRIFTED",
                    "LastCheckTimestamp": "2026-11-21T02:00:15.118Z"
                }
            }
        ]
    }
    """#

  static let role = #"""
    {
        "Role": {
            "Path": "/",
            "RoleName": "shop-app-prod",
            "RoleId": "AROARZPUZDIKH4OGN3QCT",
            "Arn": "arn:aws:iam::123456789012:role/shop-app-prod",
            "CreateDate": "2026-11-18T09:12:33+00:00",
            "AssumeRolePolicyDocument": {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {
                            "Service": "ec2.amazonaws.com"
                        },
                        "Action": "sts:AssumeRole"
                    }
                ]
            },
            "MaxSessionDuration": 43200,
            "Tags": [
                {
                    "Key": "aws:cloudformation:stack-name",
                    "Value": "shop-edge"
                },
                {
                    "Key": "app",
                    "Value": "shop"
                }
            ],
            "RoleLastUsed": {
                "LastUsedDate": "2026-11-20T23:41:02+00:00",
                "Region": "us-east-1"
            }
        }
    }
    """#

  static let attachedPolicies = #"""
    {
        "AttachedPolicies": [
            {
                "PolicyName": "ReadOnlyAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"
            },
            {
                "PolicyName": "AdministratorAccess",
                "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"
            }
        ]
    }
    """#

  static let rolePolicy = #"""
    {
        "RoleName": "shop-app-prod",
        "PolicyName": "assets-read",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": [
                        "s3:GetObject"
                    ],
                    "Resource": "arn:aws:s3:::shop-assets-prod-123456789012/*"
                }
            ]
        }
    }
    """#
}

@Suite("CloudFormation live capture")
struct CloudFormationLiveCaptureTests {
  typealias F = CloudFormationCaptureFixtures

  func rule(_ pairs: KeyValuePairs<String, Value>) -> Value {
    .map(ValueMap(pairs.map { ValueMap.Entry(key: $0.key, value: $0.value) }))
  }

  // MARK: - describe-security-groups

  @Test func securityGroupsBecomeOneRulePerSource() throws {
    let (capture, diagnostics) = loadCapture(["describe-security-groups.json": F.securityGroups])
    #expect(diagnostics.isEmpty)
    let web = try #require(capture.resources.first { $0.physicalId == "sg-0123456789abcdef0" })
    #expect(web.type == "AWS::EC2::SecurityGroup")
    #expect(web.properties["GroupName"] == "shop-web-prod")
    #expect(web.properties["GroupDescription"] == "Web tier of the shop")
    #expect(web.properties["VpcId"] == "vpc-0a1b2c3d4e5f60718")
    #expect(
      web.properties["SecurityGroupIngress"]
        == .list([
          rule([
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0",
            "Description": "HTTPS from anywhere",
          ]),
          rule([
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "198.51.100.0/24",
            "Description": "partner office",
          ]),
          rule([
            "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "::/0", "Description": "HTTPS over IPv6",
          ]),
          rule([
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/16",
            "Description": "SSH for operators",
          ]),
          rule([
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourcePrefixListId": "pl-0a1b2c3d4e5f67890",
            "Description": "corporate VPN",
          ]),
          rule([
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourceSecurityGroupId": "sg-0bastion000000001",
            "Description": "bastion",
          ]),
          rule([
            "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "SourceSecurityGroupId": "sg-0audit00000000002",
            "SourceSecurityGroupOwnerId": "210987654321",
          ]),
          rule(["IpProtocol": "icmp", "FromPort": 8, "ToPort": -1, "CidrIp": "10.0.0.0/8"]),
        ]))
    // All traffic has no ports; egress sources use the Destination… names.
    #expect(
      web.properties["SecurityGroupEgress"]
        == .list([
          rule(["IpProtocol": "-1", "CidrIp": "0.0.0.0/0"]),
          rule(["IpProtocol": "-1", "DestinationPrefixListId": "pl-63a5400a"]),
          rule([
            "IpProtocol": "-1", "DestinationSecurityGroupId": "sg-0db000000000000003", "Description": "to the database",
          ]),
        ]))
    // aws: tags are dropped, and say which stack the group belongs to.
    #expect(web.properties["Tags"] == [["Key": "app", "Value": "shop"], ["Key": "env", "Value": "prod"]])
    #expect(web.stackName == "shop-edge" && web.logicalId == "WebSecurityGroup")
    #expect(!web.isAWSDefault)
    #expect(web.coverage?.contains("SecurityGroupEgress") == true)
    #expect(web.sources == ["snap/cloudformation/describe-security-groups.json"])
    #expect(web.location?.line == 3)
    #expect(
      capture.stackResources == [
        CloudFormationStackResource(
          stackName: "shop-edge", logicalId: "WebSecurityGroup", physicalId: "sg-0123456789abcdef0",
          type: "AWS::EC2::SecurityGroup")
      ])
    #expect(
      capture.pseudoParameters == [
        "AWS::Partition": "aws", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012",
        "AWS::URLSuffix": "amazonaws.com",
      ])

    let fallback = try #require(capture.resources.first { $0.physicalId == "sg-0default000000000" })
    #expect(fallback.isAWSDefault)
    #expect(fallback.stackName == nil)
    #expect(fallback.properties["Tags"] == [])
    #expect(
      fallback.properties["SecurityGroupIngress"]
        == .list([rule(["IpProtocol": "-1", "SourceSecurityGroupId": "sg-0default000000000"])]))
  }

  @Test func aGroupWithEveryRuleRevokedHasEmptyRuleLists() throws {
    let text = #"""
      {"SecurityGroups": [{"Description": "locked", "GroupName": "locked", "IpPermissions": [],
        "OwnerId": "123456789012", "GroupId": "sg-0locked", "IpPermissionsEgress": [], "VpcId": "vpc-1"}]}
      """#
    let (capture, diagnostics) = loadCapture(["sg.json": text])
    #expect(diagnostics.isEmpty)
    #expect(capture.resources.first?.properties["SecurityGroupEgress"] == [])
    #expect(capture.resources.first?.properties["SecurityGroupIngress"] == [])
  }

  // MARK: - Drift

  @Test func driftOutputGivesStatusDifferencesAndActualProperties() throws {
    let (capture, diagnostics) = loadCapture(["drift.json": F.drifts])
    #expect(diagnostics.isEmpty)
    #expect(
      capture.driftStatus == [
        "shop-edge/WebSecurityGroup": "MODIFIED", "shop-edge/AppRole": "IN_SYNC", "shop-edge/AssetsBucket": "DELETED",
      ])
    #expect(
      capture.driftDifferences["shop-edge/WebSecurityGroup"] == [
        CloudFormationPropertyDifference(
          path: "/SecurityGroupIngress/1/CidrIp", expected: "10.0.0.0/16", actual: "0.0.0.0/0", type: "NOT_EQUAL"),
        CloudFormationPropertyDifference(
          path: "/SecurityGroupIngress/2",
          expected: ["CidrIp": "0.0.0.0/0", "FromPort": 8080, "IpProtocol": "tcp", "ToPort": 8080], actual: nil,
          type: "REMOVE"),
      ])
    #expect(capture.driftDifferences["shop-edge/AppRole"] == [])
    #expect(capture.stackResources.map(\.logicalId) == ["WebSecurityGroup", "AppRole", "AssetsBucket"])
    #expect(capture.stackResources.last?.physicalId == "shop-assets-prod-123456789012")
    // DELETED has no ActualProperties: no live resource.
    #expect(capture.resources.map(\.type) == ["AWS::EC2::SecurityGroup", "AWS::IAM::Role"])
    let group = try #require(capture.resources.first)
    #expect(group.stackName == "shop-edge" && group.logicalId == "WebSecurityGroup")
    #expect(group.coverage == ["GroupDescription", "GroupName", "SecurityGroupIngress", "Tags"])
    #expect(group.properties["SecurityGroupIngress"]?.list?[1]["CidrIp"] == "0.0.0.0/0")
    #expect(group.properties["SecurityGroupIngress"]?.list?[1]["FromPort"] == 22)
    #expect(capture.resource(stack: "shop-edge", logicalId: "AppRole")?.properties["MaxSessionDuration"] == 3600)
    #expect(capture.pseudoParameters["AWS::Region"] == "us-east-1")
  }

  @Test func differenceValuesAreJSONTextOrPlainStrings() {
    #expect(CloudFormationDriftReader.value(.string("12")) == 12)
    #expect(CloudFormationDriftReader.value(.string("true")) == true)
    #expect(CloudFormationDriftReader.value(.string("sts:AssumeRole")) == "sts:AssumeRole")
    #expect(CloudFormationDriftReader.value(.string("[\"a\",\"b\"]")) == ["a", "b"])
    #expect(CloudFormationDriftReader.value(nil) == nil)
  }

  // MARK: - Merging

  @Test func cloudControlWinsOverDescribeWhichWinsOverDrift() throws {
    let (capture, diagnostics) = loadCapture([
      "drift.json": F.drifts, "sg.json": F.securityGroups, "cloudcontrol/web-sg.json": F.cloudControlGroup,
    ])
    #expect(diagnostics.isEmpty)
    let web = try #require(capture.resources.first { $0.physicalId == "sg-0123456789abcdef0" })
    // Cloud Control's one ingress rule, not describe's eight, nor drift's two.
    #expect(web.properties["SecurityGroupIngress"]?.list?.count == 1)
    #expect(web.properties["SecurityGroupEgress"]?.list?.first?["FromPort"] == -1)
    #expect(web.properties["Id"] == "sg-0123456789abcdef0")
    #expect(web.properties["Tags"] == [["Value": "shop", "Key": "app"]])
    #expect(
      web.sources == [
        "snap/cloudformation/cloudcontrol/web-sg.json", "snap/cloudformation/sg.json", "snap/cloudformation/drift.json",
      ])
    #expect(web.stackName == "shop-edge" && web.logicalId == "WebSecurityGroup")
    // One record per stack and logical id, whatever the number of files that name it.
    #expect(capture.stackResources.filter { $0.logicalId == "WebSecurityGroup" }.count == 1)
    #expect(capture.resources.count == 3)
    #expect(web.properties.map?.keys.first == "GroupId")
  }

  @Test func describeStackResourcesMapsLogicalIds() throws {
    let (capture, diagnostics) = loadCapture([
      "stack-resources.json": F.stackResources, "sg.json": F.securityGroups,
    ])
    #expect(diagnostics.isEmpty)
    #expect(
      capture.stackResources.map { "\($0.stackName)/\($0.logicalId)=\($0.physicalId ?? "-")" } == [
        "shop-edge/AppRole=shop-app-prod", "shop-edge/AssetsBucket=shop-assets-prod-123456789012",
        "shop-edge/WebSecurityGroup=sg-0123456789abcdef0",
      ])
    let web = try #require(capture.resource(stack: "shop-edge", logicalId: "WebSecurityGroup"))
    #expect(web.physicalId == "sg-0123456789abcdef0")
    #expect(capture.pseudoParameters["AWS::AccountId"] == "123456789012")
  }

  @Test func describeStacksGivesParametersAndPartition() {
    let (capture, diagnostics) = loadCapture(["stacks.json": F.stacks])
    #expect(diagnostics.isEmpty)
    #expect(capture.stackParameters == ["shop-logs": ["Environment": "prod", "AmiId": "ami-0abcdef1234567890"]])
    #expect(
      capture.pseudoParameters == [
        "AWS::Partition": "aws-cn", "AWS::Region": "cn-north-1", "AWS::AccountId": "123456789012",
        "AWS::URLSuffix": "amazonaws.com.cn",
      ])
  }

  @Test func stacksOfAnotherAccountAreAWarning() {
    let other = F.stackResources.replacingOccurrences(of: "us-east-1:123456789012", with: "eu-west-1:210987654321")
    let (capture, diagnostics) = loadCapture(["a.json": F.drifts, "b.json": other])
    #expect(capture.pseudoParameters["AWS::Region"] == "us-east-1")
    #expect(diagnostics.map(\.severity) == [.warning])
    #expect(diagnostics.first?.message.contains("more than one account or region") == true)
  }

  // MARK: - Cloud Control

  @Test func cloudControlPropertiesAreTakenAsTheyAre() throws {
    let list = #"""
      {
          "TypeName": "AWS::S3::Bucket",
          "ResourceDescriptions": [
              {
                  "Identifier": "shop-logs-123456789012",
                  "Properties": "{\"BucketName\":\"shop-logs-123456789012\"}"
              }
          ]
      }
      """#
    let (capture, diagnostics) = loadCapture(["cc/sg.json": F.cloudControlGroup, "cc/buckets.json": list])
    #expect(diagnostics.isEmpty)
    let web = try #require(capture.resources.first { $0.type == "AWS::EC2::SecurityGroup" })
    #expect(web.stackName == "shop-edge" && web.logicalId == nil)
    #expect(web.coverage?.contains("SecurityGroupIngress") == true)
    // A list-resources model speaks only for what it holds (no bucket is invented as "not blocked").
    let bucket = try #require(capture.resources.first { $0.type == "AWS::S3::Bucket" })
    #expect(bucket.coverage == ["BucketName"])
    #expect(bucket.properties.map?.keys == ["BucketName"])
  }

  // MARK: - S3

  @Test func bucketOutputsAreReadFromTheBucketFolder() throws {
    let (capture, diagnostics) = loadCapture([
      "s3/shop-assets-prod-123456789012/get-public-access-block.json": #"""
      {
          "PublicAccessBlockConfiguration": {
              "BlockPublicAcls": true,
              "IgnorePublicAcls": false,
              "BlockPublicPolicy": true,
              "RestrictPublicBuckets": false
          }
      }
      """#,
      "s3/shop-assets-prod-123456789012/get-bucket-encryption.json": #"""
      {
          "ServerSideEncryptionConfiguration": {
              "Rules": [
                  {
                      "ApplyServerSideEncryptionByDefault": {
                          "SSEAlgorithm": "aws:kms",
                          "KMSMasterKeyID": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                      },
                      "BucketKeyEnabled": true
                  }
              ]
          }
      }
      """#,
      "s3/shop-assets-prod-123456789012/get-bucket-versioning.json":
        "{\n    \"Status\": \"Enabled\",\n    \"MFADelete\": \"Disabled\"\n}\n",
      "s3/shop-assets-prod-123456789012/get-bucket-tagging.json": #"""
      {
          "TagSet": [
              {
                  "Key": "aws:cloudformation:logical-id",
                  "Value": "AssetsBucket"
              },
              {
                  "Key": "aws:cloudformation:stack-name",
                  "Value": "shop-edge"
              },
              {
                  "Key": "env",
                  "Value": "prod"
              }
          ]
      }
      """#,
      "s3/shop-assets-prod-123456789012/get-bucket-policy.json": #"""
      {
          "Policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"PublicRead\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::shop-assets-prod-123456789012/*\"}]}"
      }
      """#,
    ])
    #expect(diagnostics.isEmpty)
    let bucket = try #require(capture.resources.first { $0.type == "AWS::S3::Bucket" })
    #expect(bucket.physicalId == "shop-assets-prod-123456789012")
    #expect(bucket.stackName == "shop-edge" && bucket.logicalId == "AssetsBucket")
    #expect(
      bucket.properties["PublicAccessBlockConfiguration"]
        == [
          "BlockPublicAcls": true, "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": false,
        ])
    #expect(
      bucket.properties["BucketEncryption"]
        == [
          "ServerSideEncryptionConfiguration": [
            [
              "ServerSideEncryptionByDefault": [
                "SSEAlgorithm": "aws:kms",
                "KMSMasterKeyID": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
              ],
              "BucketKeyEnabled": true,
            ]
          ]
        ])
    #expect(bucket.properties["VersioningConfiguration"] == ["Status": "Enabled"])
    #expect(bucket.properties["Tags"] == [["Key": "env", "Value": "prod"]])
    #expect(
      bucket.coverage == [
        "BucketName", "PublicAccessBlockConfiguration", "BucketEncryption", "VersioningConfiguration", "Tags",
      ])
    #expect(bucket.sources.count == 4)
    let policy = try #require(capture.resources.first { $0.type == "AWS::S3::BucketPolicy" })
    #expect(policy.physicalId == "shop-assets-prod-123456789012")
    #expect(policy.properties["PolicyDocument"]?["Statement"]?.list?.first?["Principal"] == "*")
  }

  @Test func emptyOutputsMeanNotConfigured() throws {
    let (capture, diagnostics) = loadCapture([
      "s3/legacy/get-bucket-versioning.json": "",
      "s3/legacy/get-public-access-block.json": "\n",
      "s3/legacy/get-bucket-tagging.json": "{}",
      "s3/other/versioning.json": "{}",
    ])
    #expect(diagnostics.isEmpty)
    let legacy = try #require(capture.resources.first { $0.physicalId == "legacy" })
    #expect(legacy.properties["VersioningConfiguration"] == nil)
    #expect(legacy.coverage?.contains("VersioningConfiguration") == true)
    #expect(legacy.properties["PublicAccessBlockConfiguration"] == S3BucketConverter.notBlocked)
    #expect(legacy.properties["Tags"] == [])
    // `{}` is what get-bucket-versioning prints for a bucket whose versioning was never enabled.
    let other = try #require(capture.resources.first { $0.physicalId == "other" })
    #expect(other.coverage == ["BucketName", "VersioningConfiguration"])
  }

  @Test func aBucketOutputOutsideItsFolderIsAnError() {
    let (capture, diagnostics) = loadCapture(["versioning.json": "{\n  \"Status\": \"Suspended\"\n}\n"])
    #expect(capture.resources.isEmpty)
    #expect(
      diagnostics.map(\.rendered) == [
        "snap/cloudformation/versioning.json:1:1: error: get-bucket-versioning output does not name its bucket:"
          + " save it as s3/<bucket>/get-bucket-versioning.json"
      ])
  }

  @Test func aSavedErrorMessageIsSkipped() {
    let (capture, diagnostics) = loadCapture([
      "s3/b/get-public-access-block.json":
        "\nAn error occurred (NoSuchPublicAccessBlockConfiguration) when calling the GetPublicAccessBlock operation:"
        + " The public access block configuration was not found\n"
    ])
    #expect(capture.resources.isEmpty)
    #expect(diagnostics.map(\.severity) == [.warning])
    #expect(diagnostics.first?.message.hasPrefix("holds an AWS CLI error message") == true)
  }

  // MARK: - IAM

  @Test func roleOutputsBecomeOneRole() throws {
    let (capture, diagnostics) = loadCapture([
      "iam/shop-app-prod/get-role.json": F.role,
      "iam/shop-app-prod/list-attached-role-policies.json": F.attachedPolicies,
      "iam/shop-app-prod/list-role-policies.json": "{\n    \"PolicyNames\": [\n        \"assets-read\"\n    ]\n}\n",
      "iam/shop-app-prod/get-role-policy-assets-read.json": F.rolePolicy,
    ])
    #expect(diagnostics.isEmpty)
    #expect(capture.resources.count == 1)
    let role = try #require(capture.resources.first)
    #expect(role.type == "AWS::IAM::Role" && role.physicalId == "shop-app-prod")
    #expect(role.stackName == "shop-edge" && role.logicalId == nil)
    #expect(role.properties["RoleName"] == "shop-app-prod")
    #expect(role.properties["Path"] == "/")
    #expect(role.properties["MaxSessionDuration"] == 43200)
    #expect(role.properties["Description"] == nil)
    #expect(role.properties["AssumeRolePolicyDocument"]?["Statement"]?.list?.first?["Action"] == "sts:AssumeRole")
    #expect(role.properties["Tags"] == [["Key": "app", "Value": "shop"]])
    #expect(
      role.properties["ManagedPolicyArns"]
        == ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"])
    #expect(role.properties["Policies"]?.list?.map { $0["PolicyName"] } == ["assets-read"])
    #expect(
      role.properties["Policies"]?.list?.first?["PolicyDocument"]?["Statement"]?.list?.first?["Resource"]
        == "arn:aws:s3:::shop-assets-prod-123456789012/*")
    #expect(role.coverage?.isSuperset(of: ["Description", "ManagedPolicyArns", "Policies", "Tags"]) == true)
    #expect(role.properties["RoleLastUsed"] == nil && role.properties["CreateDate"] == nil)
  }

  @Test func urlEncodedPolicyDocumentsAreDecoded() throws {
    let encoded = F.role.replacing(
      #/"AssumeRolePolicyDocument": \{[\s\S]*?\n        \},/#,
      with:
        #""AssumeRolePolicyDocument": "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Principal%22%3A%7B%22Service%22%3A%22ec2.amazonaws.com%22%7D%2C%22Action%22%3A%22sts%3AAssumeRole%22%7D%5D%7D","#
    )
    #expect(encoded != F.role)
    let (capture, diagnostics) = loadCapture(["iam/shop-app-prod/get-role.json": encoded])
    #expect(diagnostics.isEmpty)
    let plain = loadCapture(["iam/shop-app-prod/get-role.json": F.role]).0
    #expect(
      capture.resources.first?.properties["AssumeRolePolicyDocument"]
        == plain.resources.first?.properties["AssumeRolePolicyDocument"])
    #expect(IAMRoleConverter.percentDecoded("%7B%22a%22%3A%201%7D") == "{\"a\": 1}")
    #expect(IAMRoleConverter.percentDecoded("%7") == nil)
  }

  @Test func aListedInlinePolicyWithoutItsDocumentLeavesPoliciesUncompared() throws {
    let (capture, diagnostics) = loadCapture([
      "iam/shop-app-prod/get-role.json": F.role,
      "iam/shop-app-prod/list-role-policies.json": #"{"PolicyNames": ["assets-read", "debug-all"]}"#,
      "iam/shop-app-prod/get-role-policy-assets-read.json": F.rolePolicy,
    ])
    let role = try #require(capture.resources.first)
    #expect(role.properties["Policies"] == nil)
    #expect(role.coverage?.contains("Policies") == false)
    #expect(diagnostics.map(\.severity) == [.warning])
    #expect(diagnostics.first?.message.contains("debug-all") == true)
  }

  @Test func noInlinePoliciesIsAnEmptyList() throws {
    let (capture, diagnostics) = loadCapture([
      "iam/r/get-role.json": F.role.replacingOccurrences(of: "shop-app-prod", with: "r"),
      "iam/r/list-role-policies.json": #"{"PolicyNames": []}"#,
      "iam/r/list-attached-role-policies.json": "",
    ])
    #expect(diagnostics.isEmpty)
    let role = try #require(capture.resources.first)
    #expect(role.properties["Policies"] == [])
    #expect(role.properties["ManagedPolicyArns"] == [])
  }

  // MARK: - Other formats and malformed input

  @Test func yamlOutputIsReadToo() throws {
    let yaml = """
      SecurityGroups:
      - Description: Web tier of the shop
        GroupId: sg-0123456789abcdef0
        GroupName: shop-web-prod
        IpPermissions:
        - FromPort: 22
          IpProtocol: tcp
          IpRanges:
          - CidrIp: 10.0.0.0/16
          Ipv6Ranges: []
          PrefixListIds: []
          ToPort: 22
          UserIdGroupPairs: []
        IpPermissionsEgress: []
        OwnerId: '123456789012'
        VpcId: vpc-0a1b2c3d4e5f60718
      """
    let (capture, diagnostics) = loadCapture(["sg.yaml": yaml])
    #expect(diagnostics.isEmpty)
    #expect(
      capture.resources.first?.properties["SecurityGroupIngress"]
        == .list([rule(["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/16"])]))
  }

  @Test func describeVpcsMarksTheDefaultVPC() {
    let vpcs = #"""
      {
          "Vpcs": [
              {
                  "CidrBlock": "172.31.0.0/16",
                  "DhcpOptionsId": "dopt-0a1b2c3d",
                  "State": "available",
                  "VpcId": "vpc-0default",
                  "OwnerId": "123456789012",
                  "InstanceTenancy": "default",
                  "IsDefault": true
              },
              {
                  "CidrBlock": "10.0.0.0/16",
                  "State": "available",
                  "VpcId": "vpc-0a1b2c3d4e5f60718",
                  "InstanceTenancy": "default",
                  "IsDefault": false,
                  "Tags": [{"Key": "Name", "Value": "shop"}]
              }
          ]
      }
      """#
    let (capture, diagnostics) = loadCapture(["vpcs.json": vpcs])
    #expect(diagnostics.isEmpty)
    #expect(capture.resources.map(\.isAWSDefault) == [false, true])
    #expect(capture.resources.first?.properties["CidrBlock"] == "10.0.0.0/16")
  }

  @Test func malformedJSONIsADiagnosticWithAPosition() {
    let (capture, diagnostics) = loadCapture([
      "sg.json": "{\n  \"SecurityGroups\": [\n    {\"GroupId\": \"sg-1\",}\n  ]\n}"
    ])
    #expect(capture.resources.isEmpty)
    #expect(diagnostics.count == 1)
    #expect(diagnostics.first?.location == SourceLocation(file: "snap/cloudformation/sg.json", line: 3, column: 23))
    #expect(diagnostics.first?.sourceLine == nil)
    let bare = loadCapture(["role.json": "{\"Role\": {\"RoleName\": hunter2secret}}"]).1
    #expect(
      bare.map(\.rendered) == [
        "snap/cloudformation/role.json:1:23: error: invalid literal, expected a value ('true', 'false', 'null', a number"
          + " or a string)"
      ])
  }

  @Test func anEmbeddedDocumentThatDoesNotParseNamesItsField() throws {
    let broken = F.drifts.replacingOccurrences(
      of: #""ActualProperties": "{\"MaxSessionDuration\":3600,\"RoleName\":\"shop-app-prod\"}""#,
      with: #""ActualProperties": "{\"MaxSessionDuration\":3600,\"RoleName\":hunter2-secret}""#)
    #expect(broken != F.drifts)
    let (capture, diagnostics) = loadCapture(["drift.json": broken])
    #expect(diagnostics.count == 1)
    let diagnostic = try #require(diagnostics.first)
    #expect(diagnostic.severity == .error)
    #expect(diagnostic.message.hasPrefix("`ActualProperties` of shop-edge/AppRole is not valid JSON"))
    #expect(!diagnostic.rendered.contains("hunter2"))
    #expect(diagnostic.location?.line == 32)
    // The other entries are still read.
    #expect(capture.driftStatus.count == 3)
    #expect(capture.resources.map(\.type) == ["AWS::EC2::SecurityGroup"])
  }

  @Test func wrongShapesAreDiagnosedNotFatal() {
    let (capture, diagnostics) = loadCapture([
      "a.json": #"{"SecurityGroups": {"GroupId": "sg-1"}}"#,
      "b.json":
        #"{"SecurityGroups": [42, {"GroupName": "x"}, {"GroupId": "sg-2", "IpPermissions": [{"IpRanges": []}]}]}"#,
      "c.json": #"{"StackResourceDrifts": [{"StackId": "shop-edge", "LogicalResourceId": "X"}]}"#,
      "d.json": #"{"TypeName": "AWS::S3::Bucket", "ResourceDescription": {"Identifier": "b", "Properties": "[1]"}}"#,
      "e.json": #"{"kind": "ConfigMap"}"#,
      "f.json": #"{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}"#,
      "g.json": "[]",
      "h.json": "",
    ])
    #expect(capture.resources.map(\.physicalId) == ["sg-2"])
    let notCapture =
      "not an AWS CLI output driftback reads for CloudFormation: skipped (expected describe-stack-resource-drifts,"
      + " cloudcontrol get-resource, describe-stack-resources, describe-stacks, describe-security-groups,"
      + " describe-vpcs, or an s3api/iam output in s3/<bucket>/ or iam/<role>/)"
    #expect(
      diagnostics.map { "\($0.location.map { "\($0.line):\($0.column)" } ?? "-") \($0.severity) \($0.message)" } == [
        "1:20 error `SecurityGroups` must be a list",
        "1:21 error an item of `SecurityGroups` must be an object",
        "1:25 error a security group without `GroupId`",
        "1:83 error a permission of `IpPermissions` without `IpProtocol`",
        "1:38 error `StackId` of a drift entry is not a stack ARN",
        "1:90 error `Properties` of AWS::S3::Bucket b must be a JSON object",
        "1:1 warning \(notCapture)",
        "1:1 warning a CloudFormation template in the capture: skipped (templates are given with --iac)",
        "1:1 warning \(notCapture)",
        "0:0 note skipped an empty file",
      ])
  }

  @Test func pathsAreRelativeToTheCaptureRoot() {
    #expect(CloudFormationCaptureFile.relativePath("./snap/cf/s3/b/x.json", root: "snap/cf/") == "s3/b/x.json")
    #expect(CloudFormationCaptureFile.relativePath("snap/cf/x.json", root: nil) == "snap/cf/x.json")
    #expect(CloudFormationCaptureFile.relativePath("other/x.json", root: "snap") == "other/x.json")
    // An `s3` folder above the capture root is not the bucket layout.
    let (capture, _) = CloudFormationLiveCapture.load(
      [SourceFile(path: "s3/data/snap/get-bucket-versioning.json", text: "{\"Status\": \"Enabled\"}")],
      captureRoot: "s3/data/snap")
    #expect(capture.resources.isEmpty)
  }
}
