public import DriftbackSyntax

extension Value {
  /// Converts a syntax node into a value, resolving scalars with `schema` and applying YAML merge keys
  /// (`<<`). Values copied through an alias lose their spans: editing them would change every user of
  /// the anchor.
  /// - Throws: a ``Diagnostic`` for a mapping key that is not a scalar.
  public init(syntax node: SyntaxNode, schema: YAMLScalarResolver.Schema, file: SourceFile) throws {
    self = try Value.convert(node, schema: schema, file: file, shared: false)
  }

  private static func convert(
    _ node: SyntaxNode, schema: YAMLScalarResolver.Schema, file: SourceFile, shared: Bool
  ) throws -> Value {
    let shared = shared || node.aliasSpan != nil
    let span = shared ? nil : node.span
    switch node.content {
    case .scalar(let text, let style):
      return Value(Value.resolve(text, style: style, tag: node.tag, schema: schema), span: span)
    case .sequence(let items, _):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items { values.append(try convert(item, schema: schema, file: file, shared: shared)) }
      return Value(.list(values), span: span)
    case .mapping(let entries, _):
      var map = ValueMap()
      map.entries.reserveCapacity(entries.count)
      var merged: [ValueMap] = []
      for entry in entries {
        guard let text = entry.key.scalarValue, let style = entry.key.scalarStyle else {
          throw Diagnostic(.error, "mapping keys must be scalars", in: file, at: entry.key.span.start)
        }
        // Keys resolve like values and are then written as text, as sigs.k8s.io/yaml does (`yes:` is "true").
        let key =
          Value(Value.resolve(text, style: style, tag: entry.key.tag, schema: schema)).scalarText
          ?? (text.isEmpty ? "null" : text)
        if key == "<<", entry.key.scalarStyle == .plain, schema == .kubernetes {
          let source = try convert(entry.value, schema: schema, file: file, shared: true)
          switch source.kind {
          case .map(let sourceMap): merged.append(sourceMap)
          case .list(let maps): merged.append(contentsOf: maps.compactMap(\.map))
          default:
            throw Diagnostic(
              .error, "a merge key '<<' needs a mapping or a list of mappings", in: file,
              at: entry.value.span.start)
          }
          continue
        }
        let value = try convert(entry.value, schema: schema, file: file, shared: shared)
        map.entries.append(ValueMap.Entry(key: key, keySpan: shared ? nil : entry.key.span, value: value))
      }
      for source in merged {
        for entry in source.entries where map[entry.key] == nil {
          map.entries.append(ValueMap.Entry(key: entry.key, value: entry.value))
        }
      }
      return Value(.map(map), span: span)
    }
  }
}
