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
}
