/// Inbound rules from the world (0.0.0.0/0, ::/0): one added at runtime weakens, one removed strengthens;
/// on an admin or database port (or all traffic) it is critical. Rules from a private range or another
/// group are configuration, not a security finding, except in Terraform's inline `ingress` blocks
/// (see `terraformBlock`).
struct SecurityGroupIngressRule: AWSSecurityRule {
  let id = "AWS-SG-OPEN-INGRESS"
  let severity = Finding.Severity.critical
  let summary = "an admin or database port open to the whole internet is the classic way in (CIS AWS 5.2, 5.3)"
  /// The summary when no admin port is involved.
  let worldSummary = "an inbound rule from the whole internet exposes the service to everyone"
  /// The summary of Terraform's inline rules.
  let terraformSummary =
    "inbound rules decide who reaches the instances; the world (0.0.0.0/0) on admin ports is the classic hole (CIS AWS 5.2)"

  let covers: [String: Set<String>] = [
    "aws_security_group": ["ingress"],
    "aws_vpc_security_group_ingress_rule": [],
    "AWS::EC2::SecurityGroup": ["SecurityGroupIngress"],
    "AWS::EC2::SecurityGroupIngress": [],
  ]

  func assess(_ change: Change, type: String) -> SecurityAssessment? {
    if case .key(let key)? = change.path.segments.first, change.path.segments.count == 1,
      type == "aws_vpc_security_group_ingress_rule" || type == "AWS::EC2::SecurityGroupIngress"
    {
      // One attribute of a standalone rule: only a source that becomes (or stops being) the world is
      // judged; the ports live in other attributes, so the severity cannot say which ports.
      guard ["cidr_ipv4", "cidr_ipv6", "CidrIp", "CidrIpv6"].contains(key) else { return nil }
      let iac = change.iac?.string.map(SecurityGroupPermission.isWorld) ?? false
      let live = change.live?.string.map(SecurityGroupPermission.isWorld) ?? false
      guard iac != live else { return nil }
      return verdict(live ? .weakens : .strengthens, admin: false)
    }
    if type == "aws_security_group" { return terraformBlock(change) }
    let iac = SecurityGroupPermission.all(in: change.iac).filter(\.isWorld)
    let live = SecurityGroupPermission.all(in: change.live).filter(\.isWorld)
    let opened = live.filter { !iac.contains($0) }
    let closed = iac.filter { !live.contains($0) }
    if !opened.isEmpty { return verdict(.weakens, admin: opened.contains(where: \.opensAdminPort)) }
    if !closed.isEmpty { return verdict(.strengthens, admin: closed.contains(where: \.opensAdminPort)) }
    return nil
  }

  /// Terraform's inline `ingress` blocks, judged as the Terraform analysis always has (its tests and the
  /// golden reports pin it): any rule added by hand widens who reaches the instances, whatever its source;
  /// a rule from the world is critical.
  /// - Note: the CloudFormation spelling judges only world sources (a swapped private CIDR is plain
  ///   configuration drift there); making the two agree changes pinned reports, so it is left to a decision.
  func terraformBlock(_ change: Change) -> SecurityAssessment? {
    let world = [change.iac, change.live].contains { value in
      SecurityGroupPermission.all(in: value).contains(where: \.isWorld)
    }
    let direction: SecurityAssessment.Direction
    switch change.kind {
    case .added: direction = .weakens
    case .removed: direction = .strengthens
    case .changed: direction = .relevant
    }
    return SecurityAssessment(
      rule: id, direction: direction, severity: world ? .critical : .high, summary: terraformSummary)
  }

  func verdict(_ direction: SecurityAssessment.Direction, admin: Bool) -> SecurityAssessment {
    SecurityAssessment(
      rule: id, direction: direction, severity: admin ? .critical : .high, summary: admin ? summary : worldSummary)
  }
}
