internal import CGit2

/// libgit2, initialised once per process.
public enum GitLibrary {
  // libgit2 keeps process-wide state (allocators, search paths, thread-local errors); it is initialised once,
  // lazily and thread-safely through the static `let`, and never shut down.
  private static let initialized: Bool = git_libgit2_init() >= 0

  /// The version of the linked libgit2, as `major.minor.revision`.
  public static var version: String {
    initialize()
    var major: Int32 = 0
    var minor: Int32 = 0
    var revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
  }

  /// Initialises libgit2 if this process has not done it yet; every entry point calls this first.
  static func initialize() {
    _ = initialized
  }
}
