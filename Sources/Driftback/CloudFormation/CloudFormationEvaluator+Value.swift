import DriftbackSyntax

/// A value during evaluation: known (with the spans of literals and the origins of computed parts), unknown,
/// or `AWS::NoValue` (which removes its key or list item).
struct CloudFormationIntermediate: Sendable {
  /// One map entry.
  struct Field: Sendable {
    var key: String
    var keySpan: ByteSpan?
    var value: CloudFormationIntermediate
  }

  enum Kind: Sendable {
    case null
    case bool(Bool)
    case number(Number)
    case string(String)
    case list([CloudFormationIntermediate])
    case map([Field])
    case unknown
    case noValue
  }

  var kind: Kind
  /// The bytes of a literal; `nil` for values made by an intrinsic.
  var span: ByteSpan?
  /// Where a non-literal value comes from; `nil` for literals and for parts that inherit their parent's.
  var origin: CloudFormationValueOrigin?
  /// Whether this value (or a part of it) comes from a `NoEcho` parameter.
  var isSensitive = false

  init(
    _ kind: Kind, span: ByteSpan? = nil, origin: CloudFormationValueOrigin? = nil, isSensitive: Bool = false
  ) {
    self.kind = kind
    self.span = span
    self.origin = origin
    self.isSensitive = isSensitive
  }

  static let unknown = CloudFormationIntermediate(.unknown)
  static let noValue = CloudFormationIntermediate(.noValue)

  /// A known value built from `inputs`: sensitive when any of them is.
  static func computed(
    _ kind: Kind, function: String, from inputs: [CloudFormationIntermediate]
  ) -> CloudFormationIntermediate {
    CloudFormationIntermediate(
      kind, origin: .computed(function: function), isSensitive: inputs.contains(where: \.containsSensitive))
  }

  /// A plain value (a mapping value, a literal) as an intermediate that keeps its spans.
  init(literal value: Value) {
    switch value.kind {
    case .null: self.init(.null, span: value.span)
    case .bool(let flag): self.init(.bool(flag), span: value.span)
    case .number(let number): self.init(.number(number), span: value.span)
    case .string(let text): self.init(.string(text), span: value.span)
    case .list(let items): self.init(.list(items.map { CloudFormationIntermediate(literal: $0) }), span: value.span)
    case .map(let map):
      self.init(
        .map(
          map.entries.map {
            Field(key: $0.key, keySpan: $0.keySpan, value: CloudFormationIntermediate(literal: $0.value))
          }),
        span: value.span)
    }
  }

  // MARK: - Queries

  var isUnknown: Bool {
    if case .unknown = kind { return true }
    return false
  }

  var isNoValue: Bool {
    if case .noValue = kind { return true }
    return false
  }

  /// Whether this turns into an unknown path as a whole: unknown, or a list with such an item.
  var isUnknownAsWhole: Bool {
    switch kind {
    case .unknown: true
    case .list(let items): items.contains(where: \.isUnknownAsWhole)
    default: false
    }
  }

  /// Whether this is known all the way down.
  var isFullyKnown: Bool {
    switch kind {
    case .unknown, .noValue: false
    case .list(let items): items.allSatisfy(\.isFullyKnown)
    case .map(let fields): fields.allSatisfy { $0.value.isFullyKnown || $0.value.isNoValue }
    default: true
    }
  }

  var containsSensitive: Bool {
    if isSensitive { return true }
    switch kind {
    case .list(let items): return items.contains(where: \.containsSensitive)
    case .map(let fields): return fields.contains { $0.value.containsSensitive }
    default: return false
    }
  }

  /// The text of a string, number or boolean (CloudFormation passes every scalar as text).
  var scalarText: String? {
    switch kind {
    case .string(let text): text
    case .number(let number): number.text
    case .bool(let flag): flag ? "true" : "false"
    default: nil
    }
  }

  /// The text of a string.
  var string: String? {
    if case .string(let text) = kind { return text }
    return nil
  }

  /// The items of a list without `AWS::NoValue` items.
  var items: [CloudFormationIntermediate]? {
    if case .list(let items) = kind { return items.filter { !$0.isNoValue } }
    return nil
  }

  /// A short name of the kind for messages.
  var kindName: String {
    switch kind {
    case .null: "null"
    case .bool: "a boolean"
    case .number: "a number"
    case .string: "a string"
    case .list: "a list"
    case .map: "a map"
    case .unknown: "unknown"
    case .noValue: "AWS::NoValue"
    }
  }

  // MARK: - Rewriting

