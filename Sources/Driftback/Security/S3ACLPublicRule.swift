/// Canned bucket ACLs: a public one (`public-read`, `public-read-write`, `authenticated-read`) at runtime
/// weakens; back to a private one strengthens.
struct S3ACLPublicRule: AWSSecurityRule {
  let id = "AWS-S3-ACL-PUBLIC"
  let severity = Finding.Severity.high
  let summary = "a public canned ACL lets anyone (or any AWS account) read or write the bucket (AWS FSBP S3.2, S3.3)"

  let covers: [String: Set<String>] = [
    "aws_s3_bucket": ["acl"],
    "aws_s3_bucket_acl": ["acl"],
    "AWS::S3::Bucket": ["AccessControl"],
  ]

  /// How far each canned ACL opens the bucket, in either spelling (`public-read`, `PublicRead`).
  static let exposure = ["authenticatedread": 1, "publicread": 2, "publicreadwrite": 3]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    guard change.path.segments.count <= 1 else { return nil }
    let iac = exposure(change.iac)
    let live = exposure(change.live)
    if live > iac { return assessment(.weakens) }
    return live < iac ? assessment(.strengthens) : nil
  }

  func exposure(_ value: Value?) -> Int {
    guard let text = value?.string else { return 0 }
    return Self.exposure[String(text.lowercased().filter { $0 != "-" })] ?? 0
  }
}
