/// A path to a value inside a resource, rendered as design.md specifies:
/// keys joined by `.`; a key that is not `[A-Za-z_][A-Za-z0-9_-]*` is written `["key"]`; list items
/// matched by a key are `[name=web]` or `[containerPort=8080,protocol=TCP]` (values that are not integers
/// or plain words are JSON-quoted); lists with no key use the index `[0]`. The root path renders as `""`.
public struct ValuePath: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// One field of a list item's key.
  public struct KeyField: Hashable, Sendable {
    /// The field name (`containerPort`).
    public var name: String
    /// The field's value as text (`8080`, `TCP`, `webhook.cert-manager.io`).
    public var value: String
    /// Whether the value is a number (then it is always written bare).
    public var isNumber: Bool

    /// Creates a key field.
    public init(name: String, value: String, isNumber: Bool = false) {
      self.name = name
      self.value = value
      self.isNumber = isNumber
    }
  }

  /// One step of a path.
  public enum Segment: Hashable, Sendable {
    /// A map key.
    case key(String)
    /// A list position.
    case index(Int)
    /// A list item found by the values of its key fields.
    case item([KeyField])
  }

  /// The steps from the resource root.
  public var segments: [Segment]

  /// Creates a path.
  public init(_ segments: [Segment] = []) {
    self.segments = segments
  }

  /// The path of the resource itself.
  public static let root = ValuePath()

  /// Whether this is the root path.
  public var isRoot: Bool { segments.isEmpty }

  /// This path with a map key appended.
  public func appending(key: String) -> ValuePath { ValuePath(segments + [.key(key)]) }
  /// This path with a list index appended.
  public func appending(index: Int) -> ValuePath { ValuePath(segments + [.index(index)]) }
  /// This path with a keyed list item appended.
  public func appending(item fields: [KeyField]) -> ValuePath { ValuePath(segments + [.item(fields)]) }
  /// This path with a segment appended.
  public func appending(_ segment: Segment) -> ValuePath { ValuePath(segments + [segment]) }

  /// The path without its last segment.
  public var parent: ValuePath? { segments.isEmpty ? nil : ValuePath(Array(segments.dropLast())) }

  /// Whether `other` equals this path or lies under it.
  public func isPrefix(of other: ValuePath) -> Bool {
    other.segments.count >= segments.count && Array(other.segments.prefix(segments.count)) == segments
  }

  /// The map keys of the path, when it has only keys.
  public var keys: [String]? {
    var keys: [String] = []
    for segment in segments {
      guard case .key(let key) = segment else { return nil }
      keys.append(key)
    }
    return keys
  }

  // MARK: - Rendering

  public var description: String {
    var out = ""
    for segment in segments {
      switch segment {
      case .key(let key):
        if Self.isPlainWord(key) {
          if !out.isEmpty { out += "." }
          out += key
        } else {
          out += "[" + JSONText.quoted(key) + "]"
        }
      case .index(let index):
        out += "[\(index)]"
      case .item(let fields):
        out += "["
        out += fields.map { field in
          field.name + "="
            + (field.isNumber || Self.isInteger(field.value) || Self.isPlainWord(field.value)
              ? field.value : JSONText.quoted(field.value))
        }.joined(separator: ",")
        out += "]"
      }
    }
    return out
  }

  /// `[A-Za-z_][A-Za-z0-9_-]*`
  public static func isPlainWord(_ text: String) -> Bool {
    var iterator = text.utf8.makeIterator()
    guard let first = iterator.next(), isLetter(first) || first == 0x5F else { return false }
    while let byte = iterator.next() {
      guard isLetter(byte) || isDigit(byte) || byte == 0x5F || byte == 0x2D else { return false }
    }
    return true
  }

  static func isInteger(_ text: String) -> Bool {
    var bytes = text.utf8[...]
    if bytes.first == 0x2D { bytes = bytes.dropFirst() }
    return !bytes.isEmpty && bytes.allSatisfy(isDigit)
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  public static func < (lhs: ValuePath, rhs: ValuePath) -> Bool { lhs.description < rhs.description }
}

// MARK: - Parsing

extension ValuePath {
  /// Why a path text cannot be read.
  public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public var message: String
    /// The byte offset in the path text.
    public var offset: Int
    public var description: String { "\(message) at offset \(offset)" }
  }

  /// Reads a path written the way ``description`` writes it.
  /// - Throws: ``ParseError``.
  public init(parsing text: String) throws {
    let bytes = Array(text.utf8)
    var index = 0
    var segments: [Segment] = []
    func fail(_ message: String) -> ParseError { ParseError(message: message, offset: index) }
    func readWord() -> String {
      let start = index
      while index < bytes.count, ![0x2E, 0x5B, 0x5D, 0x3D, 0x2C].contains(bytes[index]) { index += 1 }
      return String(decoding: bytes[start..<index], as: UTF8.self)
    }
    func readQuoted() throws -> String {
      // A JSON string starting at `index`.
      let start = index
      index += 1
      while index < bytes.count, bytes[index] != 0x22 {
        if bytes[index] == 0x5C { index += 1 }
        index += 1
      }
      guard index < bytes.count else { throw fail("unterminated string") }
      index += 1
      guard let value = JSONText.unquote(String(decoding: bytes[start..<index], as: UTF8.self)) else {
        throw fail("invalid string")
      }
      return value
    }
    while index < bytes.count {
      switch bytes[index] {
      case 0x2E:
        index += 1
        let word = readWord()
        guard !word.isEmpty else { throw fail("expected a key after '.'") }
        segments.append(.key(word))
      case 0x5B:
        index += 1
        guard index < bytes.count else { throw fail("unterminated '['") }
        if bytes[index] == 0x22 {
          segments.append(.key(try readQuoted()))
        } else {
          var fields: [KeyField] = []
          var indexValue: Int?
          while true {
            let name = readWord()
            if index < bytes.count, bytes[index] == 0x3D {
              index += 1
              if index < bytes.count, bytes[index] == 0x22 {
                fields.append(KeyField(name: name, value: try readQuoted()))
              } else {
                let value = readWord()
                fields.append(KeyField(name: name, value: value, isNumber: Self.isInteger(value)))
              }
            } else if fields.isEmpty, let position = Int(name) {
              indexValue = position
            } else {
              throw fail("expected '=' in a list item key")
            }
            if index < bytes.count, bytes[index] == 0x2C {
              index += 1
              continue
            }
            break
          }
          if let indexValue { segments.append(.index(indexValue)) } else { segments.append(.item(fields)) }
        }
        guard index < bytes.count, bytes[index] == 0x5D else { throw fail("expected ']'") }
        index += 1
      default:
        guard segments.isEmpty else { throw fail("expected '.' or '['") }
        let word = readWord()
        guard !word.isEmpty else { throw fail("unexpected character") }
        segments.append(.key(word))
      }
    }
    self.segments = segments
  }
}
