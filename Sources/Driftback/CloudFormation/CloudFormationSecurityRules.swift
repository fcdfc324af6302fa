/// The security rules for CloudFormation's spelling of the AWS resources: the shared AWS catalogue, so
/// one id means one control whatever the IaC.
enum CloudFormationSecurityRules {
  /// Judges a change of a resource of CloudFormation type `type` (`AWS::RDS::DBInstance`). `iac` and `live`
  /// are the resource's whole property maps (``AWSSecurityRules/assess(_:type:iac:live:)`` says what they
  /// serve).
  static func assess(_ change: Change, type: String, iac: Value? = nil, live: Value? = nil) -> SecurityAssessment? {
    AWSSecurityRules.assess(change, type: type, iac: iac, live: live)
  }
}
