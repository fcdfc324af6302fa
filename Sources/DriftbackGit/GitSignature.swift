internal import CGit2

/// Who made a commit and when: git's author or committer line.
public struct GitSignature: Sendable, Hashable {
  /// The person's name, without angle brackets.
  public var name: String
  /// The e-mail address, without angle brackets.
  public var email: String
  /// Seconds since 1970-01-01T00:00:00Z.
  public var time: Int64
  /// The time zone's offset from UTC in minutes (`+0100` is 60).
  public var offsetMinutes: Int32

  /// Creates a signature. It is validated when a commit is made with it.
  public init(name: String, email: String, time: Int64, offsetMinutes: Int32) {
    self.name = name
    self.email = email
    self.time = time
    self.offsetMinutes = offsetMinutes
  }

  /// Parses `Name <email>`, the form `git commit --author` takes.
  ///
  /// - Parameters:
  ///   - text: `Name <email>`; spaces around the name and e-mail are dropped.
  ///   - time: seconds since the epoch.
  ///   - offsetMinutes: the time zone's offset from UTC in minutes.
  /// - Throws: `GitError` of kind `invalidSignature` when the text is not `Name <email>` with a non-empty name
  ///   and e-mail.
  public static func parse(_ text: String, time: Int64, offsetMinutes: Int32) throws -> GitSignature {
    let invalid = { (why: String) in
      GitError(.invalidSignature, attempted: "cannot use '\(text)' as a signature", reason: why)
    }
    let trimmed = text.trimmingWhitespace()
    guard let open = trimmed.firstIndex(of: "<"), trimmed.hasSuffix(">") else {
      throw invalid("expected 'Name <email>'")
    }
    let name = String(trimmed[..<open]).trimmingWhitespace()
    let email = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
      .trimmingWhitespace()
    guard !name.isEmpty else { throw invalid("the name is empty (expected 'Name <email>')") }
    guard !email.isEmpty else { throw invalid("the e-mail is empty (expected 'Name <email>')") }
    let signature = GitSignature(name: name, email: email, time: time, offsetMinutes: offsetMinutes)
    if let problem = signature.problem { throw invalid(problem) }
    return signature
  }
}

// MARK: - libgit2 signatures

extension GitSignature {
  /// Why git would reject or mangle this signature; `nil` when it is fine.
  var problem: String? {
    // libgit2 rejects angle brackets but not line breaks, which would corrupt the commit header.
    let forbidden: Set<Character> = ["<", ">", "\n", "\r", "\0"]
    if name.contains(where: forbidden.contains) || email.contains(where: forbidden.contains) {
      return "neither the name nor the e-mail may contain '<', '>' or a line break"
    }
    if name.trimmingWhitespace().isEmpty || email.trimmingWhitespace().isEmpty {
      return "the name and the e-mail must not be empty"
    }
    return nil
  }

  /// Creates the equivalent `git_signature`; the caller frees it with `git_signature_free`.
  func makeSignature(role: String) throws -> UnsafeMutablePointer<git_signature> {
    let attempted = "cannot use '\(name) <\(email)>' as the \(role)"
    if let problem { throw GitError(.invalidSignature, attempted: attempted, reason: problem) }
    var signature: UnsafeMutablePointer<git_signature>?
    try GitError.check(
      git_signature_new(&signature, name, email, git_time_t(time), Int32(offsetMinutes)), "git_signature_new",
      kind: .invalidSignature, attempted)
    return signature!
  }

  /// Copies a `git_signature`.
  init(_ signature: UnsafePointer<git_signature>) {
    self.init(
      name: String(cString: signature.pointee.name), email: String(cString: signature.pointee.email),
      time: Int64(signature.pointee.when.time), offsetMinutes: Int32(signature.pointee.when.offset))
  }
}
