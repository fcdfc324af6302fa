public import DriftbackSyntax

/// A value of an IaC or live resource: null, bool, number (kept with its spelling), string, list or
/// ordered map. Every value remembers the bytes it came from (``span``), which is what back-port edits
/// and report locations are built on; values made up by normalization or shared through a YAML alias
/// have no span.
public struct Value: Sendable {
  /// The kinds of value.
  public enum Kind: Sendable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    case list([Value])
    case map(ValueMap)
  }

  /// What the value is.
  public var kind: Kind
  /// The bytes of the value in its source file, when it has one and an edit may touch it.
  public var span: ByteSpan?

  /// Creates a value.
  public init(_ kind: Kind, span: ByteSpan? = nil) {
    self.kind = kind
    self.span = span
  }

  /// The null value.
  public static let null = Value(.null)
  /// A string value.
  public static func string(_ text: String) -> Value { Value(.string(text)) }
  /// A boolean value.
  public static func bool(_ flag: Bool) -> Value { Value(.bool(flag)) }
  /// An integer value.
  public static func int(_ number: Int) -> Value { Value(.number(Number(number))) }
  /// A list value.
  public static func list(_ items: [Value]) -> Value { Value(.list(items)) }
  /// A map value.
  public static func map(_ map: ValueMap) -> Value { Value(.map(map)) }

  // MARK: - Accessors

  /// The map, when this is a map.
  public var map: ValueMap? {
    if case .map(let map) = kind { return map }
    return nil
  }

  /// The list, when this is a list.
  public var list: [Value]? {
    if case .list(let items) = kind { return items }
    return nil
  }

  /// The string, when this is a string.
  public var string: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  /// The boolean, when this is a bool.
  public var bool: Bool? {
    if case .bool(let flag) = kind { return flag }
    return nil
  }

  /// The number, when this is a number.
  public var number: Number? {
    if case .number(let number) = kind { return number }
    return nil
  }

  /// Whether this is null.
  public var isNull: Bool {
    if case .null = kind { return true }
    return false
  }

  /// Whether this is a scalar (not a list or map).
  public var isScalar: Bool {
    switch kind {
    case .list, .map: false
    default: true
    }
  }

  /// Null, an empty string, an empty list and an empty map: what Kubernetes treats as "not set".
  public var isEmpty: Bool {
    switch kind {
    case .null: true
    case .string(let text): text.isEmpty
    case .list(let items): items.isEmpty
    case .map(let map): map.isEmpty
    default: false
    }
  }

  /// The text of a string, or the spelling of a number or bool; `nil` for null and collections.
  public var scalarText: String? {
    switch kind {
    case .string(let text): text
    case .number(let number): number.text
    case .bool(let flag): flag ? "true" : "false"
    default: nil
    }
  }

  /// The value at a map key, when this is a map.
  public subscript(key: String) -> Value? {
    get { map?[key] }
    set {
      guard case .map(var map) = kind else { return }
      kind = .null
      map[key] = newValue
      kind = .map(map)
    }
  }

  /// Follows map keys.
  public func value(at keys: [String]) -> Value? {
    var current = self
    for key in keys {
      guard let next = current[key] else { return nil }
      current = next
    }
    return current
  }

  /// Mutates the map at this value in place; does nothing when this is not a map.
  public mutating func withMap(_ body: (inout ValueMap) -> Void) {
    guard case .map(var map) = kind else { return }
    kind = .null
    body(&map)
    kind = .map(map)
  }

  /// Mutates the list at this value in place; does nothing when this is not a list.
  public mutating func withList(_ body: (inout [Value]) -> Void) {
    guard case .list(var items) = kind else { return }
    kind = .null
    body(&items)
    kind = .list(items)
  }

  /// The same value with every span removed (for values that are copied elsewhere).
  public var withoutSpans: Value {
    switch kind {
    case .list(let items): Value(.list(items.map(\.withoutSpans)))
    case .map(let map):
      Value(.map(ValueMap(map.entries.map { ValueMap.Entry(key: $0.key, value: $0.value.withoutSpans) })))
    default: Value(kind)
    }
  }
}

// MARK: - Equality

extension Value: Equatable {
  /// Structural equality that ignores spans and number spellings (`1` equals `1.0`), and nothing else.
  public static func == (lhs: Value, rhs: Value) -> Bool {
    switch (lhs.kind, rhs.kind) {
    case (.null, .null): true
    case (.bool(let a), .bool(let b)): a == b
    case (.number(let a), .number(let b)): a == b
    case (.string(let a), .string(let b)): a == b
    case (.list(let a), .list(let b)): a == b
    case (.map(let a), .map(let b)): a == b
    default: false
    }
  }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
  ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
  public init(stringLiteral value: String) { self.init(.string(value)) }
  public init(integerLiteral value: Int) { self.init(.number(Number(value))) }
  public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
  public init(nilLiteral: ()) { self.init(.null) }
  public init(arrayLiteral elements: Value...) { self.init(.list(elements)) }
  public init(dictionaryLiteral elements: (String, Value)...) {
    self.init(.map(ValueMap(elements.map { ValueMap.Entry(key: $0.0, value: $0.1) })))
  }
}
