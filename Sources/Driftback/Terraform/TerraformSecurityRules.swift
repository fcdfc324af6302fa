/// The security rules for Terraform's spelling of the AWS resources: the shared AWS catalogue, so one id
/// means one control whatever the IaC.
enum TerraformSecurityRules {
  /// The standalone security-group rule resources, judged on the whole rule: a change of one attribute
  /// (a port, a source) means nothing without the others.
  static let standaloneRuleTypes: Set<String> = [
    "aws_security_group_rule", "aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule",
  ]

  /// Judges a change of a resource of Terraform type `type` (`aws_db_instance`). `iac` and `live` are the
  /// resource's whole attribute objects, which the standalone rule resources are judged on.
  static func assess(_ change: Change, type: String, iac: Value? = nil, live: Value? = nil) -> SecurityAssessment? {
    guard standaloneRuleTypes.contains(type), let iac, let live else {
      // Inside a policy statement, the whole policy is judged: what it allows now against what it allowed;
      // a group's rule, against the group's other rules.
      let judged =
        AWSSecurityRules.wholePolicyChange(change, iac: iac, live: live)
        ?? AWSSecurityRules.wholeRuleListChange(change, iac: iac, live: live) ?? change
      return AWSSecurityRules.assess(judged, type: type)
    }
    // `aws_security_group_rule` says in its `type` attribute which way it goes.
    var ruleType = type
    if type == "aws_security_group_rule" {
      guard let direction = (live.map?["type"] ?? iac.map?["type"])?.string, ["ingress", "egress"].contains(direction)
      else { return nil }
      ruleType += "/" + direction
    }
    let whole = Change(path: .root, kind: .changed, iac: iac, live: live)
    return AWSSecurityRules.assess(whole, type: ruleType)
  }
}
