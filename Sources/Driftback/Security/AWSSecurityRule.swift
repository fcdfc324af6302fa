/// A security rule over an AWS resource, judged the same whichever IaC spells the resource: the Terraform
/// type (`aws_db_instance`) and the CloudFormation type (`AWS::RDS::DBInstance`) share one rule and one id.
protocol AWSSecurityRule: Sendable {
  /// Stable id (`AWS-RDS-PUBLIC`), reused as the SARIF rule id.
  var id: String { get }
  /// Severity of a weakening (the highest the rule gives).
  var severity: Finding.Severity { get }
  /// One line: why it matters, with a reference.
  var summary: String { get }
  /// The resource types covered, in every spelling, each with the top-level attributes or properties the
  /// rule reads; an empty set covers every attribute of the type.
  var covers: [String: Set<String>] { get }
  /// Judges a change of a covered resource of `type`; `nil` when the change does not touch the control.
  func assess(_ change: Change, type: String) -> SecurityAssessment?
}

extension AWSSecurityRule {
  /// Whether the rule reads the value `change` is about.
  func covers(_ change: Change, type: String) -> Bool {
    guard let keys = covers[type] else { return false }
    guard !keys.isEmpty else { return true }
    guard case .key(let key)? = change.path.segments.first else { return true }
    return keys.contains(key)
  }

  /// The rule's assessment for a direction, with the rule's own severity (medium for `relevant`) and summary.
  func assessment(_ direction: SecurityAssessment.Direction, severity: Finding.Severity? = nil)
    -> SecurityAssessment
  {
    // As for Kubernetes: a change with no clear safer side is for review at medium severity.
    SecurityAssessment(
      rule: id, direction: direction, severity: severity ?? (direction == .relevant ? .medium : self.severity),
      summary: summary)
  }
}
