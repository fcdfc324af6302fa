/// A glob over one piece of text in which `*` matches any run of characters (used inside one path segment).
struct TextGlob: Hashable, Sendable {
  /// The glob's bytes; `*` (0x2A) is the wildcard.
  let bytes: [UInt8]

  /// Creates a glob.
  init(_ pattern: String) {
    // Consecutive stars mean the same as one, and one star is one automaton state.
    var bytes: [UInt8] = []
    for byte in pattern.utf8 where !(byte == 0x2A && bytes.last == 0x2A) { bytes.append(byte) }
    self.bytes = bytes
  }

  /// Whether the whole text matches.
  func matches(_ text: String) -> Bool {
    let bytes = self.bytes
    if !bytes.contains(0x2A) { return bytes.elementsEqual(text.utf8) }
    return GlobAutomaton.matches(
      tokenCount: bytes.count, elements: text.utf8, isStar: { bytes[$0] == 0x2A },
      accepts: { position, byte in bytes[position] == 0x2A || bytes[position] == byte })
  }
}
