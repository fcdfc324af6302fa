public import DriftbackSyntax

extension Value {
  /// Converts a syntax node into a value with the same rules as values read straight from YAML events
  /// (``ValueTreeFactory``): scalars resolved with `schema`, keys written as text the way sigs.k8s.io/yaml
  /// writes them (`yes:` is "true"), plain YAML merge keys (`<<`) applied, and values copied through an
  /// alias stripped of their spans (editing them would change every user of the anchor).
  /// - Throws: a ``Diagnostic`` for a mapping key that is not a scalar or a malformed merge key.
  public init(syntax node: SyntaxNode, schema: YAMLScalarResolver.Schema, file: SourceFile) throws {
    var factory = ValueTreeFactory(schema: schema, file: file)
    self = try Value.build(node, with: &factory)
  }

  /// Replays a syntax tree into the factory. Depth is bounded by the parser's limits.
  private static func build(_ node: SyntaxNode, with factory: inout ValueTreeFactory) throws -> Value {
    let value: Value
    switch node.content {
    case .scalar(let text, let style):
      value = factory.scalar(text, style: style, tag: node.tag, anchor: node.anchor, span: node.span)
    case .sequence(let items, let style):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items { values.append(try build(item, with: &factory)) }
      value = factory.sequence(values, style: style, tag: node.tag, anchor: node.anchor, span: node.span)
    case .mapping(let entries, let style):
      var collected = factory.makeEntries()
      collected.reserveCapacity(entries.count)
      for entry in entries {
        let key = try build(entry.key, with: &factory)
        try factory.append(key: key, value: try build(entry.value, with: &factory), to: &collected)
      }
      value = try factory.mapping(collected, style: style, tag: node.tag, anchor: node.anchor, span: node.span)
    }
    return node.aliasSpan.map { factory.alias(of: value, span: $0) } ?? value
  }
}
