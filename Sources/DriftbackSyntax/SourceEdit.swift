/// A change to a source file: replace the bytes of `span` with `replacement`. An insertion is an edit
/// with an empty span.
public struct SourceEdit: Hashable, Sendable {
  /// The bytes to replace.
  public var span: ByteSpan
  /// The new text.
  public var replacement: String

  /// Creates an edit.
  public init(span: ByteSpan, replacement: String) {
    self.span = span
    self.replacement = replacement
  }

  /// An insertion at `offset`.
  public static func insert(_ text: String, at offset: Int) -> SourceEdit {
    SourceEdit(span: ByteSpan(start: offset, end: offset), replacement: text)
  }
}

/// Applies edits to original text. Edits may come in any order; overlapping edits are refused.
public enum SourceEditApplier {
  /// Why a set of edits cannot be applied.
  public enum Failure: Error, Hashable, Sendable, CustomStringConvertible {
    /// Two edits touch the same bytes (or insert at the same offset).
    case overlap(SourceEdit, SourceEdit)
    /// An edit reaches outside the text.
    case outOfBounds(SourceEdit)

    public var description: String {
      switch self {
      case .overlap(let a, let b): "edits overlap at bytes \(a.span) and \(b.span)"
      case .outOfBounds(let edit): "edit at bytes \(edit.span) is outside the file"
      }
    }
  }

  /// Returns the bytes with every edit applied.
  /// - Throws: ``Failure`` when edits overlap or fall outside the text.
  public static func apply(_ edits: [SourceEdit], to bytes: [UInt8]) throws(Failure) -> [UInt8] {
    let sorted = edits.sorted { $0.span < $1.span }
    for (previous, next) in zip(sorted, sorted.dropFirst())
    where previous.span.end > next.span.start
      || previous.span == next.span
    {
      throw .overlap(previous, next)
    }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count + sorted.reduce(0) { $0 + $1.replacement.utf8.count })
    var cursor = 0
    for edit in sorted {
      guard edit.span.start >= 0, edit.span.end <= bytes.count else { throw .outOfBounds(edit) }
      output.append(contentsOf: bytes[cursor..<edit.span.start])
      output.append(contentsOf: edit.replacement.utf8)
      cursor = edit.span.end
    }
    output.append(contentsOf: bytes[cursor...])
    return output
  }

  /// Returns the text with every edit applied.
  public static func apply(_ edits: [SourceEdit], to text: String) throws(Failure) -> String {
    String(decoding: try apply(edits, to: Array(text.utf8)), as: UTF8.self)
  }
}
