/// Escapes text for XML 1.0 (the JUnit report). Characters XML 1.0 cannot carry at all (most C0 controls,
/// U+FFFE, U+FFFF) are written as a visible `\u001B`-style escape instead, so that a hostile live value can
/// neither break the document nor vanish without trace; C1 controls (allowed but discouraged) are treated
/// the same way.
enum XMLText {
  /// `text` for character data: `&`, `<` and `>` escaped (`>` too, so `]]>` never appears).
  static func escaped(_ text: String) -> String {
    escape(text, inAttribute: false)
  }

  /// `text` for an attribute value in double quotes: also `"` and `'`, and tab, line feed and carriage return
  /// as character references (a parser would otherwise normalise them to spaces).
  static func attribute(_ text: String) -> String {
    escape(text, inAttribute: true)
  }

  private static func escape(_ text: String, inAttribute: Bool) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where inAttribute: out += "&quot;"
      case "'" where inAttribute: out += "&apos;"
      case "\t" where inAttribute: out += "&#9;"
      case "\n" where inAttribute: out += "&#10;"
      case "\r": out += "&#13;"
      case "\t", "\n": out.unicodeScalars.append(scalar)
      default:
        if isForbidden(scalar) {
          out += visibleEscape(scalar)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// Whether XML 1.0 forbids the character (or discourages it, for the C1 controls and DEL), or it is a
  /// bidirectional control, which would reorder what a CI page shows.
  private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  private static func visibleEscape(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
