/// One entry of CloudFormation's own `PropertyDifferences` in `describe-stack-resource-drifts` output, kept
/// as a cross-check of driftback's comparison.
public struct CloudFormationPropertyDifference: Sendable, Hashable {
  /// The property path as CloudFormation writes it, JSON-pointer-like: `/SecurityGroupIngress/1`,
  /// `/Tags/0/Value`.
  public var path: String
  /// The value the template expects; `nil` for an `ADD` (the property exists only in AWS). CloudFormation
  /// writes values as text: JSON text is parsed (`"10"` is the number 10, `"{…}"` a map), anything else is a
  /// string.
  public var expected: Value?
  /// The value in AWS; `nil` for a `REMOVE`.
  public var actual: Value?
  /// `ADD`, `REMOVE` or `NOT_EQUAL`.
  public var type: String

  /// Creates a property difference.
  public init(path: String, expected: Value?, actual: Value?, type: String) {
    self.path = path
    self.expected = expected
    self.actual = actual
    self.type = type
  }

  public static func == (lhs: CloudFormationPropertyDifference, rhs: CloudFormationPropertyDifference) -> Bool {
    lhs.path == rhs.path && lhs.type == rhs.type && lhs.expected == rhs.expected && lhs.actual == rhs.actual
  }

  /// Hashes the path and type only: ``Value`` equality ignores spellings, so values are left out of the hash.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(path)
    hasher.combine(type)
  }
}
