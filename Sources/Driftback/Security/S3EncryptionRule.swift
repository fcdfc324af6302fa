/// S3 default encryption: a stronger algorithm at runtime strengthens, a weaker one weakens.
struct S3EncryptionRule: AWSSecurityRule {
  let id = "AWS-S3-ENCRYPTION"
  let severity = Finding.Severity.medium
  let summary =
    "default encryption with a customer-managed KMS key gives control over who can read the data (CIS AWS 2.1.1)"

  let covers: [String: Set<String>] = [
    "aws_s3_bucket_server_side_encryption_configuration": ["rule"],
    "AWS::S3::Bucket": ["BucketEncryption"],
  ]

  /// The algorithms, weakest first.
  static let strength = ["AES256": 1, "aws:kms": 2, "aws:kms:dsse": 3]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    let iac = algorithm(change.iac) ?? "AES256"
    let live = algorithm(change.live) ?? "AES256"
    guard iac != live else { return nil }
    return assessment((Self.strength[live] ?? 0) > (Self.strength[iac] ?? 0) ? .strengthens : .weakens)
  }

  /// The default algorithm under a value in either spelling (`SSEAlgorithm`, `sse_algorithm`); a string is
  /// one only when it names an algorithm (a KMS key id is not).
  func algorithm(_ value: Value?) -> String? {
    guard let value else { return nil }
    if let text = value.string { return Self.strength[text] != nil ? text : nil }
    return (value.all(endingWith: ["SSEAlgorithm"]) + value.all(endingWith: ["sse_algorithm"])).lazy
      .compactMap(\.string).first
  }
}
