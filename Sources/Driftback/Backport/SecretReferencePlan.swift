public import DriftbackSyntax

/// The back-port of a secret drift: the secret written in source is replaced by a reference to where the
/// secret lives (a sensitive Terraform variable, a CloudFormation dynamic reference, a Kubernetes
/// `secretKeyRef`), so that the value itself is never written. The live value goes into the secret store by
/// hand; ``reason`` says how.
public struct SecretReferencePlan: Sendable {
  /// The edits, per file path; they never hold the secret, old or new.
  public var edits: [String: [SourceEdit]]
  /// The reference written in place of the literal (`var.aws_db_instance_main_password`,
  /// `{{resolve:secretsmanager:shop/Db/MasterUserPassword}}`, `web-secrets/DB_PASSWORD`).
  public var reference: String
  /// What to do next, for the finding's back-port reason: where the reference goes and how to give it the
  /// live value without writing it.
  public var reason: String

  /// Creates a plan.
  public init(edits: [String: [SourceEdit]], reference: String, reason: String) {
    self.edits = edits
    self.reference = reference
    self.reason = reason
  }
}
