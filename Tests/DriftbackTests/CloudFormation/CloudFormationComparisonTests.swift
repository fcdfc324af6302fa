import DriftbackSyntax
import Testing

@testable import Driftback

@Suite("CloudFormation comparison")
struct CloudFormationComparisonTests {
  func paths(_ changes: [Change]) -> [String] { changes.map { "\($0.kind) \($0.path)" } }

  static let https: Value = [
    "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "HTTPS",
  ]
  static let debug: Value = ["IpProtocol": "tcp", "FromPort": "8080", "ToPort": "8080", "CidrIp": "0.0.0.0/0"]

  /// What the describe-security-groups converter gives: the same rules, AWS's spelling, AWS's order.
  static func liveGroup(ingress: [Value], egress: [Value]? = nil) -> Value {
    [
      "GroupName": "shop-web-prod", "GroupDescription": "Web tier", "VpcId": "vpc-0a1b2c3d4e5f60718",
      "SecurityGroupIngress": .list(ingress),
      "SecurityGroupEgress": .list(egress ?? [["IpProtocol": "-1", "CidrIp": "0.0.0.0/0"]]),
      "Tags": [["Key": "env", "Value": "prod"], ["Key": "app", "Value": "shop"]],
    ]
  }

  @Test func spellingsOrderTagsAndDefaultEgressAreNotDrift() {
    let iac: Value = [
      "GroupName": "shop-web-prod", "GroupDescription": "Web tier",
      "SecurityGroupIngress": [Self.https, Self.debug],
      "Tags": [["Key": "app", "Value": "shop"], ["Key": "env", "Value": "prod"]],
    ]
    let live = Self.liveGroup(ingress: [
      ["IpProtocol": "6", "FromPort": 8080, "ToPort": 8080, "CidrIp": "0.0.0.0/0"],
      ["IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": "0.0.0.0/0", "Description": "HTTPS"],
    ])
    #expect(CloudFormationComparison.compare(type: "AWS::EC2::SecurityGroup", iac: iac, live: live).isEmpty)
  }

