/// The AWS security rules shared by the Terraform and the CloudFormation spellings of each resource.
enum AWSSecurityRules {
  /// Every rule, in the order they are tried.
  static let all: [any AWSSecurityRule] = [
    SecurityGroupIngressRule(),
    SecurityGroupEgressRule(),
    S3PublicAccessBlockRule(),
    S3BucketPolicyPublicRule(),
    S3ACLPublicRule(),
    S3VersioningRule(),
    S3EncryptionRule(),
    IAMPolicyWideningRule(),
    IAMTrustWideningRule(),
    AWSBooleanControlRule(
      id: "AWS-RDS-PUBLIC", severity: .critical,
      summary: "a publicly accessible database gets a public DNS name and address (AWS FSBP RDS.2, CIS AWS 2.3.3)",
      covers: ["aws_db_instance": ["publicly_accessible"], "AWS::RDS::DBInstance": ["PubliclyAccessible"]],
      safeValue: false, absentIsSafe: ["publicly_accessible", "PubliclyAccessible"]),
    AWSBooleanControlRule(
      id: "AWS-RDS-ENCRYPTION", severity: .high,
      summary:
        "an unencrypted database stores its data, backups and snapshots in clear (AWS FSBP RDS.3, CIS AWS 2.3.1)",
      covers: [
        "aws_db_instance": ["storage_encrypted"], "aws_rds_cluster": ["storage_encrypted"],
        "AWS::RDS::DBInstance": ["StorageEncrypted"], "AWS::RDS::DBCluster": ["StorageEncrypted"],
      ],
      safeValue: true, absentIsSafe: []),
    AWSBooleanControlRule(
      id: "AWS-KMS-ROTATION", severity: .medium,
      summary: "yearly rotation of a customer-managed KMS key limits what one leaked key version exposes (CIS AWS 3.6)",
      covers: ["aws_kms_key": ["enable_key_rotation"], "AWS::KMS::Key": ["EnableKeyRotation"]],
      safeValue: true, absentIsSafe: []),
    AWSBooleanControlRule(
      id: "AWS-CLOUDTRAIL-LOGGING", severity: .high,
      summary:
        "CloudTrail must log, in every region, with log file validation, or API activity goes unseen (CIS AWS 3.1, 3.2)",
      covers: [
        "aws_cloudtrail": ["enable_logging", "is_multi_region_trail", "enable_log_file_validation"],
        "AWS::CloudTrail::Trail": ["IsLogging", "IsMultiRegionTrail", "EnableLogFileValidation"],
      ],
      safeValue: true, absentIsSafe: ["enable_logging"]),
  ]

  /// A change inside one statement of a policy (`policy.Statement[0].Action[1]`) as a change of the whole
  /// policy attribute it belongs to, taken from the resource's whole IaC and live objects: a wildcard that
  /// appears in one field widens only if its statement allows, which the field alone does not say. `nil`
  /// when the change is not inside a statement or the whole objects do not hold the attribute.
  static func wholePolicyChange(_ change: Change, iac: Value?, live: Value?) -> Change? {
    guard IAMPolicyStatements.isInsideStatement(change.path), case .key(let key)? = change.path.segments.first,
      let iacValue = iac?.map?[key], let liveValue = live?.map?[key]
    else { return nil }
    return Change(path: ValuePath([.key(key)]), kind: .changed, iac: iacValue, live: liveValue)
  }

  /// A security-group rule added to or removed from a group's inline list (one per source, as AWS stores
  /// them) as judged against the group's other rules: an added rule against all of the IaC's, a removed
  /// one against all of the live group's, so that a rule narrowed at runtime (world to a private range: one
  /// rule removed, one added) is not read as a rule opened. `nil` for any other change.
  static func wholeRuleListChange(_ change: Change, iac: Value?, live: Value?) -> Change? {
    let lists: Set<String> = ["ingress", "egress", "SecurityGroupIngress", "SecurityGroupEgress"]
    guard change.path.segments.count == 2, case .key(let key)? = change.path.segments.first, lists.contains(key)
    else { return nil }
    switch change.kind {
    case .added:
      guard let rules = iac?.map?[key] else { return nil }
      return Change(path: change.path, kind: .added, iac: rules, live: change.live)
    case .removed:
      guard let rules = live?.map?[key] else { return nil }
      return Change(path: change.path, kind: .removed, iac: change.iac, live: rules)
    case .changed:
      return nil
    }
  }

  /// Judges a change of a resource of `type` (either spelling): a weakening found by any rule wins over
  /// other verdicts, and among weakenings the most severe.
  static func assess(_ change: Change, type: String, rules: [any AWSSecurityRule] = all) -> SecurityAssessment? {
    var best: SecurityAssessment?
    for rule in rules where rule.covers(change, type: type) {
      guard let assessment = rule.assess(change, type: type) else { continue }
      if assessment.direction == .weakens {
        if best?.direction != .weakens || assessment.severity < (best?.severity ?? .info) { best = assessment }
      } else if best == nil {
        best = assessment
      }
    }
    return best
  }
}
