/// A glob over resource addresses (design.md's address syntax): `*` matches any run of characters within one
/// `/`-separated part (`Deployment.apps/*/web`, `aws_instance.app[*]`, `*.apps/*/*`), `**` any run at all,
/// `/` included (`**/WebSG`); every other character matches itself. The whole address must match.
public struct AddressGlob: Hashable, Sendable, CustomStringConvertible {
  enum Token: Hashable, Sendable {
    case byte(UInt8)
    /// `*`: any run without `/`.
    case star
    /// `**`: any run.
    case anyRun
  }

  /// The pattern as written.
  public let pattern: String
  let tokens: [Token]

  /// Reads a glob.
  /// - Throws: ``GlobError`` when the pattern is empty.
  public init(_ pattern: String) throws(GlobError) {
    guard !pattern.isEmpty else { throw GlobError("empty resource glob") }
    let bytes = Array(pattern.utf8)
    var tokens: [Token] = []
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x2A {
        var end = index
        while end < bytes.count, bytes[end] == 0x2A { end += 1 }
        tokens.append(end - index >= 2 ? .anyRun : .star)
        index = end
      } else {
        tokens.append(.byte(bytes[index]))
        index += 1
      }
    }
    self.pattern = pattern
    self.tokens = tokens
  }

  /// Whether the address matches the whole glob.
  public func matches(_ address: String) -> Bool {
    let tokens = self.tokens
    return GlobAutomaton.matches(
      tokenCount: tokens.count, elements: address.utf8,
      isStar: { !Self.isByte(tokens[$0]) },
      accepts: { position, byte in
        switch tokens[position] {
        case .byte(let expected): byte == expected
        case .star: byte != 0x2F
        case .anyRun: true
        }
      })
  }

  public var description: String { pattern }

  private static func isByte(_ token: Token) -> Bool {
    if case .byte = token { return true }
    return false
  }
}
