/// Why a change cannot be written back into its IaC file automatically. The reason tells a person what
/// to do instead ("the value comes from a YAML alias; edit the anchor by hand").
public struct BackportRefusal: Error, Hashable, Sendable, CustomStringConvertible {
  /// What stands in the way, and what to do about it.
  public var reason: String

  /// Creates a refusal.
  /// - Parameter reason: a sentence a person can act on.
  public init(reason: String) {
    self.reason = reason
  }

  public var description: String { reason }
}
