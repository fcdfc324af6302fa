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
    case .number(let number): out += JSONText.numberLiteral(number)
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

}