  @Test func aRevokedAndAnAuthorizedRuleAreOneChangeEachNamedByTheRule() {
    let iac: Value = ["SecurityGroupIngress": [Self.https, Self.debug]]
    let live = Self.liveGroup(ingress: [
      Self.https, ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"],
    ])
    let changes = CloudFormationComparison.compare(type: "AWS::EC2::SecurityGroup", iac: iac, live: live)
    #expect(
      paths(changes) == [
        "added SecurityGroupIngress[CidrIp=\"0.0.0.0/0\",FromPort=22,IpProtocol=tcp,ToPort=22]",
        "removed SecurityGroupIngress[CidrIp=\"0.0.0.0/0\",FromPort=8080,IpProtocol=tcp,ToPort=8080]",
      ])
    // The added rule is written the way a template writes it.
    #expect(
      changes[0].live.map { JSONWriter.compact($0, sortKeys: false) }
        == #"{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"CidrIp":"0.0.0.0/0"}"#)
  }

  @Test func aNewDescriptionIsAChangeOfThatRule() {
    let iac: Value = ["SecurityGroupIngress": [Self.https]]
    var renamed = Self.https
    renamed["Description"] = "HTTPS via the CDN"
    let changes = CloudFormationComparison.compare(
      type: "AWS::EC2::SecurityGroup", iac: iac, live: Self.liveGroup(ingress: [renamed]))
    #expect(
      paths(changes) == [
        "changed SecurityGroupIngress[CidrIp=\"0.0.0.0/0\",FromPort=443,IpProtocol=tcp,ToPort=443].Description"
      ])
  }

  @Test func egressBeyondTheDefaultIsDriftWhenTheTemplateIsSilent() {
    let iac: Value = ["SecurityGroupIngress": [Self.https]]
    let extra: Value = ["IpProtocol": "tcp", "FromPort": 25, "ToPort": 25, "CidrIp": "0.0.0.0/0"]
    let live = Self.liveGroup(
      ingress: [Self.https], egress: [["IpProtocol": "-1", "CidrIp": "0.0.0.0/0"], extra])
    #expect(
      paths(CloudFormationComparison.compare(type: "AWS::EC2::SecurityGroup", iac: iac, live: live))
        == ["added SecurityGroupEgress[CidrIp=\"0.0.0.0/0\",FromPort=25,IpProtocol=tcp,ToPort=25]"])
    // Standalone SecurityGroupEgress resources manage them: not compared with the default.
    #expect(
      CloudFormationComparison.compare(
        type: "AWS::EC2::SecurityGroup", iac: iac, live: live, separatelyManaged: ["SecurityGroupEgress"]
      ).isEmpty)
  }

  @Test func aRuleTheTemplateComputesInPartMatchesOnWhatItKnows() {
    // CidrIp: !GetAtt Vpc.CidrBlock is unknown: the rule matches any live rule on port 22.
    let iac: Value = ["SecurityGroupIngress": [Self.https, ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22]]]
    let live = Self.liveGroup(ingress: [
      Self.https, ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/16"],
    ])
    let unknown = [ValuePath([.key("SecurityGroupIngress"), .index(1), .key("CidrIp")])]
    #expect(
      CloudFormationComparison.compare(type: "AWS::EC2::SecurityGroup", iac: iac, unknownPaths: unknown, live: live)
        .isEmpty)
  }

  static let bucketDefaults: Value = [
    "BucketName": "shop-assets-prod-123456789012",
    "PublicAccessBlockConfiguration": [
      "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
    ],
    "BucketEncryption": [
      "ServerSideEncryptionConfiguration": [
        ["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"], "BucketKeyEnabled": false]
      ]
    ],
  ]

  @Test func aBucketWithAWSDefaultsIsInSyncWithASilentTemplate() {
    let iac: Value = ["BucketName": "shop-assets-prod-123456789012"]
    #expect(CloudFormationComparison.compare(type: "AWS::S3::Bucket", iac: iac, live: Self.bucketDefaults).isEmpty)
    var suspended = Self.bucketDefaults
    suspended["VersioningConfiguration"] = ["Status": "Suspended"]
    #expect(CloudFormationComparison.compare(type: "AWS::S3::Bucket", iac: iac, live: suspended).isEmpty)
  }

  @Test func aPublicAccessBlockTurnedOffWhileTheTemplateIsSilentIsDrift() {
    let iac: Value = ["BucketName": "shop-assets-prod-123456789012"]
    var live = Self.bucketDefaults
    live["PublicAccessBlockConfiguration"]?["BlockPublicPolicy"] = false
    live["VersioningConfiguration"] = ["Status": "Enabled"]
    let changes = CloudFormationComparison.compare(type: "AWS::S3::Bucket", iac: iac, live: live)
    #expect(paths(changes) == ["added PublicAccessBlockConfiguration", "added VersioningConfiguration"])
    let assessment = CloudFormationSecurityRules.assess(changes[0], type: "AWS::S3::Bucket")
    #expect(assessment?.rule == "AWS-S3-PUBLIC-ACCESS-BLOCK")
    #expect(assessment?.direction == .weakens)
    #expect(CloudFormationSecurityRules.assess(changes[1], type: "AWS::S3::Bucket")?.direction == .strengthens)
  }

  @Test func quotedBooleansAndNumbersEqualTheirValues() {
    let iac: Value = [
      "PublicAccessBlockConfiguration": [
        "BlockPublicAcls": "false", "BlockPublicPolicy": false, "IgnorePublicAcls": "False",
        "RestrictPublicBuckets": false,
      ],
      "VersioningConfiguration": ["Status": "Suspended"],
    ]
    var live = Self.bucketDefaults
    live["PublicAccessBlockConfiguration"] = [
      "BlockPublicAcls": false, "BlockPublicPolicy": false, "IgnorePublicAcls": false, "RestrictPublicBuckets": false,
    ]
    // get-bucket-versioning printed `{}`: never enabled, the same as Suspended.
    #expect(CloudFormationComparison.compare(type: "AWS::S3::Bucket", iac: iac, live: live).isEmpty)
    live["PublicAccessBlockConfiguration"]?["BlockPublicAcls"] = true
    let changes = CloudFormationComparison.compare(type: "AWS::S3::Bucket", iac: iac, live: live)
    #expect(paths(changes) == ["changed PublicAccessBlockConfiguration.BlockPublicAcls"])
    #expect(CloudFormationSecurityRules.assess(changes[0], type: "AWS::S3::Bucket")?.direction == .strengthens)
  }

  @Test func propertiesTheCaptureDoesNotHoldAreNotCompared() {
    let iac: Value = [
      "BucketName": "b", "LifecycleConfiguration": ["Rules": [["Id": "expire", "Status": "Enabled"]]],
    ]
    let live: Value = ["BucketName": "b"]
    #expect(
      CloudFormationComparison.compare(
        type: "AWS::S3::Bucket", iac: iac, live: live, coverage: ["BucketName", "VersioningConfiguration"]
      ).isEmpty)
    #expect(
      paths(CloudFormationComparison.compare(type: "AWS::S3::Bucket", iac: iac, live: live))
        == ["removed LifecycleConfiguration"])
  }

  @Test func policyDocumentsCompareWithIAMEquivalences() {
    let iac: Value = [
      "AssumeRolePolicyDocument": [
        "Version": "2012-10-17",
        "Statement": [["Effect": "Allow", "Principal": ["Service": "ec2.amazonaws.com"], "Action": "sts:AssumeRole"]],
      ],
      "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      "Policies": [
        [
          "PolicyName": "assets-read",
          "PolicyDocument": [
            "Statement": [["Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"]]
          ],
        ]
      ],
      "MaxSessionDuration": "3600",
    ]
    let live: Value = [
      "RoleName": "shop-app-prod", "Path": "/", "MaxSessionDuration": 3600,
      "AssumeRolePolicyDocument":
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com"]},"Action":["sts:AssumeRole"]}]}"#,
      "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      "Policies": [
        [
          "PolicyName": "assets-read",
          "PolicyDocument": [
            "Statement": [["Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"]]]
          ],
        ]
      ],
    ]
    #expect(CloudFormationComparison.compare(type: "AWS::IAM::Role", iac: iac, live: live).isEmpty)
    var widened = live
    widened["ManagedPolicyArns"] = [
      "arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess",
    ]
    let changes = CloudFormationComparison.compare(type: "AWS::IAM::Role", iac: iac, live: widened)
    #expect(paths(changes) == ["changed ManagedPolicyArns"])
    let assessment = CloudFormationSecurityRules.assess(changes[0], type: "AWS::IAM::Role")
    #expect(assessment?.rule == "AWS-IAM-POLICY-WIDENING")
    #expect(assessment?.direction == .weakens)
  }

  @Test func openIngressRulesAreJudgedByWhereTheyComeFrom() {
    let ssh: Value = ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"]
    let privateRule: Value = ["IpProtocol": "tcp", "FromPort": 9100, "ToPort": 9100, "CidrIp": "10.1.0.0/16"]
    let path = ValuePath([.key("SecurityGroupIngress")])
    let opened = CloudFormationSecurityRules.assess(
      Change(path: path, kind: .added, iac: nil, live: ssh), type: "AWS::EC2::SecurityGroup")
    #expect(opened?.direction == .weakens)
    #expect(opened?.severity == .critical)
    let closed = CloudFormationSecurityRules.assess(
      Change(path: path, kind: .removed, iac: Self.debug, live: nil), type: "AWS::EC2::SecurityGroup")
    #expect(closed?.direction == .strengthens)
    #expect(closed?.severity == .high)
    // A private source widens access too, as in Terraform: low on a non-admin port.
    let widened = CloudFormationSecurityRules.assess(
      Change(path: path, kind: .added, iac: nil, live: privateRule), type: "AWS::EC2::SecurityGroup")
    #expect(widened?.direction == .weakens)
    #expect(widened?.severity == .low)
  }

  @Test func cidrsAndPortsAreComparedAsEC2StoresThem() {
    // Host bits are cleared by EC2; ports mean nothing for protocols other than tcp/udp/icmp.
    let iac: Value = [
      "SecurityGroupIngress": [
        ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.1/16"],
        ["IpProtocol": "50", "FromPort": 0, "ToPort": 0, "CidrIp": "10.1.0.0/16"],
      ]
    ]
    let live = Self.liveGroup(ingress: [
      ["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/16"],
      ["IpProtocol": "50", "CidrIp": "10.1.0.0/16"],
    ])
    #expect(CloudFormationComparison.compare(type: "AWS::EC2::SecurityGroup", iac: iac, live: live).isEmpty)
    #expect(SecurityGroupAtom.canonicalCIDR("192.168.7.9/24") == "192.168.7.0/24")
    #expect(SecurityGroupAtom.canonicalCIDR("2001:DB8::/64") == "2001:db8::/64")
  }

  @Test func aRuleWithAnUnknownSourceNeverHidesOneOpenToTheWorld() {
    // CidrIp: !Ref AdminCidr with no value: the world-open SSH rule is still reported.
    let iac: Value = ["SecurityGroupIngress": [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22]]]
    let live = Self.liveGroup(ingress: [["IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"]])
    let unknown = [ValuePath([.key("SecurityGroupIngress"), .index(0), .key("CidrIp")])]
    #expect(
      paths(
        CloudFormationComparison.compare(
          type: "AWS::EC2::SecurityGroup", iac: iac, unknownPaths: unknown, live: live))
        == ["added SecurityGroupIngress[CidrIp=\"0.0.0.0/0\",FromPort=22,IpProtocol=tcp,ToPort=22]"])
  }

  @Test func secretNamesOnThePathMakeAFindingSecret() {
    #expect(CloudFormationClassifier.isSecretPath(ValuePath([.key("MasterUserPassword")])))
    #expect(
      CloudFormationClassifier.isSecretPath(
        ValuePath([.key("Tags"), .item([.init(name: "Key", value: "api-token")]), .key("Value")])))
    #expect(
      CloudFormationClassifier.isSecretPath(
        ValuePath([.key("Environment"), .key("Variables"), .key("DB_PASSWORD")])))
    #expect(!CloudFormationClassifier.isSecretPath(ValuePath([.key("VersioningConfiguration"), .key("Status")])))
  }

  @Test func listsOtherResourcesAddToCompareOnlyWhatTheTemplateSays() {
    // An AWS::IAM::Policy attaches "extra" to the role; AWS::EC2::SecurityGroupIngress adds a rule.
    let role: Value = [
      "Policies": [["PolicyName": "assets-read", "PolicyDocument": ["Statement": []]]],
      "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    ]
    var live = role
    live["Policies"] = [
      ["PolicyName": "assets-read", "PolicyDocument": ["Statement": []]],
      ["PolicyName": "extra", "PolicyDocument": ["Statement": []]],
    ]
    live["ManagedPolicyArns"] = [
      "arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/edge-extra",
    ]
    #expect(
      CloudFormationComparison.compare(
        type: "AWS::IAM::Role", iac: role, live: live, separatelyManaged: ["Policies", "ManagedPolicyArns"]
      ).isEmpty)
    // An administrator policy is reported all the same.
    live["ManagedPolicyArns"]?.withList { $0.append("arn:aws:iam::aws:policy/AdministratorAccess") }
    #expect(
      paths(
        CloudFormationComparison.compare(
          type: "AWS::IAM::Role", iac: role, live: live, separatelyManaged: ["Policies", "ManagedPolicyArns"]))
        == ["changed ManagedPolicyArns"])
    // Rules: the standalone one is not drift, a world-open one is.
    let group: Value = ["SecurityGroupIngress": [Self.https]]
    let standalone: Value = ["IpProtocol": "tcp", "FromPort": 8443, "ToPort": 8443, "SourceSecurityGroupId": "sg-0aaa"]
    let world: Value = ["IpProtocol": "tcp", "FromPort": 3389, "ToPort": 3389, "CidrIp": "0.0.0.0/0"]
    #expect(
      paths(
        CloudFormationComparison.compare(
          type: "AWS::EC2::SecurityGroup", iac: group, live: Self.liveGroup(ingress: [Self.https, standalone, world]),
          separatelyManaged: ["SecurityGroupIngress"]))
        == ["added SecurityGroupIngress[CidrIp=\"0.0.0.0/0\",FromPort=3389,IpProtocol=tcp,ToPort=3389]"])
  }

  @Test func principalsCompareAsIAMStoresThem() {
    let iac: Value = [
      "AssumeRolePolicyDocument": [
        "Statement": [
          ["Effect": "Allow", "Principal": ["AWS": "111122223333"], "Action": "sts:AssumeRole"],
          [
            "Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
          ],
        ]
      ]
    ]
    let live: Value = [
      "AssumeRolePolicyDocument": [
        "Statement": [
          ["Effect": "Allow", "Principal": ["AWS": "arn:aws:iam::111122223333:root"], "Action": "sts:AssumeRole"],
          [
            "Effect": "Deny", "Principal": ["AWS": "*"], "Action": "sts:AssumeRole",
            "Condition": ["Bool": ["aws:SecureTransport": "false"]],
          ],
        ]
      ]
    ]
    #expect(CloudFormationComparison.compare(type: "AWS::IAM::Role", iac: iac, live: live).isEmpty)
  }
}

@Suite("CloudFormation unmanaged resources that are a risk")
struct CloudFormationUnmanagedRiskTests {
  func unmanaged(_ type: String, _ properties: Value) -> Finding {
    CloudFormationClassifier(redactor: Redactor(key: [7]), captureLabel: "c1").unmanaged(
      CloudFormationLiveResource(type: type, physicalId: "sgr-0123", properties: properties))
  }

  @Test func aStandaloneWorldRuleIsJudgedWholeAndReverted() {
    let ssh = unmanaged(
      "AWS::EC2::SecurityGroupIngress",
      ["GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "0.0.0.0/0"])
    #expect(ssh.action == .revert)
    #expect(ssh.severity == .critical)
    #expect(ssh.security?.rule == "AWS-SG-OPEN-INGRESS")
  }

  @Test func aStandalonePrivateRuleIsForReview() {
    let privateRule = unmanaged(
      "AWS::EC2::SecurityGroupIngress",
      ["GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "CidrIp": "10.0.0.0/8"])
    #expect(privateRule.action == .review)
    #expect(privateRule.security == nil)
  }
}
