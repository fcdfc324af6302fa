/// S3 Block Public Access: a setting turned on at runtime strengthens, turned off weakens.
struct S3PublicAccessBlockRule: AWSSecurityRule {
  let id = "AWS-S3-PUBLIC-ACCESS-BLOCK"
  let severity = Finding.Severity.high
  let summary = "S3 Block Public Access stops buckets and objects from being made public (CIS AWS 2.1.4)"

  let covers: [String: Set<String>] = [
    "aws_s3_bucket_public_access_block": [
      "block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets",
    ],
    "AWS::S3::Bucket": ["PublicAccessBlockConfiguration"],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    if type == "aws_s3_bucket_public_access_block" {
      guard change.path.segments.count == 1 else { return nil }
      let live = change.live?.bool ?? false
      let iac = change.iac?.bool ?? false
      if live == iac { return nil }
      return assessment(live ? .strengthens : .weakens)
    }
    let keys = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"]
    func settings(_ value: Value?, default flag: Bool) -> [Bool] {
      guard let value else { return keys.map { _ in flag } }
      if let bool = value.bool { return [bool] }
      if let text = value.string { return [text.lowercased() == "true"] }
      return keys.map { key in
        guard let setting = value[key] else { return false }
        return setting.bool ?? (setting.string?.lowercased() == "true")
      }
    }
    // A template that is silent means AWS's default: all on.
    let iac = settings(change.iac, default: change.path.segments.count == 1)
    let live = settings(change.live, default: false)
    let on = { (flags: [Bool]) in flags.filter { $0 }.count }
    guard on(iac) != on(live) || iac != live else { return nil }
    return assessment(on(live) >= on(iac) ? .strengthens : .weakens)
  }
}
