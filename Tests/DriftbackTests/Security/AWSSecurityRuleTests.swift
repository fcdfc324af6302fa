import DriftbackSyntax
import Testing

@testable import Driftback

/// One runtime change of an AWS resource and the verdict the shared catalogue must give it.
struct AWSRuleCase: Sendable, CustomTestStringConvertible {
  /// The expected rule, `nil` when nothing may fire.
  var rule: String?
  var direction: SecurityAssessment.Direction?
  var severity: Finding.Severity?
  /// The resource type in its own spelling (`aws_db_instance`, `AWS::RDS::DBInstance`).
  var type: String
  var path: String
  var kind: Change.Kind
  var iac: Value?
  var live: Value?
  var note: String
  /// Whether `iac` and `live` are the whole resource (a standalone rule), not the changed value.
  var isWhole = false

  var testDescription: String { "\(type) \(path): \(note)" }

  static func weakens(
    _ rule: String, _ type: String, _ path: String, _ kind: Change.Kind, iac: Value?, live: Value?,
    severity: Finding.Severity? = nil, _ note: String
  ) -> AWSRuleCase {
    AWSRuleCase(
      rule: rule, direction: .weakens, severity: severity, type: type, path: path, kind: kind, iac: iac, live: live,
      note: note)
  }

  static func hardens(
    _ rule: String, _ type: String, _ path: String, _ kind: Change.Kind, iac: Value?, live: Value?,
    severity: Finding.Severity? = nil, _ note: String
  ) -> AWSRuleCase {
    AWSRuleCase(
      rule: rule, direction: .strengthens, severity: severity, type: type, path: path, kind: kind, iac: iac,
      live: live, note: note)
  }

  /// A change of one attribute of a standalone rule resource, judged on the whole rule.
  static func standalone(
    _ rule: String?, _ direction: SecurityAssessment.Direction?, _ severity: Finding.Severity?, _ type: String,
    _ path: String, iac: Value, live: Value, _ note: String
  ) -> AWSRuleCase {
    AWSRuleCase(
      rule: rule, direction: direction, severity: severity, type: type, path: path, kind: .changed, iac: iac,
      live: live, note: note, isWhole: true)
  }

  static func silent(_ type: String, _ path: String, _ kind: Change.Kind, iac: Value?, live: Value?, _ note: String)
    -> AWSRuleCase
  {
    AWSRuleCase(
      rule: nil, direction: nil, severity: nil, type: type, path: path, kind: kind, iac: iac, live: live, note: note)
  }
}

@Suite("Security: AWS security rules")
struct AWSSecurityRuleTests {
  // MARK: - Security groups

