public import DriftbackSyntax

/// Builds ``Value``s straight from YAML events, without an intermediate syntax tree: scalars resolved
/// with `schema`, YAML merge keys (`<<`) applied under the Kubernetes schema, values copied through an
/// alias stripped of their spans (editing them would change every user of the anchor).
public struct ValueTreeFactory: YAMLTreeFactory {
  /// The scalar rules.
  public let schema: YAMLScalarResolver.Schema
  /// The file, for diagnostics.
  public let file: SourceFile

  /// Creates a factory.
  public init(schema: YAMLScalarResolver.Schema, file: SourceFile) {
    self.schema = schema
    self.file = file
  }

  public func scalar(_ text: String, style: SyntaxNode.ScalarStyle, tag: String?, anchor: String?, span: ByteSpan)
    -> Value
  {
    Value(Value.resolve(text, style: style, tag: tag, schema: schema), span: span)
  }

  public func mapping(
    _ entries: [(key: Value, value: Value)], style: SyntaxNode.CollectionStyle, tag: String?, anchor: String?,
    span: ByteSpan
  ) throws -> Value {
    var map = ValueMap()
    map.entries.reserveCapacity(entries.count)
    var merged: [ValueMap] = []
    for entry in entries {
      guard let key = entry.key.scalarText ?? (entry.key.isNull ? "null" : nil) else {
        throw Diagnostic(.error, "mapping keys must be scalars", in: file, at: entry.key.span?.start ?? span.start)
      }
      // Only a plain `<<` is a merge key (a quoted one is an ordinary key), as in go-yaml.
      if key == "<<", schema == .kubernetes, entry.key.string != nil,
        let keySpan = entry.key.span, keySpan.start < file.bytes.count, file.bytes[keySpan.start] == UInt8(ascii: "<")
      {
        switch entry.value.kind {
        case .map(let source): merged.append(source)
        case .list(let items) where items.allSatisfy({ $0.map != nil }):
          merged.append(contentsOf: items.compactMap(\.map))
        default:
          throw Diagnostic(
            .error, "a merge key '<<' needs a mapping or a list of mappings", in: file,
            at: entry.value.span?.start ?? span.start)
        }
        continue
      }
      map.entries.append(ValueMap.Entry(key: key, keySpan: entry.key.span, value: entry.value))
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
