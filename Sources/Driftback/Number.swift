/// A number as written in a file. The spelling is kept for reports and edits; equality is numeric.
///
/// The three parts live in one shared box, so that a ``Value`` (which every parsed scalar becomes) stays
/// small: most values are strings, and a number inline would make every value twice as large.
public struct Number: Sendable, Hashable, CustomStringConvertible {
  private final class Storage: Sendable {
    let text: String
    let integer: Int64?
    let double: Double

    init(text: String, integer: Int64?, double: Double) {
      self.text = text
      self.integer = integer
      self.double = double
    }
  }

  private let storage: Storage

  /// The original spelling (`0644`, `1.0`, `1e3`).
  public var text: String { storage.text }
  /// The value when it is an integer that fits 64 bits.
  public var integer: Int64? { storage.integer }
  /// The value as a double (exact for integers up to 2^53).
  public var double: Double { storage.double }

  /// Creates a number from its spelling and value.
  public init(text: String, integer: Int64?, double: Double) {
    storage = Storage(text: text, integer: integer, double: double)
  }

  /// Creates an integer.
  public init(_ value: Int) {
    self.init(text: String(value), integer: Int64(value), double: Double(value))
  }

  /// Parses a JSON/YAML decimal spelling; `nil` when the text is not a number.
  public init?(parsing text: String) {
    if let integer = Int64(text) {
      self.init(text: text, integer: integer, double: Double(integer))
    } else if let double = Double(text), double.isFinite, text.utf8.allSatisfy({ Number.isNumberByte($0) }) {
      self.init(text: text, integer: nil, double: double)
    } else {
      return nil
    }
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || byte == 0x2E || byte == 0x2D || byte == 0x2B || byte == 0x65 || byte == 0x45
  }

  public static func == (lhs: Number, rhs: Number) -> Bool {
    if let a = lhs.integer, let b = rhs.integer { return a == b }
    return lhs.double == rhs.double
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(double)
  }

  public var description: String { text }
}
