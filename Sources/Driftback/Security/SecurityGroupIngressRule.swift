/// Inbound rules, judged by what the live rules grant beyond the IaC's (one permission per source, a
/// narrower rule held by a wider one): anything granted beyond the IaC weakens the group, anything the IaC
/// grants that the live group no longer does strengthens it. The severity says how far: the world on an
/// admin or database port (or all traffic) is critical, the world on another port high, a private source
/// on an admin port medium, any other private source low. Terraform and CloudFormation judge alike; the
/// standalone rule resources are judged on the whole rule (their classifiers pass it).
struct SecurityGroupIngressRule: AWSSecurityRule {
  let id = "AWS-SG-OPEN-INGRESS"
  let severity = Finding.Severity.critical
  let summary =
    "an admin or database port open to the whole internet is the classic way in (AWS FSBP EC2.13, EC2.14, EC2.19; CIS AWS 5.2, 5.3)"
  /// The summary when no admin port is involved.
  let worldSummary = "an inbound rule from the whole internet exposes the service to everyone (AWS FSBP EC2.18)"
  /// The summary of a private source.
  let privateSummary =
    "an inbound rule added outside the IaC widens who reaches the instances; keep it only if it is meant, through the IaC"

  let covers: [String: Set<String>] = [
    "aws_security_group": ["ingress"],
    "aws_vpc_security_group_ingress_rule": [],
    "aws_security_group_rule/ingress": [],
    "AWS::EC2::SecurityGroup": ["SecurityGroupIngress"],
    "AWS::EC2::SecurityGroupIngress": [],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    let iac = SecurityGroupPermission.all(in: change.iac)
    let live = SecurityGroupPermission.all(in: change.live)
    // An added rule can only open and a removed one only close: the other side may be the group's whole
    // list of rules (`AWSSecurityRules.wholeRuleListChange`), whose other rules are their own changes.
    let opened = change.kind == .removed ? [] : live.filter { permission in !iac.contains { $0.grants(permission) } }
    if !opened.isEmpty { return verdict(.weakens, opened) }
    let closed = change.kind == .added ? [] : iac.filter { permission in !live.contains { $0.grants(permission) } }
    if !closed.isEmpty { return verdict(.strengthens, closed) }
    return nil
  }

  func verdict(_ direction: SecurityAssessment.Direction, _ permissions: [SecurityGroupPermission])
    -> SecurityAssessment
  {
    let world = permissions.contains(where: \.isWorld)
    let admin = permissions.contains(where: \.opensAdminPort)
    let severity: Finding.Severity
    switch (world, admin) {
    case (true, true): severity = .critical
    case (true, false): severity = .high
    case (false, true): severity = .medium
    case (false, false): severity = .low
    }
    return SecurityAssessment(
      rule: id, direction: direction, severity: severity,
      summary: world ? (admin ? summary : worldSummary) : privateSummary)
  }
}
