/// The security rules for CloudFormation's spelling of the AWS resources: the shared AWS catalogue, so
/// one id means one control whatever the IaC.
enum CloudFormationSecurityRules {
  /// Judges a change of a resource of CloudFormation type `type` (`AWS::RDS::DBInstance`).
  static func assess(_ change: Change, type: String) -> SecurityAssessment? {
    AWSSecurityRules.assess(change, type: type)
  }
}
