internal import CGit2

/// libgit2, initialised once per process.
public enum GitLibrary {
  private static let initialized: Bool = git_libgit2_init() >= 0

  /// The version of the linked libgit2, as `major.minor.revision`.
  public static var version: String {
    _ = initialized
    var major: Int32 = 0
    var minor: Int32 = 0
    var revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
  }
}
