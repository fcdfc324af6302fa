/// Parses YAML streams into lossless ``SyntaxDocument``s over libyaml's event API.
///
/// libyaml marks count characters, not bytes; the parser converts them to UTF-8 byte offsets. Aliases are
/// expanded into copies that remember the alias span, and the number of nodes that expansion may add is
/// limited (``ParseLimits/maxAliasExpansion``), so a "billion laughs" file is an error, not an
/// out-of-memory. Duplicate mapping keys are errors, as they are for `kubectl`.
public struct YAMLParser: Sendable {
  /// The limits applied to every file.
  public var limits: ParseLimits

  /// Creates a parser.
  public init(limits: ParseLimits = .default) {
    self.limits = limits
  }

  /// Parses every document of a file.
  /// - Throws: a ``Diagnostic`` with the file, line and column of the first problem.
  public func parse(_ file: SourceFile) throws -> [SyntaxDocument] {
    try parse(file, onTopLevelItem: nil)
  }

  /// Parses every document of a file; when a document's root is a mapping with an `items` sequence (a
  /// `kind: List`), each item is handed to `onTopLevelItem` as soon as it is complete and is not kept: the
  /// returned root then holds `items` as an empty sequence with the original span.
  /// - Throws: a ``Diagnostic``, or whatever `onTopLevelItem` throws.
  public func parse(
    _ file: SourceFile, onTopLevelItem: ((SyntaxNode) throws -> Void)?
  ) throws -> [SyntaxDocument] {
    var factory = SyntaxNodeFactory()
    return try assemble(file, factory: &factory, onTopLevelItem: onTopLevelItem).map { document in
      SyntaxDocument(root: document.root, index: document.index, span: document.span)
    }
  }
}
