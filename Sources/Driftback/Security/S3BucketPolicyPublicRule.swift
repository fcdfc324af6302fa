/// Bucket policies: an `Allow` statement for everyone (`"*"`, `{"AWS": "*"}`) with no condition added at
/// runtime makes the bucket public (weakens); one removed strengthens.
struct S3BucketPolicyPublicRule: AWSSecurityRule {
  let id = "AWS-S3-BUCKET-POLICY-PUBLIC"
  let severity = Finding.Severity.critical
  let summary =
    "a bucket policy that allows everyone without a condition makes the bucket public (AWS FSBP S3.2, S3.3)"

  let covers: [String: Set<String>] = [
    "aws_s3_bucket_policy": ["policy"],
    "aws_s3_bucket": ["policy"],
    "AWS::S3::BucketPolicy": ["PolicyDocument"],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    let iac = publicStatements(change.iac)
    let live = publicStatements(change.live)
    if !live.subtracting(iac).isEmpty { return assessment(.weakens) }
    if !iac.subtracting(live).isEmpty { return assessment(.strengthens) }
    return nil
  }

  func publicStatements(_ value: Value?) -> Set<String> {
    var found = Set<String>()
    for statement in IAMPolicyStatements.statements(in: value) where IAMPolicyStatements.allows(statement) {
      guard let principal = statement["Principal"], statement["Condition"]?.isDeeplyEmpty ?? true else { continue }
      let everyone = principal.string == "*" || IAMPolicyStatements.strings(principal["AWS"]).contains("*")
      if everyone { found.insert(IAMPolicyStatements.canonical(statement)) }
    }
    return found
  }
}
