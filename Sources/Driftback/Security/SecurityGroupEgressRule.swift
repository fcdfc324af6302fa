/// Outbound rules: all traffic to the world (0.0.0.0/0, ::/0) added at runtime to a group whose IaC
/// declares narrower egress weakens it; such a rule removed strengthens it. A group whose IaC says nothing
/// about egress gets AWS's default allow-all rule, which is not drift.
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
    let iac = SecurityGroupPermission.all(in: change.iac).filter { $0.isWorld && $0.isAllTraffic }
    let live = SecurityGroupPermission.all(in: change.live).filter { $0.isWorld && $0.isAllTraffic }
    if !live.isEmpty && iac.isEmpty { return assessment(.weakens) }
    if !iac.isEmpty && live.isEmpty { return assessment(.strengthens) }
    return nil
  }
}
