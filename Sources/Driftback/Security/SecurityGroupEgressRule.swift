/// Outbound rules to the world (0.0.0.0/0, ::/0) that the live group grants beyond a group whose IaC declares
/// narrower egress weaken it (all traffic medium, some ports low); world egress the IaC grants and the live
/// group no longer does strengthens it. Egress to private ranges is configuration. A group whose IaC says
/// nothing about egress gets AWS's default allow-all rule, which is not drift.
struct SecurityGroupEgressRule: AWSSecurityRule {
  let id = "AWS-SG-OPEN-EGRESS"
  let severity = Finding.Severity.medium
  let summary =
    "unrestricted egress lets a compromised instance reach anywhere, exfiltration included (AWS FSBP EC2.2, CIS AWS 5.4)"

  let covers: [String: Set<String>] = [
    "aws_security_group": ["egress"],
    "AWS::EC2::SecurityGroup": ["SecurityGroupEgress"],
    "aws_vpc_security_group_egress_rule": [],
    "aws_security_group_rule/egress": [],
    "AWS::EC2::SecurityGroupEgress": [],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    // A change to one rule means the IaC declares egress; a whole list needs IaC rules to compare with.
    guard change.path.segments.count > 1 || change.iac.map({ !$0.isDeeplyEmpty }) == true else { return nil }
    let iac = SecurityGroupPermission.all(in: change.iac)
    let live = SecurityGroupPermission.all(in: change.live)
    // As for ingress: an added rule can only open and a removed one only close (the other side may be the
    // group's whole list).
    let opened =
      change.kind == .removed
      ? [] : live.filter { permission in permission.isWorld && !iac.contains { $0.grants(permission) } }
    if !opened.isEmpty { return verdict(.weakens, opened) }
    let closed =
      change.kind == .added
      ? [] : iac.filter { permission in permission.isWorld && !live.contains { $0.grants(permission) } }
    if !closed.isEmpty { return verdict(.strengthens, closed) }
    return nil
  }

  func verdict(_ direction: SecurityAssessment.Direction, _ permissions: [SecurityGroupPermission])
    -> SecurityAssessment
  {
    assessment(direction, severity: permissions.contains(where: \.isAllTraffic) ? .medium : .low)
  }
}
