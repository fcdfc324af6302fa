/// One difference between the IaC and the live value of a resource, seen from the IaC.
public struct Change: Sendable {
  /// What kind of difference.
  public enum Kind: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Both sides have the value and they differ.
    case changed
    /// Present live, absent in IaC.
    case added
    /// Present in IaC, absent live.
    case removed

    public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// Where.
  public var path: ValuePath
  /// What kind.
  public var kind: Kind
  /// The IaC value (`nil` for `added`).
  public var iac: Value?
  /// The live value (`nil` for `removed`).
  public var live: Value?

  /// Creates a change.
  public init(path: ValuePath, kind: Kind, iac: Value?, live: Value?) {
    self.path = path
    self.kind = kind
    self.iac = iac
    self.live = live
  }
}
