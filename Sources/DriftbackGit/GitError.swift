internal import CGit2

/// A libgit2 operation that failed, with what was attempted and why.
///
/// The description reads `what was attempted: why`, for example
/// `cannot resolve revision 'nope' in /srv/iac: revspec 'nope' not found`.
public struct GitError: Error, CustomStringConvertible, Sendable, Hashable {
  /// What kind of failure this is, for callers that react to some of them.
  public var kind: Kind
  /// What was attempted, as a sentence fragment starting with "cannot …".
  public var attempted: String
  /// Why it failed: libgit2's `git_error_last()` text, or driftback's own reason.
  public var reason: String
  /// The libgit2 function that failed; `nil` when driftback refused before calling libgit2.
  public var function: String?
  /// libgit2's return code (`GIT_ENOTFOUND` is -3, `GIT_EEXISTS` is -4); `nil` when libgit2 was not called.
  public var code: Int32?
  /// libgit2's error class (`git_error_t`); `nil` when libgit2 did not report one.
  public var errorClass: Int32?

  /// Creates an error.
  public init(
    _ kind: Kind, attempted: String, reason: String, function: String? = nil, code: Int32? = nil,
    errorClass: Int32? = nil
  ) {
    self.kind = kind
    self.attempted = attempted
    self.reason = reason
    self.function = function
    self.code = code
    self.errorClass = errorClass
  }

  /// `attempted: reason`.
  public var description: String { "\(attempted): \(reason)" }
}

// MARK: - libgit2 results

extension GitError {
  /// An error for a failed libgit2 call, carrying the thread's `git_error_last()`.
  static func libgit2(_ code: Int32, function: String, kind: Kind = .library, attempted: String) -> GitError {
    var reason = "\(function) failed with code \(code)"
    var errorClass: Int32?
    if let last = git_error_last(), let message = last.pointee.message {
      let text = String(cString: message).trimmingWhitespace()
      if !text.isEmpty { reason = text }
      errorClass = last.pointee.klass
    }
    return GitError(kind, attempted: attempted, reason: reason, function: function, code: code, errorClass: errorClass)
  }

  /// Throws when a libgit2 call returned a negative code.
  static func check(
    _ code: Int32, _ function: String, kind: Kind = .library, _ attempted: @autoclosure () -> String
  ) throws {
    if code < 0 { throw libgit2(code, function: function, kind: kind, attempted: attempted()) }
  }
}
