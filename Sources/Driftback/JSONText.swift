/// Small helpers for writing JSON text.
public enum JSONText {
  /// `text` as a JSON string literal, with the escapes RFC 8259 requires.
  public static func quoted(_ text: String) -> String {
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
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
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
}
