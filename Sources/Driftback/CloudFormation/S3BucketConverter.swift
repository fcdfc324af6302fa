import DriftbackSyntax

/// Converts the `aws s3api get-bucket-*` outputs of a bucket into `AWS::S3::Bucket` properties. None of
/// them names its bucket, so each is read from a folder named after it: `s3/<bucket>/<command>.json`.
///
/// | output | CloudFormation |
/// |---|---|
/// | `get-public-access-block` `PublicAccessBlockConfiguration` | `PublicAccessBlockConfiguration` (same keys) |
/// | `get-bucket-encryption` `ServerSideEncryptionConfiguration.Rules[]` | `BucketEncryption.ServerSideEncryptionConfiguration[]`, `ApplyServerSideEncryptionByDefault` → `ServerSideEncryptionByDefault` |
/// | `get-bucket-versioning` `Status` | `VersioningConfiguration.Status` (`MFADelete` has no property) |
/// | `get-bucket-tagging` `TagSet` | `Tags` without `aws:` tags |
/// | `get-bucket-policy` `Policy` (a JSON string) | an `AWS::S3::BucketPolicy` whose physical id is the bucket name: `Bucket`, `PolicyDocument` |
///
/// When nothing is configured the commands fail instead of printing; a file kept empty (or `{}`) says so:
/// no public-access block is all four settings `false` (nothing is blocked at the bucket), no versioning
/// output means versioning was never enabled (`VersioningConfiguration` covered and absent), no tags is
/// `Tags: []`, no encryption leaves `BucketEncryption` covered and absent. A missing file says nothing.
enum S3BucketConverter {
  /// The properties a Cloud Control bucket model holds whenever they are set.
  static let modelCoverage: Set<String> = [
    "BucketName", "PublicAccessBlockConfiguration", "BucketEncryption", "VersioningConfiguration", "Tags",
  ]

  /// The four Block Public Access settings.
  static let publicAccessBlockKeys = [
    "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets",
  ]

  static func read(
    _ file: CloudFormationCaptureFile, format: CloudFormationCaptureFormat, bucket: String,
    into collector: inout CloudFormationCaptureCollector
  ) {
    var diagnostics: [Diagnostic] = []
    defer { collector.diagnostics += diagnostics }
    let root = file.root
    var properties = ValueMap()
    properties["BucketName"] = .string(bucket)
    var coverage: Set<String> = ["BucketName"]
    switch format {
    case .publicAccessBlock:
      coverage.insert("PublicAccessBlockConfiguration")
      if let configuration = root?["PublicAccessBlockConfiguration"], !configuration.isNull {
        guard configuration.map != nil else {
          diagnostics.append(
            file.diagnostic(.error, "`PublicAccessBlockConfiguration` must be an object", at: configuration))
          return
        }
        properties["PublicAccessBlockConfiguration"] = configuration
      } else {
        properties["PublicAccessBlockConfiguration"] = notBlocked
      }
    case .bucketEncryption:
      coverage.insert("BucketEncryption")
      if let configuration = root?["ServerSideEncryptionConfiguration"], !configuration.isNull {
        let rules = file.objects(configuration["Rules"], named: "Rules", diagnostics: &diagnostics).map(encryptionRule)
        var encryption = ValueMap()
        encryption["ServerSideEncryptionConfiguration"] = .list(rules)
        properties["BucketEncryption"] = .map(encryption)
      }
    case .bucketVersioning:
      coverage.insert("VersioningConfiguration")
      if let status = root?["Status"], !status.isNull {
        properties["VersioningConfiguration"] = .map(ValueMap([ValueMap.Entry(key: "Status", value: status)]))
      }
    case .bucketTagging:
      coverage.insert("Tags")
      properties["Tags"] = .list(file.objects(root?["TagSet"], named: "TagSet", diagnostics: &diagnostics))
    case .bucketPolicy:
      readPolicy(file, bucket: bucket, into: &collector, diagnostics: &diagnostics)
      return
    default:
      return
    }
    collector.add(
      CloudFormationLiveFragment(
        type: "AWS::S3::Bucket", physicalId: bucket, origin: .describe, properties: properties, coverage: coverage,
        file: file, at: root),
      file: file)
  }

  /// A public-access block that blocks nothing: what a bucket without one has.
  static let notBlocked: Value = .map(
    ValueMap(publicAccessBlockKeys.map { ValueMap.Entry(key: $0, value: .bool(false)) }))

  /// An S3 encryption rule in CloudFormation's spelling.
  static func encryptionRule(_ rule: Value) -> Value {
    guard var map = rule.map else { return rule }
    if let index = map.index(of: "ApplyServerSideEncryptionByDefault") {
      map.entries[index].key = "ServerSideEncryptionByDefault"
      map.entries[index].keySpan = nil
    }
    return .map(map)
  }

  /// `get-bucket-policy`: `{"Policy": "<JSON string>"}` as the bucket's `AWS::S3::BucketPolicy`.
  static func readPolicy(
    _ file: CloudFormationCaptureFile, bucket: String, into collector: inout CloudFormationCaptureCollector,
    diagnostics: inout [Diagnostic]
  ) {
    guard let text = file.root?["Policy"], !text.isNull else { return }
    guard
      let document = file.embeddedJSON(text, field: "Policy", of: "bucket \(bucket)", diagnostics: &diagnostics)
    else { return }
    var properties = ValueMap()
    properties["Bucket"] = .string(bucket)
    properties["PolicyDocument"] = document
    collector.add(
      CloudFormationLiveFragment(
        type: "AWS::S3::BucketPolicy", physicalId: bucket, origin: .describe, properties: properties,
        coverage: ["Bucket", "PolicyDocument"], file: file, at: file.root),
      file: file)
  }
}
