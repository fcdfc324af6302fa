/// Escaping for HTML: every value a report shows goes through here, in element text and in double-quoted
/// attribute values alike, so a hostile resource name, path or value (`</script>`, `"onmouseover=`, `]]>`)
/// stays text.
enum HTMLText {
  /// `text` safe as element content or inside a double-quoted attribute (inline SVG included): `&`, `<`,
  /// `>`, `"` and `'` become character references; control and bidirectional-override characters (which
  /// could hide or reorder what a reader sees) become visible `\u{…}` escapes.
  static func escape(_ text: some StringProtocol) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\n", "\t": out.unicodeScalars.append(scalar)
      default:
        if isHidden(scalar) {
          out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// `text` escaped like ``escape(_:)``, with a line-break opportunity (`<wbr>`) after each `/`, `.`, `,` and
  /// `_`, so long addresses and paths wrap at their separators rather than mid-word. Element content only.
  static func breakable(_ text: some StringProtocol) -> String {
    var out = ""
    var piece = ""
    for character in text {
      piece.append(character)
      if character == "/" || character == "." || character == "," || character == "_" {
        out += escape(piece) + "<wbr>"
        piece = ""
      }
    }
    return out + escape(piece)
  }

  /// Whether a scalar is a control, bidirectional-control or non-character that a page would not show as
  /// itself.
  private static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F..<0xA0: true
    case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    case 0xFDD0...0xFDEF, 0xFFFE, 0xFFFF: true
    default: false
    }
  }
}
