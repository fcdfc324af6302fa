/// The security rules for Terraform's spelling of the AWS resources: the shared AWS catalogue, so one id
/// means one control whatever the IaC.
enum TerraformSecurityRules {
  /// Judges a change of a resource of Terraform type `type` (`aws_db_instance`). `iac` and `live` are the
  /// resource's whole attribute objects (``AWSSecurityRules/assess(_:type:iac:live:)`` says what they serve).
  static func assess(_ change: Change, type: String, iac: Value? = nil, live: Value? = nil) -> SecurityAssessment? {
    AWSSecurityRules.assess(change, type: type, iac: iac, live: live)
  }
}
