import DriftbackSyntax
import Testing

@testable import Driftback

/// Inline YAML and JSON read the two ways the library reads them, for the Model, Security and Analysis
/// suites. Kept in one enum so that no global name can clash with other suites of the target.
enum ModelFixture {
  /// Every document of a YAML text, built straight from events (the loader's path).
  static func documents(_ text: String, path: String = "inline.yaml") throws -> [Value] {
    let file = SourceFile(path: path, text: text)
    var factory = ValueTreeFactory(schema: .kubernetes, file: file)
    return try YAMLParser().assemble(file, factory: &factory).map { $0.root ?? .null }
  }

  /// The first document of a YAML text, built straight from events.
  static func yaml(_ text: String, path: String = "inline.yaml") throws -> Value {
    try #require(try documents(text, path: path).first)
  }

  /// Every document of a YAML text, built through the lossless syntax tree (`Value(syntax:schema:file:)`).
  static func syntaxDocuments(_ text: String, schema: YAMLScalarResolver.Schema = .kubernetes) throws -> [Value] {
    let file = SourceFile(path: "inline.yaml", text: text)
    return try YAMLParser().parse(file).map { document in
      guard let root = document.root else { return .null }
      return try Value(syntax: root, schema: schema, file: file)
    }
  }

  /// A JSON text read through `JSONParser` and `Value(syntax:schema:file:)`.
  static func json(_ text: String) throws -> Value {
    let file = SourceFile(path: "inline.json", text: text)
    let root = try #require(try JSONParser().parse(file).root)
    return try Value(syntax: root, schema: .kubernetes, file: file)
  }

  /// A YAML text as a `Resource` whose spans point into the text (what the IaC loader builds).
  static func resource(_ text: String, path: String = "manifests/web.yaml") throws -> Resource {
    let file = SourceFile(path: path, text: text)
    var factory = ValueTreeFactory(schema: .kubernetes, file: file)
    let document = try #require(try YAMLParser().assemble(file, factory: &factory).first)
    let value = try #require(document.root)
    let address = try #require(KubernetesIdentity.address(of: value, defaultNamespace: "default"))
    return Resource(address: address, value: value, source: file, span: document.span)
  }

  /// Whether any value in the tree (keys included) still has a span.
  static func hasSpans(_ value: Value) -> Bool {
    if value.span != nil { return true }
    switch value.kind {
    case .list(let items): return items.contains(where: hasSpans)
    case .map(let map): return map.entries.contains { $0.keySpan != nil || hasSpans($0.value) }
    default: return false
    }
  }
}
