import DriftbackSyntax

/// A value during evaluation: like ``Value`` but with *unknown* (cannot be known from the files) and
/// *invalid* (an evaluation error, which `try` and `can` can catch), an origin and a sensitivity mark.
struct TerraformValue: Sendable {
  indirect enum Kind: Sendable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    /// Tuples, lists and sets.
    case list([TerraformValue])
    /// Objects and maps.
    case map(TerraformObject)
    case unknown
    case invalid(String)
  }

  var kind: Kind
  /// Where the value comes from; `nil` inherits the origin of the enclosing value or expression.
  var origin: TerraformValueOrigin?
  /// Whether the value comes from a sensitive variable.
  var isSensitive = false

  init(_ kind: Kind, origin: TerraformValueOrigin? = nil, isSensitive: Bool = false) {
    self.kind = kind
    self.origin = origin
    self.isSensitive = isSensitive
  }

  static let unknown = TerraformValue(.unknown)
  static let null = TerraformValue(.null)
  static func invalid(_ reason: String) -> TerraformValue { TerraformValue(.invalid(reason)) }
  static func string(_ text: String) -> TerraformValue { TerraformValue(.string(text)) }
  static func bool(_ flag: Bool) -> TerraformValue { TerraformValue(.bool(flag)) }
  static func int(_ value: Int) -> TerraformValue { TerraformValue(.number(Number(value))) }
  static func list(_ items: [TerraformValue]) -> TerraformValue { TerraformValue(.list(items)) }
  static func map(_ object: TerraformObject) -> TerraformValue { TerraformValue(.map(object)) }

  // MARK: Accessors

  var isUnknown: Bool {
    if case .unknown = kind { return true }
    return false
  }

  var isInvalid: Bool {
    if case .invalid = kind { return true }
    return false
  }

  /// Unknown or invalid: nothing can be computed from it.
  var isUnusable: Bool { isUnknown || isInvalid }

  var isNull: Bool {
    if case .null = kind { return true }
    return false
  }

  var list: [TerraformValue]? {
    if case .list(let items) = kind { return items }
    return nil
  }

  var object: TerraformObject? {
    if case .map(let object) = kind { return object }
    return nil
  }

  var bool: Bool? {
    switch kind {
    case .bool(let flag): flag
    case .string("true"): true
    case .string("false"): false
    default: nil
    }
  }

  /// The value as a number, converting strings the way Terraform does.
  var number: Number? {
    switch kind {
    case .number(let number): number
    case .string(let text): TerraformValue.parseNumber(text)
    default: nil
    }
  }

  /// The value as a string, converting numbers and bools the way Terraform does.
  var string: String? {
    switch kind {
    case .string(let text): text
    case .number(let number): TerraformValue.canonicalText(number)
    case .bool(let flag): flag ? "true" : "false"
    default: nil
    }
  }

  /// Whether the value or anything in it is unknown or invalid.
  var containsUnusable: Bool {
    switch kind {
    case .unknown, .invalid: true
    case .list(let items): items.contains { $0.containsUnusable }
    case .map(let object): object.values.values.contains { $0.containsUnusable }
    default: false
    }
  }

  /// The first problem in the value: invalid wins over unknown, so that `try` sees errors.
  var firstUnusable: TerraformValue? {
    switch kind {
    case .unknown, .invalid: return self
    case .list(let items):
      var found: TerraformValue?
      for item in items {
        if let problem = item.firstUnusable {
          if problem.isInvalid { return problem }
          found = found ?? problem
        }
      }
      return found
    case .map(let object):
      var found: TerraformValue?
      for key in object.keys {
        if let problem = object.values[key]?.firstUnusable {
          if problem.isInvalid { return problem }
          found = found ?? problem
        }
      }
      return found
    default: return nil
    }
  }

  /// Whether the value or anything in it is sensitive.
  var containsSensitive: Bool {
    if isSensitive { return true }
    switch kind {
    case .list(let items): return items.contains { $0.containsSensitive }
    case .map(let object): return object.values.values.contains { $0.containsSensitive }
    default: return false
    }
  }

  /// Structural equality over known values; `nil` when either side is not fully known.
  func equals(_ other: TerraformValue) -> Bool? {
    switch (kind, other.kind) {
    case (.unknown, _), (_, .unknown), (.invalid, _), (_, .invalid): return nil
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.list(let a), .list(let b)):
      guard a.count == b.count else { return false }
      for (x, y) in zip(a, b) {
        guard let same = x.equals(y) else { return nil }
        if !same { return false }
      }
      return true
    case (.map(let a), .map(let b)):
      guard a.count == b.count else { return false }
      for key in a.keys {
        guard let x = a.values[key], let y = b.values[key] else { return false }
        guard let same = x.equals(y) else { return nil }
        if !same { return false }
      }
      return true
    default: return false
    }
  }

  // MARK: Numbers

  /// Parses a Terraform number spelling (decimal, optional fraction and exponent).
  static func parseNumber(_ text: String) -> Number? {
    let trimmed = text
    guard !trimmed.isEmpty, trimmed.utf8.count < 400 else { return nil }
    if let integer = Int64(trimmed) { return Number(text: trimmed, integer: integer, double: Double(integer)) }
    guard trimmed.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || [0x2E, 0x2D, 0x2B, 0x65, 0x45].contains($0) }),
      let double = Double(trimmed), double.isFinite
    else { return nil }
    return Number(text: trimmed, integer: nil, double: double)
  }

  /// A number computed by an operator or function, spelled the way Terraform prints it.
  static func number(_ double: Double) -> TerraformValue {
    guard double.isFinite else { return .invalid("the result is not a finite number") }
    if double == double.rounded(), abs(double) < 9.0e15 {
      let integer = Int64(double)
      return TerraformValue(.number(Number(text: String(integer), integer: integer, double: double)))
    }
    return TerraformValue(.number(Number(text: "\(double)", integer: nil, double: double)))
  }

  /// An integer result, or the double one when the integer arithmetic overflowed.
  static func number(_ integer: Int64?, orDouble double: Double) -> TerraformValue {
    if let integer {
      return TerraformValue(.number(Number(text: String(integer), integer: integer, double: Double(integer))))
    }
    return number(double)
  }

  /// How Terraform writes a number in a string: `1.50` as `1.5`, `1e3` as `1000`.
  static func canonicalText(_ number: Number) -> String {
    if let integer = number.integer { return String(integer) }
    let double = number.double
    if double == double.rounded(), abs(double) < 9.0e15 { return String(Int64(double)) }
    return "\(double)"
  }
}

/// An object or map: keys in insertion order plus a dictionary, so that lookups and `merge` stay linear.
struct TerraformObject: Sendable {
  private(set) var keys: [String] = []
  private(set) var values: [String: TerraformValue] = [:]

  init() {}

  var count: Int { keys.count }
  var isEmpty: Bool { keys.isEmpty }
  /// Keys in lexical order, the order in which Terraform iterates maps and objects.
  var sortedKeys: [String] { keys.sorted() }

  subscript(key: String) -> TerraformValue? {
    get { values[key] }
    set {
      if let newValue {
        if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if values.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }
}

// MARK: - Conversion from live values

extension TerraformValue {
  /// A live value (from the state) as an evaluation value.
  init(live value: Value) {
    switch value.kind {
    case .null: self.init(.null)
    case .bool(let flag): self.init(.bool(flag))
    case .number(let number): self.init(.number(number))
    case .string(let text): self.init(.string(text))
    case .list(let items): self.init(.list(items.map { TerraformValue(live: $0) }))
    case .map(let map):
      var object = TerraformObject()
      for entry in map.entries { object[entry.key] = TerraformValue(live: entry.value) }
      self.init(.map(object))
    }
  }
}
