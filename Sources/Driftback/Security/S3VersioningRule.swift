/// S3 versioning: enabled at runtime strengthens, suspended weakens.
struct S3VersioningRule: AWSSecurityRule {
  let id = "AWS-S3-VERSIONING"
  let severity = Finding.Severity.medium
  let summary =
    "versioning keeps overwritten and deleted objects recoverable (AWS Foundational Security Best Practices S3.14)"

  let covers: [String: Set<String>] = [
    "AWS::S3::Bucket": ["VersioningConfiguration"],
    "aws_s3_bucket_versioning": ["versioning_configuration"],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    // Other fields of the block (`mfa_delete`) are not the status.
    if case .key(let last)? = change.path.segments.last,
      !["status", "Status", "versioning_configuration", "VersioningConfiguration"].contains(last)
    {
      return nil
    }
    let iac = change.iac.flatMap(status) ?? "Suspended"
    let live = change.live.flatMap(status) ?? "Suspended"
    guard iac != live else { return nil }
    return assessment(live == "Enabled" ? .strengthens : .weakens)
  }

  /// The status in either spelling: the value itself, `Status`, or Terraform's `status` in its block list.
  func status(_ value: Value) -> String? {
    value.string ?? value["Status"]?.string ?? (value.list ?? [value]).lazy.compactMap { $0["status"]?.string }.first
  }
}
