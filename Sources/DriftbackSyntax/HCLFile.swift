/// A parsed HCL native-syntax file: the body tree plus the lossless token list it was built from.
public struct HCLFile: Sendable {
  /// The top-level body.
  public var body: HCLBody
  /// Every token of the file in order; their spans tile the file exactly.
  public var tokens: [HCLToken]
  /// The source the spans point into.
  public var source: SourceFile

  /// Creates a file.
  public init(body: HCLBody, tokens: [HCLToken], source: SourceFile) {
    self.body = body
    self.tokens = tokens
    self.source = source
  }

  /// The bytes of all tokens concatenated, which is the original file byte for byte.
  public var reemitted: [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(source.bytes.count)
    for token in tokens {
      out.append(contentsOf: source.bytes[token.span.start..<token.span.end])
    }
    return out
  }

  /// The text of a span of this file.
  public func text(_ span: ByteSpan) -> String { source.text(span) }
}

/// The outcome of parsing with error recovery: a (possibly partial) file and every syntax error found.
public struct HCLParseResult: Sendable {
  /// The file as far as it could be understood; items that failed to parse are left out.
  public var file: HCLFile
  /// Syntax errors in source order of discovery; empty when the file is valid.
  public var diagnostics: [Diagnostic]
}
