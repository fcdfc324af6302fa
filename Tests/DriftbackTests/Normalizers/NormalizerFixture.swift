import DriftbackSyntax
import Testing

@testable import Driftback

/// Reads the inline manifests and `kubectl get -o yaml` captures of the normalizer tests and runs the real
/// comparison on them.
enum NormalizerFixture {
  /// One YAML document read the way kubectl reads it.
  static func object(_ text: String) throws -> Value {
    let file = SourceFile(path: "inline.yaml", text: text)
    let root = try #require(try YAMLParser().parse(file).first?.root)
    return try Value(syntax: root, schema: .kubernetes, file: file)
  }

  /// The changes from `iac` to `live` as sorted `"<path> <kind>"` lines, with every normalizer except the
  /// one whose id is `excluded`.
  static func changes(iac: String, live: String, without excluded: String? = nil) throws -> [String] {
    try changeList(iac: iac, live: live, without: excluded).map { "\($0.path) \($0.kind.rawValue)" }.sorted()
  }

  /// The changes themselves, for tests that also look at the values.
  static func changeList(iac: String, live: String, without excluded: String? = nil) throws -> [Change] {
    let normalizers = KubernetesNormalizers.all.filter { $0.id != excluded }
    return KubernetesComparison.compare(iac: try object(iac), live: try object(live), normalizers: normalizers)
  }

  /// A live object cleaned on its own (no IaC), as for a new manifest.
  static func clean(_ live: String) throws -> Value {
    KubernetesComparison.clean(live: try object(live))
  }

  /// Whether the value at a key path exists and is not empty.
  static func has(_ value: Value, _ keys: [String]) -> Bool {
    guard let found = value.value(at: keys) else { return false }
    return !found.isEmpty
  }
}
