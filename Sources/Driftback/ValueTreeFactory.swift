public import DriftbackSyntax

/// Builds ``Value``s straight from YAML events, without an intermediate syntax tree: scalars resolved
/// with `schema`, YAML merge keys (`<<`) applied under the Kubernetes schema, values copied through an
/// alias stripped of their spans (editing them would change every user of the anchor).
public struct ValueTreeFactory: YAMLTreeFactory {
  /// The scalar rules.
  public let schema: YAMLScalarResolver.Schema
  /// The file, for diagnostics.
  public let file: SourceFile
  /// Keys whose values are dropped unread, by depth below the object root (`[0: ["status"]]`).
  public let skippedKeys: [Int: Set<String>]

  /// Creates a factory.
  public init(schema: YAMLScalarResolver.Schema, file: SourceFile, skippedKeys: [Int: Set<String>] = [:]) {
    self.schema = schema
    self.file = file
    self.skippedKeys = skippedKeys
  }

  public func skipsValue(ofKey key: String, depth: Int) -> Bool {
    skippedKeys[depth]?.contains(key) ?? false
  }

  public func scalar(_ text: String, style: SyntaxNode.ScalarStyle, tag: String?, anchor: String?, span: ByteSpan)
    -> Value
  {
    Value(Value.resolve(text, style: style, tag: tag, schema: schema), span: span)
  }

  public func makeEntries() -> [ValueMap.Entry] { [] }

  public func append(key: Value, value: Value, to entries: inout [ValueMap.Entry]) throws {
    guard let text = key.scalarText ?? (key.isNull ? "null" : nil) else {
      throw Diagnostic(.error, "mapping keys must be scalars", in: file, at: key.span?.start ?? 0)
    }
    entries.append(ValueMap.Entry(key: text, keySpan: key.span, value: value))
  }

  public func count(of entries: [ValueMap.Entry]) -> Int { entries.count }

  public func keyTexts(of entries: [ValueMap.Entry]) -> [String] { entries.map(\.key) }

  public func containsKey(_ key: String, in entries: [ValueMap.Entry]) -> Bool {
    entries.contains { $0.key == key }
  }

  public func mapping(
    _ entries: [ValueMap.Entry], style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?, span: ByteSpan
  ) throws -> Value {
    guard schema == .kubernetes, entries.contains(where: { $0.key == "<<" }) else {
      return Value(.map(ValueMap(entries)), span: span)
    }
    // YAML merge keys: only a plain `<<` (a quoted one is an ordinary key), as in go-yaml.
    var map = ValueMap()
    map.entries.reserveCapacity(entries.count)
    var merged: [ValueMap] = []
    for entry in entries {
      let isPlain = entry.keySpan.map { $0.start < file.bytes.count && file.bytes[$0.start] == UInt8(ascii: "<") }
      guard entry.key == "<<", isPlain == true else {
        map.entries.append(entry)
        continue
      }
      switch entry.value.kind {
      case .map(let source): merged.append(source)
      case .list(let items) where items.allSatisfy({ $0.map != nil }):
        merged.append(contentsOf: items.compactMap(\.map))
      default:
        throw Diagnostic(
          .error, "a merge key '<<' needs a mapping or a list of mappings", in: file,
          at: entry.value.span?.start ?? span.start)
      }
    }
    for source in merged {
      for entry in source.entries where map[entry.key] == nil {
        map.entries.append(ValueMap.Entry(key: entry.key, value: entry.value.withoutSpans))
      }
    }
    return Value(.map(map), span: span)
  }

  public func sequence(
    _ items: [Value], style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?, span: ByteSpan
  ) -> Value {
    Value(.list(items), span: span)
  }

  public func alias(of node: Value, span: ByteSpan) -> Value { node.withoutSpans }

  public func scalarText(of node: Value) -> String? {
    switch node.kind {
    case .string(let text): text
    case .number(let number): number.text
    case .bool(let flag): flag ? "true" : "false"
    default: nil
    }
  }

  public func span(of node: Value) -> ByteSpan { node.span ?? ByteSpan(start: 0, end: 0) }

  public func size(of node: Value) -> Int { node.nodeCount }
}

extension Value {
  /// The number of values in this subtree, this one included.
  public var nodeCount: Int {
    switch kind {
    case .list(let items): items.reduce(1) { $0 + $1.nodeCount }
    case .map(let map): map.entries.reduce(1) { $0 + 1 + $1.value.nodeCount }
    default: 1
    }
  }

  /// The value kind of a scalar under a schema.
  static func resolve(_ text: String, style: SyntaxNode.ScalarStyle, tag: String?, schema: YAMLScalarResolver.Schema)
    -> Kind
  {
    switch YAMLScalarResolver.resolve(text, style: style, tag: tag, schema: schema) {
    case .null: .null
    case .bool(let flag): .bool(flag)
    case .integer(let integer):
      .number(Number(text: text, integer: integer, double: integer.map(Double.init) ?? Double(text) ?? 0))
    case .float(let double): .number(Number(text: text, integer: nil, double: double))
    case .string: .string(text)
    }
  }
}
