/// A problem found in an input, printed the way a compiler prints it:
/// `file:line:col: error: message`, then the source line and a caret.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
  /// How bad the problem is.
  public enum Severity: String, Sendable, Hashable, Comparable {
    case error, warning, note

    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .note: 2
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// Severity of the problem.
  public var severity: Severity
  /// One-line message, lower case first word, no trailing period.
  public var message: String
  /// Where the problem is, when it is tied to a file.
  public var location: SourceLocation?
  /// The text of the offending line, for the snippet; `nil` when not known or withheld.
  public var sourceLine: String?

  /// Creates a diagnostic.
  public init(_ severity: Severity, _ message: String, location: SourceLocation? = nil, sourceLine: String? = nil) {
    self.severity = severity
    self.message = message
    self.location = location
    self.sourceLine = sourceLine
  }

  /// Creates a diagnostic pointing at a byte offset in a source file.
  public init(_ severity: Severity, _ message: String, in file: SourceFile, at offset: Int) {
    let location = file.location(of: offset)
    self.init(severity, message, location: location, sourceLine: file.lineText(location.line - 1))
  }

  /// Creates a diagnostic about a whole file.
  public init(_ severity: Severity, _ message: String, file: String) {
    self.init(severity, message, location: SourceLocation(file: file, line: 0, column: 0))
  }

  /// The compiler-style rendering: header line, then (when known) the source line and a caret.
  public var rendered: String {
    var out = ""
    if let location {
      out += location.file
      if location.line > 0 { out += ":\(location.line):\(location.column)" }
      out += ": "
    }
    out += "\(severity.rawValue): \(message)"
    if let sourceLine, let location, location.line > 0 {
      // Control characters (an escape sequence in a hostile file) are shown as '?', byte for byte, so the
      // caret still lines up.
      let printable = String(
        decoding: sourceLine.utf8.map { $0 < 0x20 && $0 != 0x09 || $0 == 0x7F ? 0x3F : $0 }, as: UTF8.self)
      let line = printable.count > 200 ? String(printable.prefix(200)) + "…" : printable
      out += "\n" + line + "\n"
      // Keep tabs so the caret lines up under tab-indented text.
      var caret = ""
      var column = 1
      for byte in line.utf8 where column < location.column {
        if byte & 0xC0 != 0x80 { caret.append(byte == 0x09 ? "\t" : " ") }
        column += 1
      }
      out += caret + "^"
    }
    return out
  }

  public var description: String { rendered }
}
