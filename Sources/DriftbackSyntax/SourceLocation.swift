/// A human-facing position in a file: 1-based line and column (columns count UTF-8 bytes, as clang does).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The file path as the user gave it.
  public var file: String
  /// 1-based line number.
  public var line: Int
  /// 1-based column, in UTF-8 bytes from the start of the line.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }

  public var description: String { "\(file):\(line):\(column)" }
}
