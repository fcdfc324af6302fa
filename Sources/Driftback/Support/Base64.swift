/// Standard base64 (RFC 4648 §4, with padding), for comparing a Secret's `stringData` with its `data`.
enum Base64 {
  private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

  /// The base64 text of bytes.
  static func encode(_ bytes: some Collection<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity((bytes.count + 2) / 3 * 4)
    var iterator = bytes.makeIterator()
    while let first = iterator.next() {
      let second = iterator.next()
      let third = iterator.next()
      let chunk = UInt32(first) << 16 | UInt32(second ?? 0) << 8 | UInt32(third ?? 0)
      out.append(alphabet[Int(chunk >> 18 & 0x3F)])
      out.append(alphabet[Int(chunk >> 12 & 0x3F)])
      out.append(second == nil ? 0x3D : alphabet[Int(chunk >> 6 & 0x3F)])
      out.append(third == nil ? 0x3D : alphabet[Int(chunk & 0x3F)])
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The bytes of a base64 text (standard or URL alphabet, padding optional, whitespace ignored); nil
  /// when it is not base64.
  static func decode(_ text: String) -> [UInt8]? {
    var out: [UInt8] = []
    var buffer: UInt32 = 0
    var bits = 0
    var padding = false
    for byte in text.utf8 {
      let sextet: UInt8
      switch byte {
      case 0x41...0x5A: sextet = byte - 0x41
      case 0x61...0x7A: sextet = byte - 0x61 + 26
      case 0x30...0x39: sextet = byte - 0x30 + 52
      case 0x2B, 0x2D: sextet = 62
      case 0x2F, 0x5F: sextet = 63
      case 0x3D:
        padding = true
        continue
      case 0x20, 0x0A, 0x0D, 0x09: continue
      default: return nil
      }
      if padding { return nil }
      buffer = buffer << 6 | UInt32(sextet)
      bits += 6
      if bits >= 8 {
        bits -= 8
        out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
        buffer &= (1 << UInt32(bits)) - 1
      }
    }
    return out
  }
}
