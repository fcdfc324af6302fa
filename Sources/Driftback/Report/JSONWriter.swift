/// Writes values as JSON: keys sorted, two-space indentation, numbers valid JSON whatever their YAML
/// spelling (`0644` becomes `420`).
public enum JSONWriter {
  /// Pretty JSON text with sorted keys, ending with a newline.
  public static func write(_ value: Value, sortKeys: Bool = true) -> String {
    var out = ""
    write(value, indent: 0, sortKeys: sortKeys, into: &out)
    out += "\n"
    return out
  }

  /// One-line JSON text.
  public static func compact(_ value: Value, sortKeys: Bool = false) -> String {
    var out = ""
    write(value, indent: nil, sortKeys: sortKeys, into: &out)
    return out
  }

  static func write(_ value: Value, indent: Int?, sortKeys: Bool, into out: inout String) {
    switch value.kind {
    case .null: out += "null"
    case .bool(let flag): out += flag ? "true" : "false"
    case .number(let number): out += jsonNumber(number)
    case .string(let text): out += JSONText.quoted(text)
    case .list(let items):
      if items.isEmpty {
        out += "[]"
        return
      }
      out += "["
      for (index, item) in items.enumerated() {
        if index > 0 { out += "," }
        newline(indent.map { $0 + 1 }, into: &out)
        write(item, indent: indent.map { $0 + 1 }, sortKeys: sortKeys, into: &out)
      }
      newline(indent, into: &out)
      out += "]"
    case .map(let map):
      if map.isEmpty {
        out += "{}"
        return
      }
      out += "{"
      let entries = sortKeys ? map.entries.sorted { $0.key < $1.key } : map.entries
      for (index, entry) in entries.enumerated() {
        if index > 0 { out += "," }
        newline(indent.map { $0 + 1 }, into: &out)
        out += JSONText.quoted(entry.key)
        out += indent == nil ? ":" : ": "
        write(entry.value, indent: indent.map { $0 + 1 }, sortKeys: sortKeys, into: &out)
      }
      newline(indent, into: &out)
      out += "}"
    }
  }

  private static func newline(_ indent: Int?, into out: inout String) {
    guard let indent else { return }
    out += "\n"
    out += String(repeating: "  ", count: indent)
  }

  /// A JSON spelling of a number.
  static func jsonNumber(_ number: Number) -> String {
    if let integer = number.integer { return String(integer) }
    if isJSONNumber(number.text) { return number.text }
    if number.double.isFinite {
      if number.double == number.double.rounded(), abs(number.double) < 1e15 { return String(Int64(number.double)) }
      return String(number.double)
    }
    return "null"
  }

  private static func isJSONNumber(_ text: String) -> Bool {
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    let bytes = Array(text.utf8)
    var index = 0
    func digits() -> Int {
      let start = index
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
      return index - start
    }
    if index < bytes.count, bytes[index] == 0x2D { index += 1 }
    guard index < bytes.count else { return false }
    if bytes[index] == 0x30 { index += 1 } else if digits() == 0 { return false }
    if index < bytes.count, bytes[index] == 0x2E {
      index += 1
      if digits() == 0 { return false }
    }
    if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
      index += 1
      if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
      if digits() == 0 { return false }
    }
    return index == bytes.count
  }
}
