public import DriftbackSyntax

/// One resource of a template with its `Properties` evaluated statically.
public struct CloudFormationEvaluatedResource: Sendable {
  /// The logical id (the key under `Resources`).
  public var logicalId: String
  /// The resource type, such as `AWS::EC2::SecurityGroup`.
  public var type: String
  /// Properties with every intrinsic that could be decided replaced by its value and every other one removed
  /// (always a map; empty when the resource has no `Properties`). Literal values keep their spans; values
  /// produced by an intrinsic have none. `Ref AWS::NoValue` removes its key or list item.
  public var properties: Value
  /// Paths (relative to `Properties`, list items by index after `AWS::NoValue` removal) whose value is unknown;
  /// they are left out of ``properties`` and never compared. A list with an unknown item is unknown as a
  /// whole (a partial list would compare wrongly); a map with an unknown value keeps its other keys. The root
  /// path means the whole `Properties` is unknown.
  public var unknownPaths: [ValuePath]
  /// Origins of the values in ``properties`` that are not literals, keyed by path relative to `Properties`.
  /// Only the top of each such subtree is listed: a value without an entry inherits the origin of the nearest
  /// listed path above it, and a value with no listed path above it is a literal.
  public var origins: [ValuePath: CloudFormationValueOrigin]
  /// Paths whose value is built from a `NoEcho` parameter (known, but not to be shown); a path covers
  /// everything under it.
  public var sensitivePaths: [ValuePath]
  /// The resource's `Condition`: `true` when it holds or the resource has none, `false` when it does not hold,
  /// `nil` when it cannot be decided.
  public var isCreated: Bool?
  /// The span of the resource's map in the template (for locations).
  public var span: ByteSpan?

  /// Creates an evaluated resource.
  public init(
    logicalId: String, type: String, properties: Value, unknownPaths: [ValuePath] = [],
    origins: [ValuePath: CloudFormationValueOrigin] = [:], sensitivePaths: [ValuePath] = [], isCreated: Bool? = true,
    span: ByteSpan? = nil
  ) {
    self.logicalId = logicalId
    self.type = type
    self.properties = properties
    self.unknownPaths = unknownPaths
    self.origins = origins
    self.sensitivePaths = sensitivePaths
    self.isCreated = isCreated
    self.span = span
  }
}
