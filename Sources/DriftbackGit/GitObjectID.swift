internal import CGit2

/// The id of a git object (a SHA-1), as 40 lower-case hexadecimal digits.
public struct GitObjectID: Hashable, Sendable, CustomStringConvertible, Comparable {
  /// The 40 lower-case hexadecimal digits.
  public let hex: String

  /// Creates an id from its full hexadecimal form; `nil` unless `hex` is exactly 40 hexadecimal digits.
  public init?(hex: String) {
    let utf8 = hex.utf8
    guard utf8.count == 40, utf8.allSatisfy({ $0.isHexDigit }) else { return nil }
    self.hex = hex.lowercased()
  }

  /// The full hexadecimal id.
  public var description: String { hex }

  /// Orders ids by their hexadecimal text, for deterministic output.
  public static func < (lhs: GitObjectID, rhs: GitObjectID) -> Bool { lhs.hex < rhs.hex }
}

// MARK: - libgit2 ids

extension GitObjectID {
  /// Creates an id from libgit2's binary form.
  init(_ oid: git_oid) {
    var oid = oid
    var digits = [CChar](repeating: 0, count: 41)
    git_oid_fmt(&digits, &oid)
    self.hex = String(decoding: digits.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Creates an id from a pointer libgit2 returned (never `nil` for the functions used here).
  init(_ oid: UnsafePointer<git_oid>) {
    self.init(oid.pointee)
  }

  /// libgit2's binary form.
  var oid: git_oid {
    var oid = git_oid()
    // `hex` is validated on every path that creates a `GitObjectID`, so parsing cannot fail.
    _ = git_oid_fromstrn(&oid, hex, 40)
    return oid
  }

  /// The first seven digits, as git abbreviates in messages.
  var short: String { String(hex.prefix(7)) }
}

extension UInt8 {
  fileprivate var isHexDigit: Bool {
    (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
  }
}
