/// Small helpers for writing JSON text.
public enum JSONText {
  /// `text` as a JSON string literal, with the escapes RFC 8259 requires, plus `\uXXXX` for every scalar
  /// `alsoEscape` names (YAML's double-quoted style uses it for characters YAML does not allow raw).
  public static func quoted(_ text: String, alsoEscape: (Unicode.Scalar) -> Bool = { _ in false }) -> String {
    var out = "\""
    out.reserveCapacity(text.utf8.count + 2)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 || alsoEscape(scalar) {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
    return out
  }

  /// The content of a JSON string literal, or `nil` when it is not one.
  public static func unquote(_ literal: String) -> String? {
    var scalars = Array(literal.unicodeScalars)
    guard scalars.count >= 2, scalars.first == "\"", scalars.last == "\"" else { return nil }
    scalars = Array(scalars[1..<(scalars.count - 1)])
    var out = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      index += 1
      guard scalar == "\\" else {
        out.append(scalar)
        continue
      }
      guard index < scalars.count else { return nil }
      let escape = scalars[index]
      index += 1
      switch escape {
      case "\"": out.append("\"")
      case "\\": out.append("\\")
      case "/": out.append("/")
      case "n": out.append("\n")
      case "r": out.append("\r")
      case "t": out.append("\t")
      case "b": out.append("\u{08}")
      case "f": out.append("\u{0C}")
      case "u":
        guard index + 4 <= scalars.count,
          let code = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + 4)])), radix: 16),
          let decoded = Unicode.Scalar(code)
        else { return nil }
        out.append(decoded)
        index += 4
      default: return nil
      }
    }
    return String(out)
  }

  /// A JSON spelling of a number: its own spelling when that is valid JSON (`1.0`, `1e3`), else the
  /// integer (`0644` → `420`), else the double; `null` for infinities and NaN.
  public static func numberLiteral(_ number: Number) -> String {
    if isNumber(number.text) { return number.text }
    if let integer = number.integer { return String(integer) }
    return number.double.isFinite ? String(number.double) : "null"
  }

  /// Whether `text` is a JSON number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
  public static func isNumber(_ text: String) -> Bool {
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
      guard digits() > 0 else { return false }
    }
    if index < bytes.count, bytes[index] == 0x65 || bytes[index] == 0x45 {
      index += 1
      if index < bytes.count, bytes[index] == 0x2B || bytes[index] == 0x2D { index += 1 }
      guard digits() > 0 else { return false }
    }
    return index == bytes.count
  }
}
