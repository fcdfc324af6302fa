/// The statements of IAM policy documents, wherever a value holds them: a document (map or JSON text as
/// Terraform stores it), a list of documents, CloudFormation's `Policies` items (`PolicyDocument`),
/// Terraform's `inline_policy` blocks (`policy`), or a single statement.
enum IAMPolicyStatements {
  /// Every statement under `value`.
  static func statements(in value: Value?) -> [Value] {
    guard let value else { return [] }
    switch value.kind {
    case .string(let text):
      guard TerraformComparison.looksLikeJSON(text), let parsed = TerraformComparison.parseJSON(text) else {
        return []
      }
      return statements(in: parsed)
    case .list(let items):
      return items.flatMap { statements(in: $0) }
    case .map(let map):
      if map["Effect"] != nil { return [value] }
      if let statement = map["Statement"] { return statement.list ?? [statement] }
      return map.entries.flatMap { statements(in: $0.value) }
    default:
      return []
    }
  }

  /// Whether a statement allows.
  static func allows(_ statement: Value) -> Bool {
    statement["Effect"]?.string == "Allow"
  }

  /// The strings of a field that may be one string or a list (`Action`, `Resource`).
  static func strings(_ value: Value?) -> [String] {
    guard let value else { return [] }
    return (value.list ?? [value]).compactMap(\.string)
  }

  /// A statement as one text with sorted keys, to compare statements between the two sides.
  static func canonical(_ statement: Value) -> String {
    JSONWriter.compact(IAMPolicyNormalizer.normalize(statement), sortKeys: true)
  }

  /// Whether an action is a wildcard: `*` or a whole service (`s3:*`).
  static func isWildcardAction(_ action: String) -> Bool {
    action == "*" || action.hasSuffix(":*")
  }

  /// Whether the change sits inside a statement (its path goes through a `Statement` key).
  static func isInsideStatement(_ path: ValuePath) -> Bool {
    path.segments.contains(.key("Statement"))
  }
}