  static let tfSSH: Value = ["protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]]
  static let tfHTTPS: Value = ["protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]]
  static let tfPrivate: Value = ["protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"]]
  static let tfAllOut: Value = ["protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]]
  static let cfnMySQL: Value = ["CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 3306, "ToPort": 3306]
  static let cfnHTTPS: Value = ["CidrIpv6": "::/0", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443]
  static let cfnAllOut: Value = ["CidrIp": "0.0.0.0/0", "IpProtocol": "-1"]

  /// A whole `aws_vpc_security_group_ingress_rule`.
  static func tfStandalone(_ cidr: String? = nil, ipv6: String? = nil, port: Int = 443) -> Value {
    let source: (key: String, value: String) = ipv6.map { ("cidr_ipv6", $0) } ?? ("cidr_ipv4", cidr ?? "")
    let rule: Value = [
      "security_group_id": "sg-1", "ip_protocol": "tcp", "from_port": .int(port), "to_port": .int(port),
    ]
    var map = rule.map ?? ValueMap()
    map[source.key] = .string(source.value)
    return .map(map)
  }

  /// A whole `AWS::IAM::Policy` with one statement.
  static func policyResource(_ effect: String, _ action: String) -> Value {
    [
      "PolicyName": "p",
      "PolicyDocument": [
        "Version": "2012-10-17",
        "Statement": [["Effect": .string(effect), "Action": .string(action), "Resource": "arn:aws:s3:::b/*"]],
      ],
    ]
  }

  /// A Terraform policy document as `jsonencode` writes it.
  static func policyJSON(_ effect: String, _ action: String) -> String {
    #"{"Version":"2012-10-17","Statement":[{"Effect":"\#(effect)","Action":"\#(action)","Resource":"arn:aws:s3:::b/*"}]}"#
  }

  /// A whole `AWS::EC2::SecurityGroupIngress`.
  static func cfnStandalone(_ cidr: String) -> Value {
    ["GroupId": "sg-1", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIp": .string(cidr)]
  }

  static let securityGroupCases: [AWSRuleCase] = [
    .weakens(
      "AWS-SG-OPEN-INGRESS", "aws_security_group",
      #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"]"#,
      .added, iac: nil, live: tfSSH, severity: .critical, "SSH from the world added"),
    .hardens(
      "AWS-SG-OPEN-INGRESS", "aws_security_group",
      #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"]"#,
      .removed, iac: tfSSH, live: nil, severity: .critical, "SSH from the world removed"),
    .weakens(
      "AWS-SG-OPEN-INGRESS", "aws_security_group",
      #"ingress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="0.0.0.0/0"]"#,
      .added, iac: nil, live: tfHTTPS, severity: .high, "the world on a non-admin port is high"),
    .weakens(
      "AWS-SG-OPEN-INGRESS", "aws_security_group",
      #"ingress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="10.0.0.0/8"]"#, .added, iac: nil, live: tfPrivate,
      severity: .low, "a hand-added rule from a private range widens access, a little"),
    .weakens(
      "AWS-SG-OPEN-INGRESS", "AWS::EC2::SecurityGroup",
      #"SecurityGroupIngress[CidrIp="10.0.0.0/8",FromPort=22,IpProtocol=tcp,ToPort=22]"#,
      .added, iac: nil, live: ["CidrIp": "10.0.0.0/8", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22],
      severity: .medium, "CloudFormation judges a private source as Terraform does: SSH from a private range"),
    .hardens(
      "AWS-SG-OPEN-INGRESS", "aws_security_group",
      #"ingress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="10.0.0.0/8"]"#, .changed, iac: tfPrivate,
      live: ["protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.1.0.0/16"]], severity: .low,
      "a source narrowed inside the IaC's range"),
    .silent(
      "aws_security_group", #"ingress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="10.0.0.0/8"]"#, .changed,
      iac: tfPrivate,
      live: ["protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["10.0.0.0/8"], "description": "x"],
      "a description grants nothing"),
    .silent(
      "aws_security_group", #"ingress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="10.0.0.0/8"].description"#,
      .changed, iac: "a", live: "b", "a description alone grants nothing"),
    .standalone(
      "AWS-SG-OPEN-INGRESS", .weakens, .high, "aws_vpc_security_group_ingress_rule", "cidr_ipv4",
      iac: tfStandalone("10.0.0.0/8"), live: tfStandalone("0.0.0.0/0"), "a standalone rule opened to the world"),
    .standalone(
      "AWS-SG-OPEN-INGRESS", .strengthens, .high, "aws_vpc_security_group_ingress_rule", "cidr_ipv6",
      iac: tfStandalone(ipv6: "::/0"), live: tfStandalone(ipv6: "2001:db8::/32"), "a standalone rule narrowed"),
    .standalone(
      "AWS-SG-OPEN-INGRESS", .weakens, .low, "aws_vpc_security_group_ingress_rule", "from_port",
      iac: tfStandalone("10.0.0.0/8"), live: tfStandalone("10.0.0.0/8", port: 8443),
      "a port moved opens a port the IaC does not"),
    .standalone(
      "AWS-SG-OPEN-INGRESS", .weakens, .critical, "aws_security_group_rule", "cidr_blocks",
      iac: ["type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]],
      live: [
        "type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22,
        "cidr_blocks": ["10.0.0.0/8", "0.0.0.0/0"],
      ], "aws_security_group_rule: SSH from the world added to a rule"),
    .standalone(
      "AWS-SG-OPEN-EGRESS", .weakens, nil, "aws_security_group_rule", "cidr_blocks",
      iac: ["type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"]],
      live: ["type": "egress", "protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]],
      "aws_security_group_rule: egress opened to everywhere"),
    .standalone(
      nil, nil, nil, "aws_security_group_rule", "description",
      iac: ["type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]],
      live: [
        "type": "ingress", "protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"],
        "description": "ops",
      ], "aws_security_group_rule: a description grants nothing"),
    .weakens(
      "AWS-SG-OPEN-INGRESS", "AWS::EC2::SecurityGroup",
      #"SecurityGroupIngress[CidrIp="0.0.0.0/0",FromPort=3306,IpProtocol=tcp,ToPort=3306]"#, .added, iac: nil,
      live: cfnMySQL, severity: .critical, "MySQL from the world added"),
    .hardens(
      "AWS-SG-OPEN-INGRESS", "AWS::EC2::SecurityGroup",
      #"SecurityGroupIngress[CidrIpv6="::/0",FromPort=443,IpProtocol=tcp,ToPort=443]"#, .removed, iac: cfnHTTPS,
      live: nil, severity: .high, "HTTPS from the world removed"),
    .standalone(
      "AWS-SG-OPEN-INGRESS", .weakens, .high, "AWS::EC2::SecurityGroupIngress", "CidrIp",
      iac: cfnStandalone("10.0.0.0/8"), live: cfnStandalone("0.0.0.0/0"), "a standalone CloudFormation ingress opened"),
    .standalone(
      "AWS-SG-OPEN-INGRESS", .strengthens, .high, "AWS::EC2::SecurityGroupIngress", "CidrIp",
      iac: cfnStandalone("0.0.0.0/0"), live: cfnStandalone("10.0.0.0/8"), "a standalone CloudFormation ingress narrowed"
    ),
    .weakens(
      "AWS-SG-OPEN-EGRESS", "aws_security_group",
      #"egress[protocol="-1",from_port=0,to_port=0,cidr_blocks="0.0.0.0/0"]"#,
      .added, iac: nil, live: tfAllOut, "all egress added where the IaC lists narrower egress"),
    .hardens(
      "AWS-SG-OPEN-EGRESS", "aws_security_group",
      #"egress[protocol="-1",from_port=0,to_port=0,cidr_blocks="0.0.0.0/0"]"#,
      .removed, iac: tfAllOut, live: nil, "all egress removed"),
    .weakens(
      "AWS-SG-OPEN-EGRESS", "aws_security_group",
      #"egress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="0.0.0.0/0"]"#,
      .added, iac: nil, live: tfHTTPS, severity: .low, "world egress on one port added: low"),
    .hardens(
      "AWS-SG-OPEN-EGRESS", "aws_security_group",
      #"egress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="0.0.0.0/0"]"#,
      .removed, iac: tfHTTPS, live: nil, severity: .low, "world egress on one port removed"),
    .silent(
      "aws_security_group", #"egress[protocol=tcp,from_port=443,to_port=443,cidr_blocks="10.0.0.0/8"]"#, .added,
      iac: nil, live: tfPrivate, "egress to a private range is configuration"),
    .weakens(
      "AWS-SG-OPEN-EGRESS", "AWS::EC2::SecurityGroup", #"SecurityGroupEgress[CidrIp="0.0.0.0/0",IpProtocol="-1"]"#,
      .added, iac: nil, live: cfnAllOut, "all egress added to a CloudFormation group"),
    .hardens(
      "AWS-SG-OPEN-EGRESS", "AWS::EC2::SecurityGroup", #"SecurityGroupEgress[CidrIp="0.0.0.0/0",IpProtocol="-1"]"#,
      .removed, iac: cfnAllOut, live: nil, "all egress removed from a CloudFormation group"),
    .silent(
      "AWS::EC2::SecurityGroup", "SecurityGroupEgress", .added, iac: nil, live: cfnAllOut,
      "AWS's default egress on a group whose IaC declares none"),
  ]

  // MARK: - Boolean controls

  static let booleanCases: [AWSRuleCase] = [
    .weakens(
      "AWS-RDS-PUBLIC", "aws_db_instance", "publicly_accessible", .changed, iac: false, live: true,
      severity: .critical, "database made public"),
    .hardens(
      "AWS-RDS-PUBLIC", "aws_db_instance", "publicly_accessible", .changed, iac: true, live: false,
      "database made private"),
    .weakens(
      "AWS-RDS-PUBLIC", "AWS::RDS::DBInstance", "PubliclyAccessible", .added, iac: nil, live: true,
      "absent means private; live says public"),
    .hardens(
      "AWS-RDS-PUBLIC", "AWS::RDS::DBInstance", "PubliclyAccessible", .changed, iac: "true", live: false,
      "a template string boolean"),
    .silent("aws_db_instance", "allocated_storage", .changed, iac: 20, live: 50, "storage size is not security"),
    .weakens(
      "AWS-RDS-ENCRYPTION", "aws_db_instance", "storage_encrypted", .changed, iac: true, live: false,
      "encryption off"),
    .hardens(
      "AWS-RDS-ENCRYPTION", "aws_rds_cluster", "storage_encrypted", .changed, iac: false, live: true,
      "encryption on"),
    .weakens(
      "AWS-RDS-ENCRYPTION", "AWS::RDS::DBInstance", "StorageEncrypted", .changed, iac: true, live: false,
      "encryption off in CloudFormation"),
    .hardens(
      "AWS-RDS-ENCRYPTION", "AWS::RDS::DBInstance", "StorageEncrypted", .added, iac: nil, live: true,
      "encryption on where the template is silent"),
    .silent(
      "AWS::RDS::DBInstance", "StorageEncrypted", .changed, iac: ["Ref": "Encrypt"], live: true,
      "a value that is not a literal is not judged"),
    .weakens(
      "AWS-KMS-ROTATION", "aws_kms_key", "enable_key_rotation", .changed, iac: true, live: false, "rotation off"),
    .hardens(
      "AWS-KMS-ROTATION", "aws_kms_key", "enable_key_rotation", .changed, iac: false, live: true, "rotation on"),
    .weakens(
      "AWS-KMS-ROTATION", "AWS::KMS::Key", "EnableKeyRotation", .removed, iac: true, live: nil,
      "rotation gone in CloudFormation"),
    .hardens(
      "AWS-KMS-ROTATION", "AWS::KMS::Key", "EnableKeyRotation", .changed, iac: false, live: true,
      "rotation on in CloudFormation"),
    .silent("aws_kms_key", "deletion_window_in_days", .changed, iac: 30, live: 7, "not the rotation"),
    .weakens(
      "AWS-CLOUDTRAIL-LOGGING", "aws_cloudtrail", "enable_logging", .changed, iac: true, live: false,
      "logging stopped"),
    .hardens(
      "AWS-CLOUDTRAIL-LOGGING", "aws_cloudtrail", "enable_log_file_validation", .changed, iac: false, live: true,
      "validation on"),
    .weakens(
      "AWS-CLOUDTRAIL-LOGGING", "aws_cloudtrail", "is_multi_region_trail", .changed, iac: true, live: false,
      "one region only"),
    .weakens(
      "AWS-CLOUDTRAIL-LOGGING", "AWS::CloudTrail::Trail", "IsLogging", .changed, iac: true, live: false,
      "logging stopped in CloudFormation"),
    .hardens(
      "AWS-CLOUDTRAIL-LOGGING", "AWS::CloudTrail::Trail", "IsMultiRegionTrail", .changed, iac: false, live: true,
      "all regions in CloudFormation"),
    .silent(
      "aws_cloudtrail", "enable_logging", .added, iac: nil, live: true, "absent enable_logging already means on"),
  ]

  // MARK: - S3 policies and ACLs

  static let privatePolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::assets/*"}]}"#
  static let publicPolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::assets/*"},{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::assets/*"}]}"#
  static let conditionalPolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::assets/*","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1a2b3c4d"}}}]}"#
  static let publicDocument: Value = [
    "Statement": [["Effect": "Allow", "Principal": ["AWS": "*"], "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*"]]
  ]
  static let privateDocument: Value = [
    "Statement": [["Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::logs/*"]]
  ]

  static let s3Cases: [AWSRuleCase] = [
    .weakens(
      "AWS-S3-BUCKET-POLICY-PUBLIC", "aws_s3_bucket_policy", "policy", .changed, iac: .string(privatePolicy),
      live: .string(publicPolicy), "a statement for everyone added"),
    .hardens(
      "AWS-S3-BUCKET-POLICY-PUBLIC", "aws_s3_bucket_policy", "policy", .changed, iac: .string(publicPolicy),
      live: .string(privatePolicy), "the statement for everyone removed"),
    .silent(
      "aws_s3_bucket_policy", "policy", .changed, iac: .string(privatePolicy), live: .string(conditionalPolicy),
      "everyone, but only through a VPC endpoint"),
    .weakens(
      "AWS-S3-BUCKET-POLICY-PUBLIC", "AWS::S3::BucketPolicy", "PolicyDocument", .changed, iac: privateDocument,
      live: publicDocument, "CloudFormation policy made public"),
    .hardens(
      "AWS-S3-BUCKET-POLICY-PUBLIC", "AWS::S3::BucketPolicy", "PolicyDocument", .changed, iac: publicDocument,
      live: privateDocument, "CloudFormation policy made private"),
    .weakens(
      "AWS-S3-ACL-PUBLIC", "aws_s3_bucket_acl", "acl", .changed, iac: "private", live: "public-read", "ACL public"),
    .hardens(
      "AWS-S3-ACL-PUBLIC", "aws_s3_bucket", "acl", .changed, iac: "authenticated-read", live: "private",
      "ACL private"),
    .weakens(
      "AWS-S3-ACL-PUBLIC", "AWS::S3::Bucket", "AccessControl", .changed, iac: "PublicRead", live: "PublicReadWrite",
      "read became read-write"),
    .hardens(
      "AWS-S3-ACL-PUBLIC", "AWS::S3::Bucket", "AccessControl", .removed, iac: "PublicRead", live: nil,
      "public ACL gone"),
    .silent(
      "AWS::S3::Bucket", "AccessControl", .changed, iac: "Private", live: "LogDeliveryWrite",
      "log delivery is not public"),
    .weakens(
      "AWS-S3-PUBLIC-ACCESS-BLOCK", "aws_s3_bucket_public_access_block", "block_public_policy", .changed, iac: true,
      live: false, "public policies allowed again"),
    .hardens(
      "AWS-S3-PUBLIC-ACCESS-BLOCK", "AWS::S3::Bucket", "PublicAccessBlockConfiguration.BlockPublicAcls", .changed,
      iac: false, live: true, "public ACLs blocked"),
    .weakens(
      "AWS-S3-VERSIONING", "aws_s3_bucket_versioning", "versioning_configuration[0].status", .changed,
      iac: "Enabled", live: "Suspended", "versioning suspended"),
    .hardens(
      "AWS-S3-VERSIONING", "AWS::S3::Bucket", "VersioningConfiguration.Status", .changed, iac: "Suspended",
      live: "Enabled", "versioning enabled"),
    .silent(
      "aws_s3_bucket_versioning", "versioning_configuration[0].mfa_delete", .changed, iac: "Enabled",
      live: "Disabled", "MFA delete is not the status"),
    .weakens(
      "AWS-S3-ENCRYPTION", "aws_s3_bucket_server_side_encryption_configuration",
      "rule[0].apply_server_side_encryption_by_default[0].sse_algorithm", .changed, iac: "aws:kms", live: "AES256",
      "KMS swapped for S3-managed keys"),
    .hardens(
      "AWS-S3-ENCRYPTION", "AWS::S3::Bucket", "BucketEncryption", .changed,
      iac: ["ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "AES256"]]]],
      live: ["ServerSideEncryptionConfiguration": [["ServerSideEncryptionByDefault": ["SSEAlgorithm": "aws:kms"]]]],
      "S3-managed keys swapped for KMS"),
    .silent(
      "aws_s3_bucket_server_side_encryption_configuration",
      "rule[0].apply_server_side_encryption_by_default[0].kms_master_key_id", .changed, iac: "alias/a",
      live: "alias/b", "another key, same algorithm"),
  ]

  // MARK: - IAM

  static let narrowPolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::assets/*"}]}"#
  static let wildcardPolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::assets/*"},{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::assets/*"}]}"#
  static let denyPolicy =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::assets/*"},{"Effect":"Deny","Action":"*","Resource":"*"}]}"#
  static let trustEC2 =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
  static let trustEveryone =
    #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"},{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}"#
  static func trust(_ accounts: [Value]) -> Value {
    ["Statement": [["Effect": "Allow", "Principal": ["AWS": .list(accounts)], "Action": "sts:AssumeRole"]]]
  }
  static func inline(_ policy: String) -> Value { ["name": "app", "policy": .string(policy)] }

  static let iamCases: [AWSRuleCase] = [
    .weakens(
      "AWS-IAM-POLICY-WIDENING", "aws_iam_policy", "policy", .changed, iac: .string(narrowPolicy),
      live: .string(wildcardPolicy), severity: .critical, "a service wildcard added"),
    .hardens(
      "AWS-IAM-POLICY-WIDENING", "aws_iam_role_policy", "policy", .changed, iac: .string(wildcardPolicy),
      live: .string(narrowPolicy), "a service wildcard removed"),
    .silent(
      "aws_iam_policy", "policy", .changed, iac: .string(narrowPolicy), live: .string(denyPolicy),
      "a Deny on everything narrows"),
    .weakens(
      "AWS-IAM-POLICY-WIDENING", "aws_iam_role", "inline_policy[name=app]", .changed, iac: inline(narrowPolicy),
      live: inline(wildcardPolicy), "inline policy widened"),
    .weakens(
      "AWS-IAM-POLICY-WIDENING", "aws_iam_role", "managed_policy_arns", .changed,
      iac: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      live: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"],
      "administrator attached"),
    .hardens(
      "AWS-IAM-POLICY-WIDENING", "aws_iam_role_policy_attachment", "policy_arn", .changed,
      iac: "arn:aws:iam::aws:policy/AmazonS3FullAccess", live: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
      "full access swapped for read-only"),
    .weakens(
      "AWS-IAM-POLICY-WIDENING", "AWS::IAM::Policy", "PolicyDocument", .changed,
      iac: ["Statement": [["Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:1:q"]]],
      live: ["Statement": [["Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"]]],
      "resource widened to *"),
    .hardens(
      "AWS-IAM-POLICY-WIDENING", "AWS::IAM::Role", "Policies[PolicyName=app]", .removed,
      iac: [
        "PolicyName": "app", "PolicyDocument": ["Statement": [["Effect": "Allow", "Action": "*", "Resource": "*"]]],
      ],
      live: nil, "admin inline policy removed"),
    .silent(
      "AWS::IAM::Role", "ManagedPolicyArns", .changed, iac: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      live: ["arn:aws:iam::aws:policy/SecurityAudit"], "one read-only policy for another"),
    .weakens(
      "AWS-IAM-TRUST-WIDENING", "aws_iam_role", "assume_role_policy", .changed, iac: .string(trustEC2),
      live: .string(trustEveryone), severity: .critical, "everyone may assume the role"),
    .hardens(
      "AWS-IAM-TRUST-WIDENING", "aws_iam_role", "assume_role_policy", .changed, iac: .string(trustEveryone),
      live: .string(trustEC2), "everyone removed from the trust"),
    .weakens(
      "AWS-IAM-TRUST-WIDENING", "AWS::IAM::Role", "AssumeRolePolicyDocument", .changed, iac: trust(["111122223333"]),
      live: trust(["111122223333", "arn:aws:iam::444455556666:root"]), "another account trusted"),
    .hardens(
      "AWS-IAM-TRUST-WIDENING", "AWS::IAM::Role", "AssumeRolePolicyDocument", .changed,
      iac: trust(["111122223333", "444455556666"]), live: trust(["111122223333"]), "another account dropped"),
    .silent(
      "AWS::IAM::Role", "AssumeRolePolicyDocument", .changed, iac: trust(["111122223333"]),
      live: trust(["arn:aws:iam::111122223333:root"]), "the same account spelled as IAM stores it"),
    AWSRuleCase(
      rule: "AWS-IAM-POLICY-WIDENING", direction: .relevant, severity: .medium, type: "AWS::IAM::Policy",
      path: "PolicyDocument.Statement[0].Action", kind: .changed, iac: "s3:GetObject", live: "s3:*",
      note: "a wildcard inside one statement: the effect is not in the change"),
    .standalone(
      "AWS-IAM-POLICY-WIDENING", .weakens, .critical, "AWS::IAM::Policy", "PolicyDocument.Statement[0].Action",
      iac: policyResource("Allow", "s3:GetObject"), live: policyResource("Allow", "s3:*"),
      "a wildcard inside an Allow statement, judged on the whole policy"),
    .standalone(
      "AWS-IAM-POLICY-WIDENING", .strengthens, .critical, "aws_iam_role_policy", "policy.Statement[0].Action",
      iac: ["policy": .string(policyJSON("Allow", "*"))],
      live: ["policy": .string(policyJSON("Allow", "s3:GetObject"))],
      "Terraform's JSON policy: a wildcard narrowed to one action"),
    .standalone(
      nil, nil, nil, "AWS::IAM::Policy", "PolicyDocument.Statement[0].Action",
      iac: policyResource("Deny", "s3:GetObject"), live: policyResource("Deny", "s3:*"),
      "a wildcard inside a Deny statement widens nothing"),
    .weakens(
      "AWS-IAM-TRUST-WIDENING", "AWS::IAM::Role", "AssumeRolePolicyDocument.Statement[0].Principal.AWS", .changed,
      iac: "111122223333", live: "*", "the principal itself widened to everyone"),
  ]

  // MARK: - Tests

  @Test("Security-group rules", arguments: securityGroupCases)
  func securityGroups(_ rule: AWSRuleCase) throws { try check(rule) }

  @Test("Boolean controls: RDS, KMS, CloudTrail", arguments: booleanCases)
  func booleanControls(_ rule: AWSRuleCase) throws { try check(rule) }

  @Test("S3 bucket policy and ACL", arguments: s3Cases)
  func s3(_ rule: AWSRuleCase) throws { try check(rule) }

  @Test("IAM policies and trust", arguments: iamCases)
  func iam(_ rule: AWSRuleCase) throws { try check(rule) }

  @Test("Both spellings go through the one catalogue")
  func bothSpellingsShareTheCatalogue() {
    let terraform = Change(
      path: ValuePath([.key("publicly_accessible")]), kind: .changed, iac: false, live: true)
    let cloudFormation = Change(
      path: ValuePath([.key("PubliclyAccessible")]), kind: .changed, iac: false, live: true)
    let a = TerraformSecurityRules.assess(terraform, type: "aws_db_instance")
    let b = CloudFormationSecurityRules.assess(cloudFormation, type: "AWS::RDS::DBInstance")
    #expect(a == b)
    #expect(a?.rule == "AWS-RDS-PUBLIC")
  }

  @Test("Every AWS rule covers both spellings, states a reference and a severity")
  func catalogueShape() {
    for rule in AWSSecurityRules.all {
      let types = rule.covers.keys
      #expect(types.contains { $0.hasPrefix("aws_") }, "\(rule.id) has no Terraform spelling")
      #expect(types.contains { $0.hasPrefix("AWS::") }, "\(rule.id) has no CloudFormation spelling")
      #expect(rule.summary.contains("("), "\(rule.id) names no reference")
      #expect(rule.id.hasPrefix("AWS-"))
    }
  }

  @Test("Rule ids are unique across every catalogue")
  func uniqueIDs() {
    let ids = AWSSecurityRules.all.map(\.id) + KubernetesSecurityRules.all.map(\.id)
    #expect(Set(ids).count == ids.count, "duplicates: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
    #expect(ids.allSatisfy { id in id.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "-" } })
  }

  func check(_ rule: AWSRuleCase) throws {
    let path = try ValuePath(parsing: rule.path)
    let change: Change
    if rule.isWhole {
      // The changed attribute's own values; the rule is judged on the whole resource.
      let key = path.segments.first.flatMap { segment -> String? in
        if case .key(let key) = segment { return key }
        return nil
      }
      change = Change(
        path: path, kind: rule.kind, iac: key.flatMap { rule.iac?.map?[$0] }, live: key.flatMap { rule.live?.map?[$0] })
    } else {
      change = Change(path: path, kind: rule.kind, iac: rule.iac, live: rule.live)
    }
    let whole = rule.isWhole ? (rule.iac, rule.live) : (nil, nil)
    let assessment =
      rule.type.hasPrefix("AWS::")
      ? CloudFormationSecurityRules.assess(change, type: rule.type, iac: whole.0, live: whole.1)
      : TerraformSecurityRules.assess(change, type: rule.type, iac: whole.0, live: whole.1)
    #expect(assessment?.rule == rule.rule)
    #expect(assessment?.direction == rule.direction)
    if let severity = rule.severity { #expect(assessment?.severity == severity) }
  }
}

@Suite("Security: address ranges")
struct IPRangeTests {
  @Test func ipv4RangesHoldNarrowerOnes() throws {
    let wide = try #require(IPRange("10.0.0.0/8"))
    #expect(wide.contains(try #require(IPRange("10.1.0.0/16"))))
    #expect(wide.contains(try #require(IPRange("10.255.3.4"))))
    #expect(!wide.contains(try #require(IPRange("11.0.0.0/16"))))
    #expect(!(try #require(IPRange("10.1.0.0/16"))).contains(wide))
    // Host bits are cleared, as EC2 stores the block.
    #expect(IPRange("10.0.0.1/16") == IPRange("10.0.0.0/16"))
    #expect(try #require(IPRange("0.0.0.0/0")).contains(wide))
  }

  @Test func ipv6RangesHoldNarrowerOnesAndNeverIPv4() throws {
    let world = try #require(IPRange("::/0"))
    let documentation = try #require(IPRange("2001:db8::/32"))
    #expect(world.contains(documentation))
    #expect(documentation.contains(try #require(IPRange("2001:db8:1:2::/64"))))
    #expect(!documentation.contains(try #require(IPRange("2001:db9::/48"))))
    #expect(IPRange("2001:0db8:0000:0000:0000:0000:0000:0001/128") == IPRange("2001:db8::1"))
    #expect(!world.contains(try #require(IPRange("10.0.0.0/8"))))
  }

  @Test func malformedRangesAreNotRanges() {
    for text in [
      "10.0.0/8", "10.0.0.256/8", "10.0.0.0/33", "2001:db8::1::/64", "2001:db8:/32", "sg-0123", "", "::/129",
    ] {
      #expect(IPRange(text) == nil, "\(text)")
    }
  }
}

@Suite("Security: a rule added or removed inside a group is judged against the group's other rules")
struct SecurityGroupRuleListTests {
  static let tfWorldSSH: Value = ["protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["0.0.0.0/0"]]
  static let tfPrivateSSH: Value = ["protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8"]]

  @Test func sshNarrowedFromTheWorldToAPrivateRangeIsNotAWeakening() throws {
    // Terraform stores one atom per source, so narrowing a rule is an atom removed and an atom added.
    let iac: Value = ["name": "web", "ingress": [Self.tfWorldSSH]]
    let live: Value = ["name": "web", "ingress": [Self.tfPrivateSSH]]
    let added = Change(
      path: try ValuePath(parsing: #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="10.0.0.0/8"]"#),
      kind: .added, iac: nil, live: Self.tfPrivateSSH)
    let removed = Change(
      path: try ValuePath(parsing: #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"]"#),
      kind: .removed, iac: Self.tfWorldSSH, live: nil)
    let addedVerdict = TerraformSecurityRules.assess(added, type: "aws_security_group", iac: iac, live: live)
    #expect(addedVerdict?.direction != .weakens)
    let removedVerdict = TerraformSecurityRules.assess(removed, type: "aws_security_group", iac: iac, live: live)
    #expect(removedVerdict?.direction == .strengthens)
    #expect(removedVerdict?.severity == .critical)
  }

  @Test func cloudFormationNarrowedRuleIsNotAWeakening() throws {
    let world: Value = ["CidrIp": "0.0.0.0/0", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22]
    let office: Value = ["CidrIp": "203.0.113.0/24", "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22]
    let iac: Value = ["SecurityGroupIngress": [world]]
    let live: Value = ["SecurityGroupIngress": [office]]
    let added = Change(
      path: try ValuePath(
        parsing: #"SecurityGroupIngress[CidrIp="203.0.113.0/24",FromPort=22,IpProtocol=tcp,ToPort=22]"#),
      kind: .added, iac: nil, live: office)
    #expect(
      CloudFormationSecurityRules.assess(added, type: "AWS::EC2::SecurityGroup", iac: iac, live: live)?.direction
        != .weakens)
  }

  @Test func aRuleAddedBeyondTheGroupStillWeakens() throws {
    let iac: Value = ["ingress": [Self.tfPrivateSSH]]
    let live: Value = ["ingress": [Self.tfPrivateSSH, Self.tfWorldSSH]]
    let added = Change(
      path: try ValuePath(parsing: #"ingress[protocol=tcp,from_port=22,to_port=22,cidr_blocks="0.0.0.0/0"]"#),
      kind: .added, iac: nil, live: Self.tfWorldSSH)
    let verdict = TerraformSecurityRules.assess(added, type: "aws_security_group", iac: iac, live: live)
    #expect(verdict?.direction == .weakens)
    #expect(verdict?.severity == .critical)
  }

  @Test func icmpPortMinusOneMeansEveryTypeAndCode() throws {
    // ICMP's from_port is the type and to_port the code; -1 is every one.
    let allICMP: Value = ["protocol": "icmp", "from_port": -1, "to_port": -1, "cidr_blocks": ["10.0.0.0/8"]]
    let echo: Value = ["protocol": "icmp", "from_port": 8, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"]]
    let narrowed = SecurityGroupPermission.permissions(of: echo)
    let wide = SecurityGroupPermission.permissions(of: allICMP)
    #expect(narrowed.allSatisfy { permission in wide.contains { $0.grants(permission) } })
    #expect(!wide.allSatisfy { permission in narrowed.contains { $0.grants(permission) } })
    let change = Change(path: try ValuePath(parsing: "ingress"), kind: .changed, iac: [allICMP], live: [echo])
    #expect(TerraformSecurityRules.assess(change, type: "aws_security_group")?.direction == .strengthens)
  }
}

@Suite("Security: address ranges, strictly read")
struct IPRangeStrictTests {
  @Test func signsAndNonDigitsAreNotAddresses() {
    for text in ["+1.0.0.0/8", "10.0.0.0/+8", "2001:+db8::/32", "10.0.0.0/ 8"] {
      #expect(IPRange(text) == nil, "\(text)")
    }
    #expect(IPRange("10.0.0.1/16")?.ipv4Text == "10.0.0.0/16")
    #expect(IPRange("::/0")?.ipv4Text == nil)
    // The CloudFormation comparison's canonical form goes through the same reader.
    #expect(SecurityGroupAtom.canonicalCIDR("10.0.0.1/16") == "10.0.0.0/16")
    #expect(SecurityGroupAtom.canonicalCIDR("2001:DB8::/32") == "2001:db8::/32")
    #expect(SecurityGroupAtom.canonicalCIDR("10.0.0.1") == "10.0.0.1")
  }
}
