import DriftbackSyntax

/// Renders ``Value``s as HCL native syntax, laid out the way `terraform fmt` lays them out: `=` aligned in a
/// run of consecutive single-line attributes, two-space nesting (or the unit the caller gives), tuples of
/// scalars on one line.
///
/// Every rendering reads back as the same value: strings are quoted with HCL's escapes, including `$${` and
/// `%%{` so that no text turns into an interpolation or directive.
public enum HCLRenderer {
  /// Whether a name can be written bare, as an identifier (`[A-Za-z_][A-Za-z0-9_-]*`).
  public static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.utf8.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
    return name.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
  }

  /// An attribute or object key: bare when it is an identifier, quoted otherwise.
  public static func key(_ name: String) -> String {
    isIdentifier(name) && !["true", "false", "null"].contains(name) ? name : quoted(name)
  }

  /// A quoted template whose value is exactly `text`.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    var previous: Character?
    for character in text {
      switch character {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "{" where previous == "$" || previous == "%":
        // `${` and `%{` would start an interpolation or a directive: double the marker.
        out.removeLast()
        out += previous == "$" ? "$${" : "%%{"
      default:
        if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16, uppercase: true)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.append(character)
        }
      }
      previous = character
    }
    return out + "\""
  }

  /// A scalar as a literal: strings quoted, numbers as spelled, `true`/`false`, `null`; `nil` for a list or
  /// map.
  public static func scalar(_ value: Value) -> String? {
    switch value.kind {
    case .null: "null"
    case .bool(let flag): flag ? "true" : "false"
    case .number(let number): number.text
    case .string(let text): quoted(text)
    case .list, .map: nil
    }
  }

  /// A value on one line: `[a, b]`, `{ a = 1, b = 2 }`, `{}`.
  public static func inline(_ value: Value) -> String {
    if let text = scalar(value) { return text }
    switch value.kind {
    case .list(let items): return "[" + items.map(inline).joined(separator: ", ") + "]"
    case .map(let map) where map.isEmpty: return "{}"
    case .map(let map):
      return "{ " + map.entries.map { key($0.key) + " = " + inline($0.value) }.joined(separator: ", ") + " }"
    default: return "null"
    }
  }

  /// A value as the right-hand side of an attribute whose line starts with `indent`: scalars and tuples of
  /// scalars on one line, a non-empty map as a multi-line object, a list holding maps as a multi-line tuple.
  public static func expression(_ value: Value, indent: String, unit: String = "  ", newline: String = "\n")
    -> String
  {
    switch value.kind {
    case .map(let map) where !map.isEmpty:
      let inner = attributeLines(map.entries.map { ($0.key, $0.value) }, indent: indent + unit, unit: unit)
      return (["{"] + inner + [indent + "}"]).joined(separator: newline)
    case .list(let items) where items.contains(where: { $0.map != nil || $0.list != nil }):
      let lines = items.map {
        indent + unit + expression($0, indent: indent + unit, unit: unit, newline: newline) + ","
      }
      return (["["] + lines + [indent + "]"]).joined(separator: newline)
    default:
      return inline(value)
    }
  }

  /// `key = value` lines, with `=` aligned in every run of consecutive single-line attributes.
  /// - Parameters:
  ///   - entries: the keys (rendered with ``key(_:)``) and values, in order.
  ///   - indent: the indentation of every line.
  ///   - unit: one level of nesting, for multi-line values.
  /// - Returns: the lines, without line breaks (a multi-line value spans several array elements).
  public static func attributeLines(_ entries: [(String, Value)], indent: String, unit: String = "  ") -> [String] {
    let rendered = entries.map { (key: key($0.0), value: expression($0.1, indent: indent, unit: unit)) }
    var lines: [String] = []
    var index = 0
    while index < rendered.count {
      // One run: consecutive single-line values; a multi-line value stands alone.
      var end = index
      while end < rendered.count, !rendered[end].value.contains("\n") { end += 1 }
      if end == index {
        lines += (indent + rendered[index].key + " = " + rendered[index].value).split(
          separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        index += 1
        continue
      }
      let width = rendered[index..<end].map(\.key.count).max() ?? 0
      for item in rendered[index..<end] {
        lines.append(indent + item.key + String(repeating: " ", count: width - item.key.count) + " = " + item.value)
      }
      index = end
    }
    return lines
  }

  /// A nested block `type { … }` holding `fields`: lists of maps become nested blocks, everything else an
  /// attribute. Null and empty values are left out (the provider's way of writing "unset").
  /// - Parameters:
  ///   - type: the block type, such as `ingress`.
  ///   - fields: the block's attributes and nested blocks.
  ///   - order: attribute names that come first, in this order (the order the file's blocks use).
  ///   - indent: the indentation of the `type {` line.
  ///   - unit: one level of nesting.
  /// - Returns: the lines, without line breaks.
  public static func blockLines(
    type: String, fields: ValueMap, order: [String] = [], indent: String, unit: String = "  "
  ) -> [String] {
    let kept = fields.entries.filter { !$0.value.isDeeplyEmpty }
    let ranked = kept.enumerated().sorted { lhs, rhs in
      let left = order.firstIndex(of: lhs.element.key) ?? order.count
      let right = order.firstIndex(of: rhs.element.key) ?? order.count
      return (left, lhs.offset) < (right, rhs.offset)
    }.map(\.element)
    let isNestedBlock: (Value) -> Bool = { value in
      guard let items = value.list, !items.isEmpty else { return false }
      return items.allSatisfy { $0.map != nil }
    }
    let attributes = ranked.filter { !isNestedBlock($0.value) }
    let blocks = ranked.filter { isNestedBlock($0.value) }
    var lines = [indent + key(type) + " {"]
    lines += attributeLines(attributes.map { ($0.key, $0.value) }, indent: indent + unit, unit: unit)
    for block in blocks {
      for item in block.value.list ?? [] {
        if lines.count > 1 { lines.append("") }
        lines += blockLines(type: block.key, fields: item.map ?? ValueMap(), indent: indent + unit, unit: unit)
      }
    }
    lines.append(indent + "}")
    return lines
  }

  /// The body of a heredoc whose value is `text` (which ends with a line break), each line after `indent`;
  /// `nil` when a line would read as the closing marker.
  static func heredocBody(_ text: String, marker: String, indent: String) -> String? {
    guard text.hasSuffix("\n") else { return nil }
    let lines = text.dropLast().split(separator: "\n", omittingEmptySubsequences: false)
    if lines.contains(where: { $0.trimmingSpaces == marker }) { return nil }
    return lines.map { $0.isEmpty ? "" : indent + $0 }.joined(separator: "\n") + "\n"
  }

  private static func isLetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

extension Substring {
  /// The text without leading and trailing spaces and tabs.
  fileprivate var trimmingSpaces: Substring {
    var text = self
    while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
    while let last = text.last, last == " " || last == "\t" { text.removeLast() }
    return text
  }
}
