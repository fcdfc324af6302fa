/// A half-open range of UTF-8 byte offsets into a source file.
///
/// Offsets are stored as 32-bit integers (files are limited to far less than 2 GiB, see ``ParseLimits``):
/// every parsed value carries a span, so its size matters.
public struct ByteSpan: Hashable, Sendable, Comparable, CustomStringConvertible {
  private var storedStart: Int32
  private var storedEnd: Int32

  /// Offset of the first byte.
  public var start: Int {
    get { Int(storedStart) }
    set { storedStart = Int32(clamping: newValue) }
  }

  /// Offset one past the last byte.
  public var end: Int {
    get { Int(storedEnd) }
    set { storedEnd = Int32(clamping: newValue) }
  }

  /// Creates a span; `end` is clamped so that it is never before `start`.
  public init(start: Int, end: Int) {
    storedStart = Int32(clamping: start)
    storedEnd = Int32(clamping: max(start, end))
  }

  /// The number of bytes covered.
  public var count: Int { end - start }

  /// Whether `other` lies entirely inside this span.
  public func contains(_ other: ByteSpan) -> Bool { other.start >= start && other.end <= end }

  /// Whether the two spans share at least one byte, are both empty at the same offset, or one is empty
  /// strictly inside the other.
  public func overlaps(_ other: ByteSpan) -> Bool {
    if count == 0 && other.count == 0 { return start == other.start }
    // An insertion strictly inside a replaced range collides with it; at either edge it does not.
    if count == 0 { return other.start < start && start < other.end }
    if other.count == 0 { return start < other.start && other.start < end }
    return start < other.end && other.start < end
  }

  public static func < (lhs: ByteSpan, rhs: ByteSpan) -> Bool {
    (lhs.start, lhs.end) < (rhs.start, rhs.end)
  }

  public var description: String { "\(start)..<\(end)" }
}
