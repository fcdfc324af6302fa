public import DriftbackSyntax

/// Why a finding is suppressed: the ignore rule that accepts it.
public struct Suppression: Hashable, Sendable {
  /// Why the team accepts the drift.
  public var reason: String
  /// Who accepted it, when the rule says.
  public var owner: String?
  /// The last day the rule holds (`YYYY-MM-DD`).
  public var expires: String
  /// Where the rule is written.
  public var location: SourceLocation

  /// Creates a suppression.
  public init(reason: String, owner: String?, expires: String, location: SourceLocation) {
    self.reason = reason
    self.owner = owner
    self.expires = expires
    self.location = location
  }
}
