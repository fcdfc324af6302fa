/// The security rules for Terraform's spelling of the AWS resources: the shared AWS catalogue, so one id
/// means one control whatever the IaC.
enum TerraformSecurityRules {
  /// Judges a change of a resource of Terraform type `type` (`aws_db_instance`).
  static func assess(_ change: Change, type: String) -> SecurityAssessment? {
    AWSSecurityRules.assess(change, type: type)
  }
}
