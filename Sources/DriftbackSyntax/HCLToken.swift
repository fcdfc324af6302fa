/// One token of an HCL native-syntax file.
///
/// The lexer is lossless: every byte of the file, whitespace and comments included, belongs to exactly one
/// token, so concatenating the token texts in order gives the file back byte for byte (the hclwrite
/// approach). There is no end-of-file token.
public struct HCLToken: Hashable, Sendable {
  /// What a token is.
  public enum Kind: UInt8, Hashable, Sendable {
    /// Spaces, tabs, carriage returns not followed by a line feed, and a leading byte order mark.
    case whitespace
    /// `\n` or `\r\n`. Significant in bodies (it ends an attribute), ignored inside brackets.
    case newline
    /// `# …` or `// …`, up to but not including the line break.
    case lineComment
    /// `/* … */`, which may span lines.
    case blockComment
    /// A name such as `resource`, `var`, `true` or `for` (keywords are identifiers in HCL).
    case identifier
    /// A number such as `5`, `3.2` or `1e10`; after a `.` only the digits (a legacy index such as `x.0.1`).
    case number
    case openBrace, closeBrace, openBracket, closeBracket, openParen, closeParen
    case comma, dot, ellipsis, equals, colon, question, fatArrow
    case plus, minus, star, slash, percent, bang
    case equalEqual, notEqual, less, lessEqual, greater, greaterEqual, and, or
    /// The `"` that opens a quoted template.
    case openQuote
    /// The `"` that closes a quoted template.
    case closeQuote
    /// `<<EOT` or `<<-EOT` with the line break that follows it.
    case heredocStart
    /// The line that ends a heredoc: optional indentation and the marker, without the line break after it.
    case heredocEnd
    /// Literal text inside a template, escapes still encoded; in heredocs one token per line at most.
    case templateLiteral
    /// `${` or `${~`.
    case templateInterpolation
    /// `%{` or `%{~`.
    case templateControl
    /// The `}` or `~}` that closes a template interpolation or directive.
    case templateSequenceEnd
    /// A byte sequence that is not HCL (a stray character, an unterminated comment, a malformed `<<`).
    case invalid
  }

  /// The kind of token.
  public var kind: Kind
  /// The bytes the token covers.
  public var span: ByteSpan

  /// Creates a token.
  public init(kind: Kind, span: ByteSpan) {
    self.kind = kind
    self.span = span
  }

  /// Whether the parser skips the token everywhere (whitespace and comments).
  public var isTrivia: Bool {
    switch kind {
    case .whitespace, .lineComment, .blockComment: true
    default: false
    }
  }
}
