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

  /// The standalone security-group rule resources of both spellings, judged on the whole rule: a change of
  /// one attribute (a port, a source) means nothing without the others.
  static let standaloneRuleTypes: Set<String> = [
    "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
    "AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress",
  ]

  /// Judges a change of a resource of `type` (either spelling) with the resource's whole IaC and live objects
  /// at hand: a standalone rule resource on the whole rule, a change inside a policy statement on the whole
  /// policy, a group's added or removed rule against the group's other rules, anything else on its own.
  static func assess(_ change: Change, type: String, iac: Value?, live: Value?) -> SecurityAssessment? {
    guard standaloneRuleTypes.contains(type), let iac, let live else {
      let judged =
        wholePolicyChange(change, iac: iac, live: live) ?? wholeRuleListChange(change, iac: iac, live: live)
        ?? change
      return assess(judged, type: type)
    }
    // `aws_security_group_rule` says in its `type` attribute which way it goes.
    var ruleType = type
    if type == "aws_security_group_rule" {
      guard let direction = (live.map?["type"] ?? iac.map?["type"])?.string, ["ingress", "egress"].contains(direction)
      else { return nil }
      ruleType += "/" + direction
    }
    return assess(Change(path: .root, kind: .changed, iac: iac, live: live), type: ruleType)
  }

  /// The risk an unmanaged resource (in AWS or in state, in no IaC) is in itself: the resource judged as if all
  /// of it had been added at runtime, the most severe weakening it trips, only when high or critical (the
  /// world on a port, a public bucket). `nil` when it is no such risk.
  static func riskOfUnmanaged(type: String, properties: Value) -> SecurityAssessment? {
    let nothing = Value.map(ValueMap())
    if standaloneRuleTypes.contains(type) {
      // One rule, judged whole once.
      return assess(
        Change(path: .root, kind: .added, iac: nil, live: properties), type: type, iac: nothing,
        live: properties
      ).flatMap { $0.direction == .weakens && $0.severity <= .high ? $0 : nil }
    }
    var risk: SecurityAssessment?
    for entry in properties.map?.entries ?? [] {
      for item in entry.value.list ?? [entry.value] {
        let change = Change(path: ValuePath([.key(entry.key)]), kind: .added, iac: nil, live: item)
        guard let assessment = assess(change, type: type, iac: nothing, live: properties),
          assessment.direction == .weakens, assessment.severity <= .high
        else { continue }
        if risk.map({ assessment.severity < $0.severity }) ?? true { risk = assessment }
      }
    }
    return risk
  }

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
