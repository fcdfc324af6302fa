/// The security rules for CloudFormation's spelling of the AWS resources: the shared AWS catalogue, so
/// one id means one control whatever the IaC.
enum CloudFormationSecurityRules {
  /// The standalone security-group rule resources, judged on the whole rule: a change of one property
  /// (a port, a source) means nothing without the others.
  static let standaloneRuleTypes: Set<String> = ["AWS::EC2::SecurityGroupIngress", "AWS::EC2::SecurityGroupEgress"]

  /// Judges a change of a resource of CloudFormation type `type` (`AWS::RDS::DBInstance`). `iac` and `live`
  /// are the resource's whole property maps, which the standalone rule resources are judged on.
  static func assess(_ change: Change, type: String, iac: Value? = nil, live: Value? = nil) -> SecurityAssessment? {
    guard standaloneRuleTypes.contains(type), let iac, let live else {
      // Inside a policy statement, the whole policy is judged: what it allows now against what it allowed;
      // a group's rule, against the group's other rules.
      let judged =
        AWSSecurityRules.wholePolicyChange(change, iac: iac, live: live)
        ?? AWSSecurityRules.wholeRuleListChange(change, iac: iac, live: live) ?? change
      return AWSSecurityRules.assess(judged, type: type)
    }
    return AWSSecurityRules.assess(Change(path: .root, kind: .changed, iac: iac, live: live), type: type)
  }
}
