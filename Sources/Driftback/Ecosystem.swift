/// The infrastructure ecosystems driftback reconciles.
public enum Ecosystem: String, Sendable, Hashable, CaseIterable, Comparable {
  case kubernetes, terraform, cloudformation

  public static func < (lhs: Ecosystem, rhs: Ecosystem) -> Bool { lhs.rawValue < rhs.rawValue }
}
