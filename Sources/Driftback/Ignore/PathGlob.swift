/// A glob over value paths (design.md's path syntax), matched segment by segment:
/// - a key (`spec`, `annotations`, `["app.kubernetes.io/name"]`) matches that map key; `*` inside it matches
///   any run of characters of the one key (`tags.Last*`, `labels["app.*"]`), dots included, since a key is
///   one segment however it is written;
/// - `**` as a whole segment matches any run of segments, none included (`spec.**.image`);
/// - `[*]` matches any one list item (`[0]`, `[name=web]`, `[CidrIp="0.0.0.0/0",FromPort=22]`); any other
///   bracket that is not a quoted key (`[0]`, `[name=web]`, `[name=web-*]`) matches a list item whose
///   rendered key is the same text, `*` matching any run;
/// - a path matches everything below it too (`spec.template` matches `spec.template.spec.replicas`), as
///   driftctl's field paths do.
public struct PathGlob: Hashable, Sendable, CustomStringConvertible {
  enum Segment: Hashable, Sendable {
    /// A map key; the glob is matched against the key itself.
    case key(TextGlob)
    /// A list item; the glob is matched against what the path writes between the brackets.
    case item(TextGlob)
    /// `**`.
    case anyRun
  }

  /// The pattern as written.
  public let pattern: String
  let segments: [Segment]

  /// Reads a glob.
  /// - Throws: ``GlobError`` when the pattern is empty or not a path.
  public init(_ pattern: String) throws(GlobError) {
    guard !pattern.isEmpty else { throw GlobError("empty path glob") }
    self.pattern = pattern
    self.segments = try Self.parse(Array(pattern.utf8))
  }

  /// Whether the path is matched by the glob or lies below a path the glob matches.
  public func matches(_ path: ValuePath) -> Bool {
    let segments = self.segments
    return GlobAutomaton.matches(
      tokenCount: segments.count, elements: path.segments, isStar: { segments[$0] == .anyRun },
      accepts: { position, segment in
        switch (segments[position], segment) {
        case (.anyRun, _): true
        case (.key(let glob), .key(let key)): glob.matches(key)
        case (.item(let glob), .index), (.item(let glob), .item): glob.matches(Self.bracketText(of: segment))
        default: false
        }
      }, prefix: true)
  }

  public var description: String { pattern }

  /// What a path writes between the brackets of a list segment (`0`, `name=web`).
  static func bracketText(of segment: ValuePath.Segment) -> String {
    String(ValuePath([segment]).description.dropFirst().dropLast())
  }
}

// MARK: - Parsing

extension PathGlob {
  fileprivate static func parse(_ bytes: [UInt8]) throws(GlobError) -> [Segment] {
    var segments: [Segment] = []
    var index = 0
    func readWord() throws(GlobError) -> Segment {
      let start = index
      while index < bytes.count, bytes[index] != 0x2E, bytes[index] != 0x5B { index += 1 }
      let word = String(decoding: bytes[start..<index], as: UTF8.self)
      guard !word.isEmpty else { throw GlobError("expected a key at offset \(start) of the path glob") }
      if bytes[start..<index].contains(0x5D) { throw GlobError("unexpected ']' in the path glob") }
      return word == "**" ? .anyRun : .key(TextGlob(word))
    }
    while index < bytes.count {
      switch bytes[index] {
      case 0x2E:
        guard !segments.isEmpty else { throw GlobError("a path glob cannot start with '.'") }
        index += 1
        segments.append(try readWord())
      case 0x5B:
        let start = index
        index += 1
        var inQuotes = false
        while index < bytes.count, inQuotes || bytes[index] != 0x5D {
          if bytes[index] == 0x5C, inQuotes {
            index += 1
          } else if bytes[index] == 0x22 {
            inQuotes.toggle()
          }
          index += 1
        }
        guard index < bytes.count else { throw GlobError("unterminated '[' at offset \(start) of the path glob") }
        let inner = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        index += 1
        guard !inner.isEmpty else { throw GlobError("empty '[]' in the path glob") }
        if inner.hasPrefix("\"") {
          guard inner.count >= 2, inner.hasSuffix("\""), let key = JSONText.unquote(inner) else {
            throw GlobError("invalid quoted key \(inner) in the path glob")
          }
          segments.append(.key(TextGlob(key)))
        } else {
          segments.append(.item(TextGlob(inner)))
        }
      default:
        guard segments.isEmpty else {
          throw GlobError("expected '.' or '[' at offset \(index) of the path glob")
        }
        segments.append(try readWord())
      }
    }
    return segments
  }
}