  /// The value as produced by `function`: spans dropped everywhere (an edit of the text it came from is not a
  /// plain back-port), the origin set on top unless the value already has one; parts with their own origin
  /// keep it.
  func produced(by function: String) -> CloudFormationIntermediate {
    var copy = withoutSpans
    if copy.origin == nil, !copy.isUnknown, !copy.isNoValue { copy.origin = .computed(function: function) }
    return copy
  }

  var withoutSpans: CloudFormationIntermediate {
    var copy = self
    copy.span = nil
    switch kind {
    case .list(let items): copy.kind = .list(items.map(\.withoutSpans))
    case .map(let fields):
      copy.kind = .map(fields.map { Field(key: $0.key, keySpan: nil, value: $0.value.withoutSpans) })
    default: break
    }
    return copy
  }

  /// Canonical text for comparisons in `Fn::Equals`: scalars by their text, collections structurally.
  var comparisonKey: String? {
    switch kind {
    case .null: return "null"
    case .bool, .number, .string: return scalarText.map { JSONText.quoted($0) }
    case .list(let items):
      var parts: [String] = []
      for item in items where !item.isNoValue {
        guard let key = item.comparisonKey else { return nil }
        parts.append(key)
      }
      return "[" + parts.joined(separator: ",") + "]"
    case .map(let fields):
      var parts: [String] = []
      for field in fields.sorted(by: { $0.key < $1.key }) where !field.value.isNoValue {
        guard let key = field.value.comparisonKey else { return nil }
        parts.append(JSONText.quoted(field.key) + ":" + key)
      }
      return "{" + parts.joined(separator: ",") + "}"
    case .unknown, .noValue: return nil
    }
  }

  /// Compact JSON text, keys in source order (`Fn::ToJsonString`); `nil` when a part is unknown.
  var jsonText: String? {
    switch kind {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let number): return JSONText.numberLiteral(number)
    case .string(let text): return JSONText.quoted(text)
    case .list(let items):
      var parts: [String] = []
      for item in items where !item.isNoValue {
        guard let text = item.jsonText else { return nil }
        parts.append(text)
      }
      return "[" + parts.joined(separator: ",") + "]"
    case .map(let fields):
      var parts: [String] = []
      for field in fields where !field.value.isNoValue {
        guard let text = field.value.jsonText else { return nil }
        parts.append(JSONText.quoted(field.key) + ":" + text)
      }
      return "{" + parts.joined(separator: ",") + "}"
    case .unknown, .noValue: return nil
    }
  }
}

// MARK: - Conversion

/// Turns an evaluated `Properties` tree into a ``Value``, collecting unknown paths, origins and sensitive
/// paths relative to `Properties`.
struct CloudFormationPropertiesBuilder {
  var unknownPaths: [ValuePath] = []
  var origins: [ValuePath: CloudFormationValueOrigin] = [:]
  var sensitivePaths: [ValuePath] = []

  /// The known part of a value; `nil` when it is unknown (the path is listed) or `AWS::NoValue` (not listed).
  mutating func convert(_ value: CloudFormationIntermediate, path: ValuePath, inSensitive: Bool) -> Value? {
    switch value.kind {
    case .noValue:
      return nil
    case .unknown:
      unknownPaths.append(path)
      return nil
    case .list(let items) where items.contains(where: \.isUnknownAsWhole):
      unknownPaths.append(path)
      return nil
    default:
      break
    }
    if let origin = value.origin { origins[path] = origin }
    let sensitive = inSensitive || value.isSensitive
    if value.isSensitive && !inSensitive { sensitivePaths.append(path) }
    switch value.kind {
    case .null: return Value(.null, span: value.span)
    case .bool(let flag): return Value(.bool(flag), span: value.span)
    case .number(let number): return Value(.number(number), span: value.span)
    case .string(let text): return Value(.string(text), span: value.span)
    case .list(let items):
      var values: [Value] = []
      values.reserveCapacity(items.count)
      for item in items where !item.isNoValue {
        if let converted = convert(item, path: path.appending(index: values.count), inSensitive: sensitive) {
          values.append(converted)
        }
      }
      return Value(.list(values), span: value.span)
    case .map(let fields):
      var map = ValueMap()
      map.entries.reserveCapacity(fields.count)
      for field in fields {
        guard let converted = convert(field.value, path: path.appending(key: field.key), inSensitive: sensitive)
        else { continue }
        map.entries.append(ValueMap.Entry(key: field.key, keySpan: field.keySpan, value: converted))
      }
      return Value(.map(map), span: value.span)
    case .unknown, .noValue:
      return nil
    }
  }
}
