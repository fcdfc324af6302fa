/// What AWS gives a security property when a template leaves it out: the value a silent template means.
///
/// Sources: S3 turns Block Public Access on and encrypts with SSE-S3 for every new bucket (since April 2023
/// and January 2023); versioning is off until enabled; a new security group has no inbound rules and one
/// outbound rule that allows everything; a new role has no policies.
enum CloudFormationDefaults {
  /// The security properties of a type, each with AWS's default.
  static func securityDefaults(for type: String) -> [(key: String, value: Value)] {
    switch type {
    case "AWS::S3::Bucket":
      return [
        ("PublicAccessBlockConfiguration", publicAccessBlock),
        ("BucketEncryption", bucketEncryption),
        ("VersioningConfiguration", .null),
      ]
    case "AWS::EC2::SecurityGroup":
      return [("SecurityGroupIngress", .list([])), ("SecurityGroupEgress", .list([allowAllEgress]))]
    case "AWS::IAM::Role":
      return [("ManagedPolicyArns", .list([])), ("Policies", .list([]))]
    default:
      return []
    }
  }

  /// Block Public Access: all four settings on.
  static let publicAccessBlock: Value = {
    var map = ValueMap()
    for key in ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"] {
      map[key] = .bool(true)
    }
    return .map(map)
  }()

  /// SSE-S3.
  static let bucketEncryption: Value = {
    var byDefault = ValueMap()
    byDefault["SSEAlgorithm"] = .string("AES256")
    var rule = ValueMap()
    rule["ServerSideEncryptionByDefault"] = .map(byDefault)
    var map = ValueMap()
    map["ServerSideEncryptionConfiguration"] = .list([.map(rule)])
    return .map(map)
  }()

  /// The outbound rule AWS adds to every new security group in a VPC.
  static let allowAllEgress: Value = {
    var map = ValueMap()
    map["IpProtocol"] = .string("-1")
    map["CidrIp"] = .string("0.0.0.0/0")
    return .map(map)
  }()

  /// A versioning configuration that was never enabled: `Suspended`, or none.
  static func isVersioningDefault(_ value: Value) -> Bool {
    value.isDeeplyEmpty || value["Status"]?.string == "Suspended"
  }
}
